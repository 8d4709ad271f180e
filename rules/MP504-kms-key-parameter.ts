// KMS key identifiers: https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id
import { parameterRule } from '../src/engine/parameter-rule.js';
import { kmsKeyProblem } from '../src/setup/parameters.js';
import { EXAMPLE_KMS_PARAMS, configOf, json } from './examples.js';

export default parameterRule(
  {
    id: 'MP504',
    name: 'kms-key-parameter',
    title: 'KMS key parameter missing or malformed',
    description: 'With `s3_encryption=kms` Mixpanel needs `s3_kms_key_id`, the ARN of the key to encrypt with; without it the rules cannot check the key policy either. A key id or alias name without the ARN does not say the Region. A key given while `s3_encryption` is not `kms` is ignored by Mixpanel.',
    help: 'Pass `--encryption kms --kms-key arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID` (or `encryption` and `kmsKey` in the config).',
    defaultLevel: 'error',
    tags: ['mixpanel', 'parameters', 'kms'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The key is given by alias, which does not say its Region or account.', files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_KMS_PARAMS, kmsKey: 'alias/mixpanel-export' })) } },
      right: { explanation: 'The key is given as its ARN.', files: { 'mp-s3-lint.config.json': json(configOf(EXAMPLE_KMS_PARAMS)) } },
    },
  },
  (setup, problem) => {
    const { encryption, kmsKey } = setup.params;
    if (encryption === 'kms' && kmsKey === undefined) problem('encryption', 's3_encryption is kms but no KMS key is given; set "kmsKey" in mp-s3-lint.config.json or pass --kms-key.');
    if (kmsKey !== undefined) {
      const reason = kmsKeyProblem(kmsKey);
      if (reason !== undefined) problem('kmsKey', `s3_kms_key_id "${kmsKey}" ${reason}.`);
      else if (encryption !== 'kms') problem('kmsKey', `A KMS key is given but s3_encryption is ${encryption}; Mixpanel ignores the key. Use --encryption kms.`);
    }
  },
);

// SSE-KMS needs a key in the bucket's Region:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
import type { Rule } from '../src/engine/rule.js';
import { regionOfArn } from '../src/setup/mixpanel.js';
import { EXAMPLE_KMS_PARAMS, configOf, json } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP302',
    name: 'kms-key-region',
    title: 'KMS key not in the bucket\'s region',
    description:
      'S3 can encrypt objects only with a KMS key in the same Region as the bucket. The Region in the `--kms-key` ARN must equal `s3_region`; otherwise every upload fails.',
    help: 'Create (or replicate) the key in the bucket\'s Region and pass its ARN as `s3_kms_key_id`.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'kms', 'parameters'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The key is in eu-west-1, the bucket in us-east-1.',
        files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_KMS_PARAMS, kmsKey: EXAMPLE_KMS_PARAMS.kmsKey!.replace('us-east-1', 'eu-west-1') })) },
      },
      right: { explanation: 'The key is in the bucket\'s Region.', files: { 'mp-s3-lint.config.json': json(configOf(EXAMPLE_KMS_PARAMS)) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    const { encryption, kmsKey, region } = setup.params;
    const keyRegion = regionOfArn(kmsKey);
    if (encryption === 'kms' && keyRegion !== undefined && region !== undefined && keyRegion !== region) {
      report({ document: setup.key[0], message: `The KMS key ${kmsKey} is in ${keyRegion} but s3_region is ${region}; S3 needs a key in the bucket's Region.` });
    }
  },
};
export default rule;

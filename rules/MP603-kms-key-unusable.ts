// S3 SSE-KMS needs an enabled symmetric encryption key in the bucket's Region:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
// Key states: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
// The key's metadata comes from live mode (DescribeKey) or a saved `aws kms describe-key` output.
import type { Rule } from '../src/engine/rule.js';
import { awsFacts } from '../src/setup/setup.js';
import { EXAMPLE_KMS_PARAMS, LIVE_COMMAND } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP603',
    name: 'kms-key-unusable',
    title: 'The KMS key cannot encrypt the export',
    description:
      'Live mode reads the key\'s metadata (DescribeKey); in file mode it comes from a saved `aws kms describe-key` output (JSON or YAML) among the setup\'s files. S3 can encrypt with a KMS key only when the key is enabled, is a symmetric encryption key (`SYMMETRIC_DEFAULT`, usage `ENCRYPT_DECRYPT`) and is in the bucket\'s Region. A disabled key, a key pending deletion, an asymmetric or HMAC key, or a key in another Region makes every upload fail.',
    help: 'Enable the key (`aws kms enable-key`), cancel its deletion, or create a symmetric encryption key in the bucket\'s Region and pass its ARN as `--kms-key`.',
    defaultLevel: 'error',
    tags: ['live', 'mixpanel', 'kms'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The key named by `--kms-key` is disabled.', command: `${LIVE_COMMAND} --encryption kms --kms-key ${EXAMPLE_KMS_PARAMS.kmsKey}` },
      right: {
        explanation: 'Enable it (or name an enabled symmetric key in the bucket\'s Region), then check again.',
        command: `aws kms enable-key --key-id ${EXAMPLE_KMS_PARAMS.kmsKey}\n${LIVE_COMMAND} --encryption kms --kms-key ${EXAMPLE_KMS_PARAMS.kmsKey}`,
      },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    const facts = awsFacts(setup);
    const key = facts.key;
    if (key === undefined || setup.params.encryption !== 'kms') return;
    const problems: string[] = [];
    if (!key.enabled || key.keyState !== 'Enabled') problems.push(`its state is ${key.keyState}${key.enabled ? '' : ' (disabled)'}, not Enabled`);
    if (key.keySpec !== 'SYMMETRIC_DEFAULT' || key.keyUsage !== 'ENCRYPT_DECRYPT') problems.push(`it is a ${key.keySpec} key for ${key.keyUsage}, not a symmetric encryption key`);
    const region = facts.bucketRegion ?? setup.params.region;
    if (region !== undefined && key.region !== region) problems.push(`it is in ${key.region}, the bucket in ${region}`);
    const where = key.at === undefined ? { document: setup.key[0] } : { file: key.at.file, range: key.at.range, path: key.at.path };
    if (problems.length > 0) report({ ...where, message: `S3 cannot encrypt the export with the key ${key.arn}: ${problems.join('; ')}.` });
  },
};
export default rule;

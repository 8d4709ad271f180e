// Default bucket encryption applies when an upload carries no encryption header; a header in the
// request overrides it: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html
// With SSE-KMS the uploader needs kms:GenerateDataKey on the key:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#aws-managed-customer-managed-keys
// The default comes from live mode (GetBucketEncryption) or a saved `aws s3api get-bucket-encryption` output.
import type { Rule } from '../src/engine/rule.js';
import { awsFacts } from '../src/setup/setup.js';
import { EXAMPLE_KMS_PARAMS, LIVE_COMMAND } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP602',
    name: 'bucket-default-encryption',
    title: 'Bucket default encryption disagrees with s3_encryption',
    description:
      'Live mode reads the bucket\'s default encryption (GetBucketEncryption); in file mode it comes from a saved `aws s3api get-bucket-encryption` output (JSON or YAML) among the setup\'s files. With `s3_encryption=none` the pipeline sends no encryption header, so a default of SSE-KMS encrypts every upload with the bucket\'s key — and the export role then needs KMS permissions on that key, which are not checked unless you say `--encryption kms --kms-key KEY`. With `s3_encryption=kms`, a default SSE-KMS key other than `--kms-key` means two keys are in play for the same data; the pipeline\'s header wins, but the setup is probably not what was meant.',
    help: 'Make `--encryption`/`--kms-key` (s3_encryption, s3_kms_key_id) match the bucket\'s default encryption, or change the default encryption to match the pipeline.',
    defaultLevel: 'warning',
    tags: ['live', 'mixpanel', 'kms'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The bucket encrypts new objects with an SSE-KMS key by default, but the pipeline sends no encryption.', command: LIVE_COMMAND },
      right: { explanation: 'The pipeline uses that key, so its permissions are checked too.', command: `${LIVE_COMMAND} --encryption kms --kms-key ${EXAMPLE_KMS_PARAMS.kmsKey}` },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    const defaults = awsFacts(setup).bucketEncryption;
    const { encryption, kmsKey, bucket } = setup.params;
    // A saved CLI output is pointed at where it says it; a live read at the bucket policy.
    const where = defaults?.at === undefined ? { document: setup.bucket[0] } : { file: defaults.at.file, range: defaults.at.range, path: defaults.at.path };
    if (defaults?.algorithm !== 'aws:kms' && defaults?.algorithm !== 'aws:kms:dsse') return;
    const defaultKey = defaults.kmsKeyId ?? 'the AWS managed key aws/s3';
    if (encryption === 'none') {
      report({
        ...where,
        message: `The bucket ${bucket} encrypts uploads with SSE-KMS by default (${defaultKey}) and s3_encryption is none, so Mixpanel's uploads are encrypted with that key: the export role needs kms:GenerateDataKey on it, which is not checked.`,
        fix: `--encryption kms --kms-key ${defaults.kmsKeyId ?? 'KEY_ARN'}`,
      });
    } else if (encryption === 'kms' && defaults.kmsKeyId !== undefined && kmsKey !== undefined && !sameKey(defaults.kmsKeyId, kmsKey)) {
      report({ ...where, message: `The bucket's default SSE-KMS key is ${defaults.kmsKeyId}, but the pipeline encrypts with ${kmsKey}; uploads use the pipeline's key, other writers the default one.` });
    }
  },
};

/** A default key may be given as a key id, key ARN or alias; compare the key ids where both are ids or ARNs. */
function sameKey(a: string, b: string): boolean {
  const id = (key: string) => key.slice(key.lastIndexOf('/') + 1);
  return a === b || (!a.includes('alias/') && !b.includes('alias/') && id(a) === id(b));
}
export default rule;

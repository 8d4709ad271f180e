// Values a key policy may test that the documents do not give (the encryption context with or
// without S3 Bucket Keys, the key behind an alias): "AWS KMS condition keys",
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html; "Reducing the cost of
// SSE-KMS with Amazon S3 Bucket Keys", https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
import { undecidedRule } from '../src/engine/undecided-rule.js';

export default undecidedRule(
  {
    id: 'MP304',
    name: 'key-policy-undecided',
    title: 'Whether the export role may use the key depends on a value the documents do not give',
    description:
      "A key-policy statement decides one of the KMS requests S3 makes for the export role through a value that neither the documents nor the parameters give: the encryption context (the object ARN, or the bucket ARN when S3 Bucket Keys are on), the key behind an alias, the role's tags or organization. mp-s3-lint does not guess either way: the answer is undecided, reported here, and --create refuses until it is settled.",
    help: 'Add what settles the value (an `aws s3api get-bucket-encryption` output for Bucket Keys, the key ARN instead of an alias, or live mode), or allow both encryption contexts (`arn:aws:s3:::BUCKET` and `arn:aws:s3:::BUCKET/*`).',
    defaultLevel: 'warning',
    tags: ['mixpanel', 'kms', 'access', 'undecided'],
    precision: 'high',
    since: '0.1.0',
  },
  'key',
);

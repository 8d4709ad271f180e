// Values a key policy may test that the documents do not give (the encryption context with or
// without S3 Bucket Keys, the key behind an alias): "AWS KMS condition keys",
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html; "Reducing the cost of
// SSE-KMS with Amazon S3 Bucket Keys", https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
import { undecidedRule } from '../src/engine/undecided-rule.js';
import { EXAMPLE_KMS_PARAMS, KEY_ADMINS, json, policy } from './examples.js';
import { keyPolicyStatement } from '../src/setup/statements.js';
import { KMS_ACTIONS } from '../src/setup/mixpanel.js';

/** The export role's statement for the actions S3 calls with an encryption context; DescribeKey has none and gets its own. */
const ROLE_STATEMENT = { ...keyPolicyStatement(EXAMPLE_KMS_PARAMS), Action: KMS_ACTIONS.filter((action) => action !== 'kms:DescribeKey') };
const DESCRIBE_KEY = { Sid: 'Allow the export role to describe the key', Effect: 'Allow', Principal: { AWS: EXAMPLE_KMS_PARAMS.role }, Action: 'kms:DescribeKey', Resource: '*' };

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
    examples: {
      wrong: {
        explanation: 'The key policy lets the role use the key only for objects (`BUCKET/*`); with S3 Bucket Keys on, S3 asks with the bucket\'s ARN instead, and the documents do not say whether they are on.',
        files: { 'key-policy.json': json(policy([KEY_ADMINS, { ...ROLE_STATEMENT, Condition: { StringLike: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::my-export-bucket/*' } } }, DESCRIBE_KEY])) },
      },
      right: {
        explanation: 'Both encryption contexts are allowed: the objects and the bucket.',
        files: {
          'key-policy.json': json(
            policy([
              KEY_ADMINS,
              { ...ROLE_STATEMENT, Condition: { StringLike: { 'kms:EncryptionContext:aws:s3:arn': ['arn:aws:s3:::my-export-bucket', 'arn:aws:s3:::my-export-bucket/*'] } } },
              DESCRIBE_KEY,
            ]),
          ),
        },
      },
    },
  },
  'key',
);

// Values a permission policy or boundary may test that the documents do not give (the session
// name in aws:userid, the role's tags without a get-role output, the TLS version, Bucket Keys):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
import { undecidedRule } from '../src/engine/undecided-rule.js';
import { LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

export default undecidedRule(
  {
    id: 'MP203',
    name: 'permission-policy-undecided',
    title: "Whether the export role may act depends on a value the documents do not give",
    description:
      "A statement of the export role's permission policies or permissions boundary decides one of the export's S3 or KMS requests through a value that neither the documents nor the parameters give: the role session's name (inside aws:userid), the role's tags or unique id when no `aws iam get-role` output is among the documents, the role account's organization, the TLS version, whether S3 Bucket Keys are on, or Mixpanel's source address. mp-s3-lint does not guess either way: the answer is undecided, reported here, and --create refuses until it is settled.",
    help: 'Add what settles the value (the finding says which: an `aws iam get-role` output, `organizationId` in the config, an `aws s3api get-bucket-encryption` output, or live mode), or write the statement so that it does not depend on it.',
    defaultLevel: 'warning',
    tags: ['mixpanel', 'permissions', 'access', 'undecided'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The uploads are allowed only over TLS 1.3, and nothing says which TLS version Mixpanel\'s requests use.',
        files: { 'permission-policy.json': json(policy([{ ...OBJECT_STATEMENT, Condition: { NumericGreaterThanEquals: { 's3:TlsVersion': '1.3' } } }, LIST_STATEMENT])) },
      },
      right: { explanation: 'The statement does not depend on the TLS version (a bucket-policy Deny on `aws:SecureTransport` already refuses plain HTTP).', files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT])) } },
    },
  },
  'identity',
);

import { inputProblemRule } from '../src/engine/problem-rule.js';
import { LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

export default inputProblemRule(
  {
    id: 'MP006',
    name: 'not-a-policy',
    title: 'JSON file is not a policy document',
    description:
      'The file is valid JSON but neither a policy (an object with `Statement`) nor one of the AWS CLI outputs that hold one (`aws iam get-role`, `get-role-policy`, `get-policy-version`, `aws s3api get-bucket-policy`, `aws kms get-key-policy`). It is left out of the setup.',
    help: 'If the file is a policy, give it a `Statement`. If it is the output of `aws iam get-policy`, save `aws iam get-policy-version --version-id vN` instead. To silence this for unrelated JSON files, lint only the policy directory.',
    defaultLevel: 'note',
    tags: ['input'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The output of `aws iam get-policy` describes the managed policy but does not contain its document.',
        files: {
          'permission-policy.json': json({
            Policy: { PolicyName: 'mixpanel-export', Arn: 'arn:aws:iam::111122223333:policy/mixpanel-export', DefaultVersionId: 'v1', AttachmentCount: 1 },
          }),
        },
      },
      right: {
        explanation: 'The output of `aws iam get-policy-version --policy-arn ARN --version-id v1` holds the document.',
        files: { 'permission-policy.json': json({ PolicyVersion: { Document: policy([OBJECT_STATEMENT, LIST_STATEMENT]), VersionId: 'v1', IsDefaultVersion: true } }) },
      },
    },
  },
  ['not-a-policy'],
);

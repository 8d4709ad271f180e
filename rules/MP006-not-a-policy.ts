import { inputProblemRule } from '../src/engine/problem-rule.js';
import { LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

export default inputProblemRule(
  {
    id: 'MP006',
    name: 'not-a-policy',
    title: 'JSON file is not a policy document',
    description:
      'A file named on the command line is valid JSON or YAML but neither a policy (an object with `Statement`), nor one of the AWS CLI outputs that hold one (`aws iam get-role`, `get-role-policy`, `get-policy-version`, `get-account-authorization-details`, `aws s3api get-bucket-policy`, `aws kms get-key-policy`, in JSON or YAML), nor a CloudFormation template or Terraform plan. Files found while walking a directory that hold nothing to check (`package.json`, `tsconfig.json`, CI workflows) are passed over silently and counted in the summary; this note is for a file you named, and for AWS CLI outputs that name policies without holding them (`list-attached-role-policies`, `get-policy`).',
    help: 'If the file is a policy, give it a `Statement`. If it is the output of `aws iam get-policy` or `list-attached-role-policies`, save `aws iam get-policy-version --policy-arn ARN --version-id vN` for each policy instead. Otherwise do not name it on the command line.',
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

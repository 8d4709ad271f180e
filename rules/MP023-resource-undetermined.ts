// Which role, bucket and key are the export's (src/setup/iac-select.ts, roles.ts).
import { inputProblemRule } from '../src/engine/problem-rule.js';
import { EXAMPLE_PARAMS, EXPORT_TEMPLATE, configOf, json } from './examples.js';

/** A second role that trusts Mixpanel too: the export role can then be told only by its name. */
const OTHER_TRUSTING_ROLE = `  StagingExportRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: mixpanel-export-staging
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::485438090326:user/mixpanel-export }
            Action: sts:AssumeRole
`;

export default inputProblemRule(
  {
    id: 'MP023',
    name: 'resource-undetermined',
    title: 'Cannot tell which role, bucket or key is the export\'s, or only another one\'s document is there',
    description:
      'A CloudFormation template, Terraform plan or account dump defines several roles (or bucket policies, or KMS keys with `s3_encryption=kms`) and none is named by the pipeline parameters (or several trust Mixpanel), or the one named is not among them while others have names known only after deployment. Or the only trust or permission policy of the setup is an `aws iam get-role` / `get-role-policy` output of another role than the export role. Policies of other roles and buckets must not be counted for the export, so nothing is checked for that part and the check must not pass.',
    help: 'Pass `--role` with the export role\'s ARN and `--bucket` with the bucket name (or set them in `mp-s3-lint.config.json`), and give the role and bucket fixed names (`RoleName`, `BucketName`; `name`, `bucket` in Terraform) so they can be matched. For a CLI output of another role, save the export role\'s: `aws iam get-role --role-name ROLE`.',
    defaultLevel: 'error',
    tags: ['input', 'iac'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The template defines a second role that trusts Mixpanel, and the config does not say which one Mixpanel assumes.',
        files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_PARAMS, role: undefined })), 'template.yaml': EXPORT_TEMPLATE + OTHER_TRUSTING_ROLE },
      },
      right: {
        explanation: 'The config names the export role (`RoleName: mixpanel-export`).',
        files: { 'mp-s3-lint.config.json': json(configOf(EXAMPLE_PARAMS)), 'template.yaml': EXPORT_TEMPLATE + OTHER_TRUSTING_ROLE },
      },
    },
  },
  ['resource-undetermined'],
);

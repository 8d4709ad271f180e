// Which role, bucket and key of a template or plan are the export's (src/setup/iac-select.ts).
import { inputProblemRule } from '../src/engine/problem-rule.js';
import { EXAMPLE_PARAMS, EXPORT_TEMPLATE, configOf, json } from './examples.js';

/** A second role in the template: the export role can then be told only by its name. */
const LAMBDA_ROLE = `  LambdaRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: export-notifier
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
`;

export default inputProblemRule(
  {
    id: 'MP023',
    name: 'iac-resource-undetermined',
    title: 'Cannot tell which role, bucket or key in a template or plan is the export\'s',
    description:
      'A CloudFormation template or Terraform plan defines several roles (or bucket policies, or KMS keys with `s3_encryption=kms`) and none is named by the pipeline parameters, or the one named is not among them while others have names known only after deployment. Policies of other roles and buckets must not be counted for the export, so nothing is checked for that part and the check must not pass.',
    help: 'Pass `--role` with the export role\'s ARN and `--bucket` with the bucket name (or set them in `mp-s3-lint.config.json`), and give the role and bucket fixed names (`RoleName`, `BucketName`; `name`, `bucket` in Terraform) so they can be matched.',
    defaultLevel: 'error',
    tags: ['iac'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The template defines a second role, and the config does not say which one Mixpanel assumes.',
        files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_PARAMS, role: undefined })), 'template.yaml': EXPORT_TEMPLATE + LAMBDA_ROLE },
      },
      right: {
        explanation: 'The config names the export role (`RoleName: mixpanel-export`).',
        files: { 'mp-s3-lint.config.json': json(configOf(EXAMPLE_PARAMS)), 'template.yaml': EXPORT_TEMPLATE + LAMBDA_ROLE },
      },
    },
  },
  ['iac-undetermined'],
);

// Which role, bucket and key are the export's (src/setup/iac-select.ts, roles.ts).
import { inputProblemRule } from '../src/engine/problem-rule.js';

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
  },
  ['resource-undetermined'],
);

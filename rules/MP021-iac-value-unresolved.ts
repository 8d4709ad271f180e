// Values a template or plan leaves open until deployment: CloudFormation parameters without a
// Default, Fn::ImportValue, names CloudFormation generates, pseudo parameters of the stack
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html);
// Terraform values "known after apply" (after_unknown, https://developer.hashicorp.com/terraform/internals/json-format).
import { inputProblemRule } from '../src/engine/problem-rule.js';
import { EXPORT_TEMPLATE } from './examples.js';

export default inputProblemRule(
  {
    id: 'MP021',
    name: 'iac-value-unresolved',
    title: 'A template or plan value cannot be known at lint time',
    description:
      'A CloudFormation template or Terraform plan leaves a value open until deployment: a parameter without a Default, an `Fn::ImportValue`, a name CloudFormation generates, `AWS::AccountId` without `--role`, a Terraform value known only after apply, or a managed policy whose document is not in the file (also in an `aws iam get-account-authorization-details` dump). The linter never guesses it: inside a policy it becomes a value that matches none of Mixpanel\'s requests, so an Allow that needs it is reported as missing rather than taken to grant access (a Deny that needs it does not apply either, which is why this note names it). Only values of the export setup\'s resources are reported.',
    help: 'Give the value at lint time where you can: a `Default` for the parameter, a fixed `RoleName`/`BucketName`, the pipeline parameters (`--role`, `--region`), or the policy document saved beside the template. Otherwise check by hand that the deployed value is what Mixpanel\'s requests need.',
    defaultLevel: 'note',
    tags: ['input', 'iac'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The external id comes from a parameter without a `Default`: its value is known only when the stack is deployed.',
        files: { 'template.yaml': EXPORT_TEMPLATE.replace(/\n    Default: .*/, '') },
      },
      right: { explanation: 'The parameter has the project token as its `Default`.', files: { 'template.yaml': EXPORT_TEMPLATE } },
    },
  },
  ['iac-unresolved'],
);

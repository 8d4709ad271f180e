// YAML as CloudFormation reads it (templates may be JSON or YAML, with short-form intrinsic tags):
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
import { inputProblemRule } from '../src/engine/problem-rule.js';
import { EXPORT_TEMPLATE } from './examples.js';

export default inputProblemRule(
  {
    id: 'MP020',
    name: 'yaml-invalid',
    title: 'CloudFormation template or YAML input is not valid YAML',
    description:
      'A YAML file that means to be a CloudFormation template (it mentions `AWSTemplateFormatVersion` or a `Type: AWS::…` resource), or a YAML file named on the command line (such as an AWS CLI output saved with `--output yaml`), cannot be parsed: a syntax error, a duplicate key, bad indentation, or nesting deeper than any template needs. CloudFormation rejects it, and none of its policies can be checked. YAML files found while walking a directory that are not templates (CI workflows and the like) are passed over silently when they do not parse.',
    help: 'Fix the syntax at the reported line and column; `cfn-lint TEMPLATE` or `aws cloudformation validate-template --template-body file://TEMPLATE` shows the same error. Short-form tags such as `!Sub`, `!Ref` and `!GetAtt` are fine.',
    defaultLevel: 'error',
    tags: ['input', 'syntax', 'iac'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: '`AssumeRolePolicyDocument` is indented one space less than `RoleName`, so the template does not parse.',
        files: { 'template.yaml': EXPORT_TEMPLATE.replace('      AssumeRolePolicyDocument:', '     AssumeRolePolicyDocument:') },
      },
      right: { explanation: 'Each key of `Properties` at the same indentation.', files: { 'template.yaml': EXPORT_TEMPLATE } },
    },
  },
  ['invalid-yaml'],
);

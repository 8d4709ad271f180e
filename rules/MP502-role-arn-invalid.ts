// IAM role ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
import { parameterRule } from '../src/engine/parameter-rule.js';
import { roleArnProblem } from '../src/setup/parameters.js';
import { EXAMPLE_PARAMS, configOf, json } from './examples.js';

export default parameterRule(
  {
    id: 'MP502',
    name: 'role-arn-invalid',
    title: 'Role is not an IAM role ARN',
    description: 'Mixpanel needs `s3_role` as the full ARN of the export role, `arn:aws:iam::ACCOUNT_ID:role/NAME` (with its path, if any). An account id, a role name alone or a user ARN is refused or never assumable.',
    help: 'Copy the role ARN from the IAM console or `aws iam get-role --role-name NAME --query Role.Arn`.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'parameters'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The role is given by name only.', files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_PARAMS, role: 'mixpanel-export' })) } },
      right: { explanation: 'The role is given as its ARN.', files: { 'mp-s3-lint.config.json': json(configOf(EXAMPLE_PARAMS)) } },
    },
  },
  (setup, problem) => {
    const role = setup.params.role;
    const reason = role === undefined ? undefined : roleArnProblem(role);
    if (reason !== undefined) problem('role', `s3_role "${role}" ${reason}.`);
  },
);

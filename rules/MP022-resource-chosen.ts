// Which role, bucket and key are the export's, and which documents of other ones are left out
// (src/setup/iac-select.ts, roles.ts, facts.ts).
import { inputProblemRule } from '../src/engine/problem-rule.js';
import { EXAMPLE_PARAMS, EXPORT_TEMPLATE, configOf, json } from './examples.js';

export default inputProblemRule(
  {
    id: 'MP022',
    name: 'resource-chosen',
    title: 'Export role, bucket or key taken, or another one left out',
    description:
      'A CloudFormation template, Terraform plan or account dump (`aws iam get-account-authorization-details`) defines several roles, buckets or keys, and one of them is taken as the export\'s without a pipeline parameter naming it: the only one defined, the only role that trusts Mixpanel, or a CDK role whose generated name is the one `--role` gives. Or a document belongs to another role or key than the export\'s (an `aws iam get-role` or `get-role-policy` output of another role, the other roles of a template, a `describe-key` output of another key) and is left out while the export\'s own is present. This note says which, so a wrong pick is visible.',
    help: 'Nothing to do if the pick is right. To be explicit, pass `--role` / `--bucket` / `--kms-key` or set `role` / `bucket` / `kmsKey` in `mp-s3-lint.config.json`; move documents of other roles out of the setup directory.',
    defaultLevel: 'note',
    tags: ['input', 'iac'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The config does not name the role, so the template\'s only role is taken as the export role.',
        files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_PARAMS, role: undefined })), 'template.yaml': EXPORT_TEMPLATE },
      },
      right: { explanation: 'The config names the export role.', files: { 'mp-s3-lint.config.json': json(configOf(EXAMPLE_PARAMS)), 'template.yaml': EXPORT_TEMPLATE } },
    },
  },
  ['resource-chosen'],
);

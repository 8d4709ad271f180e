// Which role, bucket and key of a template or plan are the export's (src/setup/iac-select.ts).
import { inputProblemRule } from '../src/engine/problem-rule.js';
import { EXAMPLE_PARAMS, EXPORT_TEMPLATE, configOf, json } from './examples.js';

export default inputProblemRule(
  {
    id: 'MP022',
    name: 'iac-resource-chosen',
    title: 'Export role or bucket taken from a template or plan',
    description:
      'A CloudFormation template or Terraform plan defines exactly one role (or one bucket policy) and the pipeline parameter that would name it (`--role`, `--bucket`) is not given, so that one is taken as the export\'s. This note says which, so a wrong pick is visible.',
    help: 'Nothing to do if the pick is right. To be explicit, pass `--role` / `--bucket` or set `role` / `bucket` in `mp-s3-lint.config.json`.',
    defaultLevel: 'note',
    tags: ['iac'],
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
  ['iac-chosen'],
);

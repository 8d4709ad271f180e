import { parameterRule } from '../src/engine/parameter-rule.js';
import { prefixProblem } from '../src/setup/parameters.js';
import { EXAMPLE_PARAMS, configOf, json } from './examples.js';

export default parameterRule(
  {
    id: 'MP507',
    name: 'prefix-invalid',
    title: 's3_prefix starts with a slash',
    description: 'Objects are written at `BUCKET/PREFIX/PROJECT_ID/…`. A prefix with a leading slash produces keys that begin with an empty segment, which policies scoped to `arn:aws:s3:::BUCKET/PREFIX/*` do not match.',
    help: 'Write the prefix without a leading slash: `exports/mixpanel`, not `/exports/mixpanel`.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'parameters'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The prefix starts with a slash.', files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_PARAMS, prefix: '/exports/mixpanel' })) } },
      right: { explanation: 'The prefix without the leading slash.', files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_PARAMS, prefix: 'exports/mixpanel' })) } },
    },
  },
  (setup, problem) => {
    const prefix = setup.params.prefix;
    const reason = prefix === undefined ? undefined : prefixProblem(prefix);
    if (reason !== undefined) problem('prefix', `s3_prefix "${prefix}" ${reason}.`);
  },
);

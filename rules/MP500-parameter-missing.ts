import { parameterRule } from '../src/engine/parameter-rule.js';
import { EXAMPLE_PARAMS, configOf, json } from './examples.js';

export default parameterRule(
  {
    id: 'MP500',
    name: 'parameter-missing',
    title: 'Pipeline parameter missing',
    description:
      'The policies are checked against the pipeline they serve: `s3_bucket`, `s3_role`, `s3_region` and the project token (the expected external id) are needed to ask whether Mixpanel\'s requests will succeed. Without them the setup cannot be verified, so the check must not pass.',
    help: 'Give them in `mp-s3-lint.config.json` beside the policies:\n\n```json\n{ "bucket": "my-export-bucket", "role": "arn:aws:iam::111122223333:role/mixpanel-export", "token": "0123456789abcdef0123456789abcdef", "region": "us-east-1" }\n```\n\nor with `--bucket`, `--role`, `--token`, `--region`.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'parameters'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The config has no project token and no Region.',
        files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_PARAMS, token: undefined, region: undefined })) },
      },
      right: { explanation: 'Bucket, role, token and Region are all given.', files: { 'mp-s3-lint.config.json': json(configOf(EXAMPLE_PARAMS)) } },
    },
  },
  (setup, problem) => {
    const required = [
      ['bucket', '--bucket', 's3_bucket'],
      ['role', '--role', 's3_role'],
      ['token', '--token', 'the project token (external id)'],
      ['region', '--region', 's3_region'],
    ] as const;
    const missing = required.filter(([name]) => setup.params[name] === undefined);
    if (missing.length === 0) return;
    problem(
      missing[0]![0],
      `Not set: ${missing.map(([, , what]) => what).join(', ')}; the setup cannot be checked against Mixpanel's requests without ${missing.length === 1 ? 'it' : 'them'}. Set ${missing.map(([name]) => `"${name}"`).join(', ')} in mp-s3-lint.config.json or pass ${missing.map(([, flag]) => flag).join(', ')}.`,
    );
  },
);

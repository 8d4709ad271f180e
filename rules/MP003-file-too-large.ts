import { inputProblemRule } from '../src/engine/problem-rule.js';

export default inputProblemRule(
  {
    id: 'MP003',
    name: 'file-too-large',
    title: 'File too large to be a policy',
    description:
      'The file is larger than the configured maximum (10 MiB by default, `maxFileSize` in the config) and was not read. AWS policies are at most a few kilobytes (IAM inline policies 10,240 characters for a role, managed policies 6,144, bucket policies 20 KB, key policies 32 KB), so a file this size is not a policy document.',
    help: 'Exclude the file from the paths you lint, or raise `maxFileSize` in `mp-s3-lint.config.json` if it really must be read.',
    defaultLevel: 'error',
    tags: ['input'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'Run over the whole repository, the linter meets a 40 MB Terraform state saved as JSON.', command: 'mp-s3-lint .' },
      right: { explanation: 'Lint the folders that hold the policies.', command: 'mp-s3-lint policies/' },
    },
  },
  ['too-large'],
);

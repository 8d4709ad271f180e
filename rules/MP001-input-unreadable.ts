import { inputProblemRule } from '../src/engine/problem-rule.js';

export default inputProblemRule(
  {
    id: 'MP001',
    name: 'input-unreadable',
    title: 'Input cannot be read',
    description:
      'A file or directory given to the linter, or found while walking a directory, could not be read (it does not exist or permission is denied). Its documents were not checked, so the setup cannot be shown to work. A path named on the command line that cannot be read also makes the run exit with code 2.',
    help: 'Check the path and its permissions (`ls -l PATH`). Run from the repository root or pass the right path.',
    defaultLevel: 'error',
    tags: ['input'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The folder name is misspelt, so nothing was checked (exit code 2).', command: 'mp-s3-lint polices/' },
      right: { explanation: 'The path names the folder that holds the setup.', command: 'mp-s3-lint policies/' },
    },
  },
  ['unreadable'],
);

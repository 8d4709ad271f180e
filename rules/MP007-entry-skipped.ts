import { inputProblemRule } from '../src/engine/problem-rule.js';

export default inputProblemRule(
  {
    id: 'MP007',
    name: 'entry-skipped',
    title: 'Directory entry skipped',
    description:
      'While walking a directory the linter passed over an entry on purpose: a symbolic link loop, a broken link, a socket, FIFO or device. Nothing in it was checked.',
    help: 'Nothing to do unless the entry should have been read; then link or copy the real file into the directory.',
    defaultLevel: 'note',
    tags: ['input'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The trust policy in the setup folder is a symbolic link to a file that is not there (a broken link), so it is passed over.',
        command: 'ln -s ../shared/trust-policy.json policies/trust-policy.json',
      },
      right: { explanation: 'The setup folder holds the file itself.', command: 'cp shared/trust-policy.json policies/trust-policy.json' },
    },
  },
  ['skipped'],
);

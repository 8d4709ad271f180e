import { inputProblemRule } from '../src/engine/problem-rule.js';

export default inputProblemRule(
  {
    id: 'MP005',
    name: 'not-strict-json',
    title: 'Comment, trailing comma or byte-order mark',
    description:
      'The file uses something editors accept but AWS does not: a `//` or `/* */` comment, a comma before a closing bracket or brace, or a UTF-8 byte-order mark. The linter reads past it to check the rest, but AWS rejects the policy as malformed.',
    help: 'Remove the comment or the trailing comma; save the file as UTF-8 without BOM.',
    defaultLevel: 'error',
    tags: ['syntax'],
    precision: 'very-high',
    since: '0.1.0',
  },
  ['comment', 'trailing-comma', 'byte-order-mark'],
);

import { inputProblemRule } from '../src/engine/problem-rule.js';
import { TRUST_STATEMENT, json, policy } from './examples.js';

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
    examples: {
      wrong: {
        explanation: 'A comment says whose principal this is; AWS does not accept comments.',
        files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])).replace(/( *)("Principal")/, "$1// Mixpanel's export user\n$1$2") },
      },
      right: { explanation: 'The same policy without the comment (a `Sid` can name the statement instead).', files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])) } },
    },
  },
  ['comment', 'trailing-comma', 'byte-order-mark'],
);

import { inputProblemRule } from '../src/engine/problem-rule.js';
import { TRUST_STATEMENT, json, policy } from './examples.js';

export default inputProblemRule(
  {
    id: 'MP002',
    name: 'invalid-json',
    title: 'Not valid JSON',
    description:
      'The file (or a policy embedded in it as a string) is not valid JSON: a syntax error, an empty file, binary content, or nesting deeper than any policy needs. AWS rejects such a policy, and nothing else in the file can be checked.',
    help: 'Fix the syntax at the reported line and column. Policies must be plain JSON (UTF-8, no comments, no trailing commas); `python3 -m json.tool FILE` shows the first error too.',
    defaultLevel: 'error',
    tags: ['input', 'syntax'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'A comma is missing after the `Principal` element.',
        files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])).replace(/("Principal": .*),\n/, '$1\n') },
      },
      right: { explanation: 'Every element but the last is followed by a comma.', files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])) } },
    },
  },
  ['invalid-json', 'not-text', 'embedded-policy-invalid'],
);

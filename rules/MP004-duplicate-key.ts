import { inputProblemRule } from '../src/engine/problem-rule.js';

export default inputProblemRule(
  {
    id: 'MP004',
    name: 'duplicate-key',
    title: 'Duplicate JSON key',
    description:
      'An object has the same key twice, for example two `Condition` blocks or two `StringEquals` in one statement. JSON parsers keep only one of the values (JavaScript and this linter keep the last; AWS keeps one silently), so part of what you wrote has no effect — often a condition you meant to enforce.',
    help: 'Merge the two values into one key: put both conditions under one `StringEquals` object, or both actions in one `Action` array.',
    defaultLevel: 'error',
    tags: ['syntax', 'correctness'],
    precision: 'very-high',
    since: '0.1.0',
  },
  ['duplicate-key'],
);

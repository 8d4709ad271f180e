import { inputProblemRule } from '../src/engine/problem-rule.js';
import { LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

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
    examples: {
      wrong: {
        explanation: 'The statement has two `Action` keys; only the last one, `s3:DeleteObject`, counts.',
        files: {
          'permission-policy.json': json(policy([{ ...OBJECT_STATEMENT, Action: ['s3:PutObject', 's3:GetObject'] }, LIST_STATEMENT])).replace(
            '"Action": ["s3:PutObject", "s3:GetObject"],',
            '"Action": ["s3:PutObject", "s3:GetObject"],\n      "Action": "s3:DeleteObject",',
          ),
        },
      },
      right: { explanation: 'One `Action` list holds all three actions.', files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT])) } },
    },
  },
  ['duplicate-key'],
);

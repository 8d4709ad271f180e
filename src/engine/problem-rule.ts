// Rules that report what the reading stage met (invalid JSON, duplicate keys, ...): the problem
// codes are found while parsing, the metadata and level live with the rule like any other.
import type { InputProblemCode, RuleMeta } from '../types.js';
import type { Rule } from './rule.js';

export function inputProblemRule(meta: RuleMeta, codes: readonly InputProblemCode[]): Rule {
  return {
    meta,
    scope: 'source',
    check({ source, report }) {
      for (const problem of source.problems) {
        if (codes.includes(problem.code)) report({ range: problem.range, path: problem.path, message: problem.message });
      }
    },
  };
}

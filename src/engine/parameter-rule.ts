// Rules about one pipeline parameter: they point at the parameter in the config file when it came
// from there, else at the setup's first file.
import type { PipelineParams, RuleMeta } from '../types.js';
import type { Setup } from '../setup/setup.js';
import type { Rule } from './rule.js';

export function parameterRule(meta: RuleMeta, check: (setup: Setup, problem: (name: keyof PipelineParams, message: string, fix?: string) => void) => void): Rule {
  return {
    meta,
    scope: 'setup',
    check({ setup, report }) {
      if (setup.documents.length === 0) return;
      check(setup, (name, message, fix) => report({ range: setup.paramRanges[name], message, fix }));
    },
  };
}

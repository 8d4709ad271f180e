// Rules about one pipeline parameter: they point at the parameter in the config file that wrote it
// when it came from one, else at the setup's nearest config or first file.
import type { PipelineParams, RuleMeta } from '../types.js';
import type { Setup } from '../setup/setup.js';
import type { Rule } from './rule.js';

export function parameterRule(meta: RuleMeta, check: (setup: Setup, problem: (name: keyof PipelineParams, message: string, fix?: string) => void) => void): Rule {
  return {
    meta,
    scope: 'setup',
    check({ setup, report }) {
      if (setup.documents.length === 0) return;
      check(setup, (name, message, fix) => {
        const source = setup.paramSources[name];
        report({ ...(source === undefined ? {} : { file: source.file, range: source.range }), message, fix });
      });
    },
  };
}

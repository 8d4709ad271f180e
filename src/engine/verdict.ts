// The verdict: whether the setups checked pass, asked of the model rather than of the shaped report.
// A config's rule levels (and later suppressions and baselines) decide what the report shows; they
// never open `--create`'s gate. Every rule counts at its default level here.
import type { Finding, Report } from '../types.js';
import type { Setup } from '../setup/setup.js';
import type { Rule } from './rule.js';
import { runRules, sortFindings } from './run.js';

export type Verdict = Report['verdict'];

/**
 * What holds one setup back from passing: each reason gives a label and, for each case, the item it
 * names. A new reason is one more line here.
 */
const REASONS: ReadonlyArray<(setup: Setup, errorsAtDefault: readonly Finding[]) => Iterable<[label: string, item: string]>> = [
  (setup) => setup.sources.filter((source) => source.unreadable === true).map((source) => ['inputs could not be read', source.file]),
  (setup) => (setup.live?.problems ?? []).map((problem) => ['AWS reads failed, so what they return was not checked', problem.call]),
  (setup, errors) => errors.map((finding) => ['error findings at the rules\' default level', relevelled(setup, finding.ruleId)]),
];

/** Items named in a reason, at most; the count says how many there were. */
const NAMED = 5;

export class VerdictBuilder {
  /** Per label, each item with how often it came up, in the order first seen. */
  private readonly reasons = new Map<string, Map<string, number>>();
  private documents = 0;

  /**
   * `findings` are the setup's at the levels its config gave. Rules at their default level are not
   * run again: their findings are those. Only the error rules a config re-levelled (or turned off)
   * are run once more, at their default level.
   */
  add(setup: Setup, rules: readonly Rule[], findings: readonly Finding[]): void {
    this.documents += setup.documents.length;
    const errorRules = rules.filter((rule) => rule.meta.defaultLevel === 'error');
    const rerun = errorRules.filter((rule) => (setup.ruleLevels[rule.meta.id] ?? 'error') !== 'error');
    const kept = new Set(errorRules.filter((rule) => !rerun.includes(rule)).map((rule) => rule.meta.id));
    const reused = findings.filter((finding) => kept.has(finding.ruleId));
    // In the report's order, so that the reasons do not depend on which rules were run again.
    const errorsAtDefault = rerun.length === 0 ? reused : sortFindings([...reused, ...runRules([{ ...setup, ruleLevels: {} }], rerun)]);
    for (const reason of REASONS) {
      for (const [label, item] of reason(setup, errorsAtDefault)) {
        let items = this.reasons.get(label);
        if (items === undefined) this.reasons.set(label, (items = new Map()));
        items.set(item, (items.get(item) ?? 0) + 1);
      }
    }
  }

  build(): Verdict {
    const reasons = [...this.reasons].map(([label, items]) => {
      const total = [...items.values()].reduce((sum, count) => sum + count, 0);
      const named = [...items].slice(0, NAMED).map(([item, count]) => (count === 1 ? item : `${item} ×${count}`));
      return `${label} (${total}): ${named.join(', ')}${items.size > NAMED ? ', …' : ''}`;
    });
    if (this.documents === 0) reasons.push('no policy document was checked');
    return { passed: reasons.length === 0, reasons };
  }
}

/** `MP600`, or `MP600 (set to off by the config)` when the config changed its level. */
function relevelled(setup: Setup, ruleId: string): string {
  const level = setup.ruleLevels[ruleId];
  return level === undefined || level === 'error' ? ruleId : `${ruleId} (set to ${level} by the config)`;
}

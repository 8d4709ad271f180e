// The verdict: whether the setups checked pass, asked of the model rather than of the shaped report.
// A config's rule levels (and later suppressions and baselines) decide what the report shows; they
// never open `--create`'s gate. Every rule counts at its default level here.
import type { Finding, Report, RuleMeta } from '../types.js';
import type { Setup } from '../setup/setup.js';
import type { Rule } from './rule.js';
import { runRules, sortFindings } from './run.js';
import { laterChanges } from '../setup/time.js';

export type Verdict = Report['verdict'];

/** The tag of the rules that report an answer the documents cannot decide: it never passes. */
const UNDECIDED = 'undecided';

/** Findings of the rules the verdict counts, at their default level, each with its rule's metadata. */
type Counted = ReadonlyArray<{ finding: Finding; meta: RuleMeta }>;

/**
 * What holds one setup back from passing: each reason gives a label and, for each case, the item it
 * names. A new reason is one more line here.
 */
const REASONS: ReadonlyArray<(setup: Setup, counted: Counted) => Iterable<[label: string, item: string]>> = [
  (setup) => setup.sources.filter((source) => source.unreadable === true).map((source) => ['inputs could not be read', source.file]),
  (setup) => (setup.live?.problems ?? []).map((problem) => ['AWS reads failed, so what they return was not checked', problem.call]),
  (setup, counted) => counted.filter(({ meta }) => meta.defaultLevel === 'error').map(({ meta }) => ["error findings at the rules' default level", relevelled(setup, meta)]),
  (setup, counted) => counted.filter(({ meta }) => meta.tags.includes(UNDECIDED)).map(({ meta }) => ['answers the documents cannot decide', relevelled(setup, meta)]),
];

/** The rules whose findings hold a setup back, whatever level they are reported at. */
const counts = (meta: RuleMeta) => meta.defaultLevel === 'error' || meta.tags.includes(UNDECIDED);

/** Items named in a reason, at most; the count says how many there were. */
const NAMED = 5;

/**
 * What one setup adds to the verdict: its documents, the first date a request allowed now stops being
 * allowed, and the items of each reason, in the order met. Plain data, so a cached setup (src/result-cache.ts)
 * adds the same as a checked one.
 */
export interface VerdictPart {
  documents: number;
  /** ms since the epoch. */
  worksUntil?: number;
  items: [label: string, item: string][];
}

/**
 * `findings` are the setup's at the levels its config gave. Rules at their default level are not
 * run again: their findings are those. Only the counted rules a config re-levelled (or turned off)
 * are run once more, at their default level.
 */
export function verdictPart(setup: Setup, rules: readonly Rule[], findings: readonly Finding[]): VerdictPart {
  let worksUntil: number | undefined;
  for (const { at } of laterChanges(setup)) if (worksUntil === undefined || at < worksUntil) worksUntil = at;
  const countedRules = new Map(rules.filter((rule) => counts(rule.meta)).map((rule) => [rule.meta.id, rule]));
  const rerun = [...countedRules.values()].filter((rule) => (setup.ruleLevels[rule.meta.id] ?? rule.meta.defaultLevel) !== rule.meta.defaultLevel);
  const reused = findings.filter((finding) => countedRules.has(finding.ruleId) && !rerun.includes(countedRules.get(finding.ruleId)!));
  // In the report's order, so that the reasons do not depend on which rules were run again.
  const atDefault = rerun.length === 0 ? reused : sortFindings([...reused, ...runRules([{ ...setup, ruleLevels: {} }], rerun)]);
  const counted = atDefault.map((finding) => ({ finding, meta: countedRules.get(finding.ruleId)!.meta }));
  const items: [string, string][] = [];
  for (const reason of REASONS) for (const item of reason(setup, counted)) items.push(item);
  return { documents: setup.documents.length, ...(worksUntil === undefined ? {} : { worksUntil }), items };
}

export class VerdictBuilder {
  /** Per label, each item with how often it came up, in the order first seen. */
  private readonly reasons = new Map<string, Map<string, number>>();
  private documents = 0;
  /** The earliest date at which a request allowed now stops being allowed (ms). */
  private worksUntil: number | undefined;

  /** Adds one setup (see verdictPart). */
  add(setup: Setup, rules: readonly Rule[], findings: readonly Finding[]): void {
    this.addPart(verdictPart(setup, rules, findings));
  }

  addPart(part: VerdictPart): void {
    this.documents += part.documents;
    if (part.worksUntil !== undefined && (this.worksUntil === undefined || part.worksUntil < this.worksUntil)) this.worksUntil = part.worksUntil;
    for (const [label, item] of part.items) {
      let items = this.reasons.get(label);
      if (items === undefined) this.reasons.set(label, (items = new Map()));
      items.set(item, (items.get(item) ?? 0) + 1);
    }
  }

  build(): Verdict {
    const reasons = [...this.reasons].map(([label, items]) => {
      const total = [...items.values()].reduce((sum, count) => sum + count, 0);
      const named = [...items].slice(0, NAMED).map(([item, count]) => (count === 1 ? item : `${item} ×${count}`));
      return `${label} (${total}): ${named.join(', ')}${items.size > NAMED ? ', …' : ''}`;
    });
    if (this.documents === 0) reasons.push('no policy document was checked');
    return { passed: reasons.length === 0, reasons, ...(this.worksUntil === undefined ? {} : { worksUntil: new Date(this.worksUntil).toISOString() }) };
  }
}

/** `MP600`, or `MP600 (set to off by the config)` when the config changed its level. */
function relevelled(setup: Setup, meta: RuleMeta): string {
  const level = setup.ruleLevels[meta.id];
  return level === undefined || level === meta.defaultLevel ? meta.id : `${meta.id} (set to ${level} by the config)`;
}

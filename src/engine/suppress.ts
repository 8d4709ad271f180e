// Suppressions: findings accepted on purpose, with a reason. They shape the report only (a suppressed
// finding is listed with its reason and not counted for the exit code); `--create` decides on the
// model, never on them. The ledger follows each suppression over every setup it is in force for, so
// that one that expired or matched nothing can be reported once, at the end of the run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../types.js';
import type { Suppression } from '../sources/config.js';
import type { SuppressionStatus } from './rule.js';

interface Entry {
  suppression: Suppression;
  matched: number;
  matchedIfRenewed: number;
  checked: boolean;
}

export class SuppressionLedger {
  private readonly entries = new Map<string, Entry>();
  private readonly today: string;

  /**
   * `now`: the moment of the run; a suppression applies up to and including its `expires` day in UTC.
   * `displayPath`: an absolute path as the report shows it.
   */
  constructor(
    now: Date,
    private readonly cwd: string,
    private readonly displayPath: (absolute: string) => string,
  ) {
    this.today = now.toISOString().slice(0, 10);
  }

  expired(suppression: Suppression): boolean {
    return suppression.expires !== undefined && suppression.expires < this.today;
  }

  /**
   * Marks the findings of one setup that a suppression in force for it covers (the first that applies).
   * `places`: the absolute paths this setup's findings can point at (its files, its config, its directory).
   */
  apply(findings: readonly Finding[], suppressions: readonly Suppression[], places: ReadonlySet<string>): void {
    if (suppressions.length === 0) return;
    const entries = suppressions.map((suppression) => this.entryOf(suppression));
    for (const entry of entries) entry.checked ||= places.has(entry.suppression.file);
    for (const finding of findings) {
      const file = path.resolve(this.cwd, finding.file);
      const covering = entries.filter(({ suppression }) => suppression.rule === finding.ruleId && suppression.file === file && pathWithin(finding.path, suppression.path));
      const applying = covering.find(({ suppression }) => !this.expired(suppression));
      if (applying === undefined) {
        for (const entry of covering) entry.matchedIfRenewed++;
        continue;
      }
      applying.matched++;
      finding.suppressed = { reason: applying.suppression.reason, source: this.displayPath(applying.suppression.source) };
    }
  }

  /** Every suppression that was in force for some setup of the run, with how it fared, in the order met. */
  statuses(): SuppressionStatus[] {
    return [...this.entries.values()].map(({ suppression, matched, matchedIfRenewed, checked }) => ({
      suppression,
      file: this.displayPath(suppression.file),
      source: this.displayPath(suppression.source),
      expired: this.expired(suppression),
      matched,
      matchedIfRenewed,
      checked,
      exists: existsSync(suppression.file),
    }));
  }

  /** One entry per suppression as written (its config and index), however many setups' cascades share it. */
  private entryOf(suppression: Suppression): Entry {
    const key = `${suppression.source}\0${suppression.index}`;
    let entry = this.entries.get(key);
    if (entry === undefined) this.entries.set(key, (entry = { suppression, matched: 0, matchedIfRenewed: 0, checked: false }));
    return entry;
  }
}

/** A finding's path is covered by a suppression's path when it is that node or inside it; no path covers the whole file. */
export function pathWithin(findingPath: string, suppressionPath: string | undefined): boolean {
  if (suppressionPath === undefined || findingPath === suppressionPath) return true;
  const next = findingPath.charAt(suppressionPath.length);
  return findingPath.startsWith(suppressionPath) && (next === '.' || next === '[');
}

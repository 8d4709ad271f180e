// Baselines: today's findings recorded by fingerprint (--write-baseline FILE), so that a later run
// with --baseline FILE reports only findings that are new. They shape the report only; `--create`
// decides on the model, never on them. File paths in a baseline are relative to the baseline file,
// so the same baseline serves runs from any working directory.
import path from 'node:path';
import type { Finding, Report } from '../types.js';
import { BASELINE_VERSION, type Baseline, type BaselineDocument, type BaselineEntry } from '../sources/baseline.js';
import { findingFingerprint } from './fingerprint.js';
import { summarize } from './summary.js';

/** A finding as a baseline next to `baselineFile` records it: its file relative to the baseline's directory (POSIX), and its fingerprint. */
function recorded(finding: Finding, baselineFile: string, cwd: string): { file: string; fingerprint: string } {
  const file = path.relative(path.dirname(baselineFile), path.resolve(cwd, finding.file)).split(path.sep).join('/');
  return { file, fingerprint: findingFingerprint({ ...finding, file }) };
}

/** The baseline of a report: every finding that counts (suppressed ones are accepted already), in a stable order for reviewable diffs. */
export function baselineOf(report: Report, baselineFile: string, cwd: string): BaselineDocument {
  const entries = new Map<string, BaselineEntry>();
  for (const finding of report.findings) {
    if (finding.suppressed !== undefined) continue;
    const { file, fingerprint } = recorded(finding, baselineFile, cwd);
    const entry = entries.get(fingerprint);
    if (entry !== undefined) entry.count++;
    else entries.set(fingerprint, { fingerprint, count: 1, ruleId: finding.ruleId, file, path: finding.path, message: finding.message });
  }
  const order = (a: BaselineEntry, b: BaselineEntry) => compare(a.file, b.file) || compare(a.ruleId, b.ruleId) || compare(a.path, b.path) || compare(a.fingerprint, b.fingerprint);
  return { version: BASELINE_VERSION, tool: 'mp-s3-lint', findings: [...entries.values()].sort(order) };
}

/** The report without the findings the baseline knows (as many of each fingerprint as it recorded), counted as `known`. */
export function applyBaseline(report: Report, baseline: Baseline, cwd: string): Report {
  const remaining = new Map(baseline.counts);
  let known = 0;
  const findings = report.findings.filter((finding) => {
    if (finding.suppressed !== undefined) return true;
    const { fingerprint } = recorded(finding, baseline.file, cwd);
    const left = remaining.get(fingerprint) ?? 0;
    if (left === 0) return true;
    remaining.set(fingerprint, left - 1);
    known++;
    return false;
  });
  return { ...report, findings, summary: summarize(findings, report.summary.files, (report.summary.known ?? 0) + known, report.summary.passedOver, report.summary.setups) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// --format gitlab: GitLab Code Quality JSON (a CI job's `artifacts:reports:codequality`), shown in the
// merge request widget and diff. The fields GitLab reads, per its documentation ("Code Quality report
// format": https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): description,
// check_name, fingerprint, severity and location.path / location.lines.begin. Suppressed findings
// are left out (GitLab has no place for them); paths are as the report gives them, relative to
// the working directory, so run from the repository root.
import type { Finding, Level, RuleMeta } from '../types.js';
import { findingFingerprint, repeatFingerprint } from '../engine/fingerprint.js';

const SEVERITY: Record<Level, 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', note: 'info' };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: (typeof SEVERITY)[Level];
  location: { path: string; lines: { begin: number; end: number } };
}

export function formatGitlab(findings: readonly Finding[], _rules: readonly RuleMeta[]): string {
  const seen = new Map<string, number>();
  const issues: CodeQualityIssue[] = [];
  for (const finding of findings) {
    if (finding.suppressed !== undefined) continue;
    // GitLab shows findings with the same fingerprint as one: a repeat of the same problem at the same node gets its own.
    const base = findingFingerprint(finding);
    const repeat = seen.get(base) ?? 0;
    seen.set(base, repeat + 1);
    const begin = Math.max(1, finding.line);
    issues.push({
      description: finding.fix === undefined ? finding.message : `${finding.message} Fix: ${finding.fix}`,
      check_name: finding.ruleId,
      fingerprint: repeat === 0 ? base : repeatFingerprint(base, repeat),
      severity: SEVERITY[finding.level],
      location: { path: finding.file, lines: { begin, end: Math.max(begin, finding.endLine) } },
    });
  }
  return JSON.stringify(issues, null, 2) + '\n';
}

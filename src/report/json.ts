// --format json: a stable shape for programs (documented in the README; version bumps on change).
import type { Finding, RuleMeta } from '../types.js';

export interface JsonFormatOptions {
  files: number;
}

/**
 * The keys written, in this order, at every level: JSON.stringify's allowlist keeps the shape stable
 * without copying every finding first (a large run's report is tens of MB: bench/RESULTS.md).
 */
const KEYS = ['version', 'findings', 'ruleId', 'level', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'path', 'fix', 'summary', 'errors', 'warnings', 'notes', 'files'];

export function formatJson(findings: readonly Finding[], _rules: readonly RuleMeta[], options: JsonFormatOptions): string {
  const count = (level: Finding['level']) => findings.filter((f) => f.level === level).length;
  const output = { version: 1, findings, summary: { errors: count('error'), warnings: count('warning'), notes: count('note'), files: options.files } };
  return JSON.stringify(output, KEYS, 2) + '\n';
}

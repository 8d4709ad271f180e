// --format json: a stable shape for programs (documented in the README; version bumps on change).
import type { Finding, RuleMeta } from '../types.js';
import { summarize } from '../engine/summary.js';

export interface JsonFormatOptions {
  files: number;
  /** Findings a baseline knew (left out of the report). */
  known?: number;
  /** Files read that held nothing to check, or nothing of an export setup (not counted in `files`). */
  passedOver?: number;
  /** The export setups checked, by directory. */
  setups?: readonly string[];
}

/**
 * The keys written, in this order, at every level: JSON.stringify's allowlist keeps the shape stable
 * without copying every finding first (a large run's report is tens of MB: bench/RESULTS.md). A
 * finding's `suppressed` comes after `fix`, and the summary's after `files`: one list serves both.
 */
const KEYS = ['version', 'findings', 'ruleId', 'level', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'path', 'fix', 'summary', 'errors', 'warnings', 'notes', 'files', 'suppressed', 'reason', 'source', 'known', 'passedOver', 'setups'];

export function formatJson(findings: readonly Finding[], _rules: readonly RuleMeta[], options: JsonFormatOptions): string {
  const output = { version: 1, findings, summary: summarize(findings, options.files, options.known, options.passedOver, options.setups) };
  return JSON.stringify(output, KEYS, 2) + '\n';
}

// Reading a baseline file (--baseline FILE): checked against schemas/baseline.schema.json, each
// problem named with its line, column and key, so a file that is not a baseline exits 2.
import { readFileSync } from 'node:fs';
import { parseJson } from '../documents/json.js';
import { LineIndex, identityOffsets } from '../documents/positions.js';
import { validateBaseline } from '../policy/grammar.js';
import { issueLines } from './config.js';

export const BASELINE_VERSION = 1;

/** One fingerprint and how many findings had it; the other fields are there for people reading the file. */
export interface BaselineEntry {
  fingerprint: string;
  count: number;
  ruleId: string;
  file: string;
  path: string;
  message: string;
}

/** The baseline file's content (schemas/baseline.schema.json). */
export interface BaselineDocument {
  version: typeof BASELINE_VERSION;
  tool: 'mp-s3-lint';
  findings: BaselineEntry[];
}

/** A baseline as read: how many findings of each fingerprint are known. */
export interface Baseline {
  /** Absolute path of the baseline file (its directory is what file paths are relative to). */
  file: string;
  counts: ReadonlyMap<string, number>;
}

export type BaselineOutcome = { ok: true; baseline: Baseline } | { ok: false; message: string };

const EXPECTED = 'expected a baseline written by mp-s3-lint --write-baseline: {"version": 1, "findings": [{"fingerprint": "…", "count": 1, …}]}';

/** `file` is absolute. */
export function readBaseline(file: string): BaselineOutcome {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file (write one with --write-baseline FILE)' : error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Invalid baseline ${file}: ${reason}` };
  }
  const parsed = parseJson(text, new LineIndex(text), identityOffsets);
  if (!parsed.ok || parsed.problems.length > 0) {
    const problem = parsed.problems[0]!;
    return { ok: false, message: `Invalid baseline ${file}:${problem.range.line}:${problem.range.column}: ${problem.message} (${EXPECTED})` };
  }
  const issues = validateBaseline(parsed.json.value);
  if (issues.length > 0) {
    const lines = issueLines(parsed.json, issues.slice(0, 10));
    const more = issues.length > 10 ? [`  … and ${issues.length - 10} more`] : [];
    return { ok: false, message: `Invalid baseline ${file}: ${EXPECTED}\n${[...lines, ...more].join('\n')}` };
  }
  const counts = new Map<string, number>();
  for (const entry of (parsed.json.value as BaselineDocument).findings) counts.set(entry.fingerprint, (counts.get(entry.fingerprint) ?? 0) + (entry.count ?? 1));
  return { ok: true, baseline: { file, counts } };
}

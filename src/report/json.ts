// --format json: a stable shape for programs (documented in the README; version bumps on change).
import type { Finding, RuleMeta } from '../types.js';

export interface JsonFormatOptions {
  files: number;
}

export function formatJson(findings: readonly Finding[], _rules: readonly RuleMeta[], options: JsonFormatOptions): string {
  const count = (level: Finding['level']) => findings.filter((f) => f.level === level).length;
  const output = {
    version: 1,
    findings: findings.map(({ ruleId, level, message, file, line, column, endLine, endColumn, path, fix }) => ({
      ruleId,
      level,
      message,
      file,
      line,
      column,
      endLine,
      endColumn,
      path,
      ...(fix === undefined ? {} : { fix }),
    })),
    summary: { errors: count('error'), warnings: count('warning'), notes: count('note'), files: options.files },
  };
  return JSON.stringify(output, null, 2) + '\n';
}

// --list-rules: one line per rule from its metadata.
import type { RuleMeta } from '../types.js';

export function formatRuleTable(rules: readonly RuleMeta[]): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  const nameWidth = Math.max(...sorted.map((r) => r.name.length));
  const lines = sorted.map((r) => `${r.id}  ${r.defaultLevel.padEnd(7)}  ${r.name.padEnd(nameWidth)}  ${r.title}`);
  return `${'ID'.padEnd(5)}  ${'LEVEL'.padEnd(7)}  ${'NAME'.padEnd(nameWidth)}  TITLE\n${lines.join('\n')}\n`;
}

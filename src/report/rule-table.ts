// --list-rules: one line per rule from its metadata, or (with --format json) one object per rule.
import type { RuleMeta } from '../types.js';

const byId = (rules: readonly RuleMeta[]) => [...rules].sort((a, b) => (a.id < b.id ? -1 : 1));

export function formatRuleTable(rules: readonly RuleMeta[]): string {
  const sorted = byId(rules);
  const nameWidth = Math.max(...sorted.map((r) => r.name.length));
  const lines = sorted.map((r) => `${r.id}  ${r.defaultLevel.padEnd(7)}  ${r.name.padEnd(nameWidth)}  ${r.title}`);
  return `${'ID'.padEnd(5)}  ${'LEVEL'.padEnd(7)}  ${'NAME'.padEnd(nameWidth)}  TITLE\n${lines.join('\n')}\n`;
}

/** `level` is the default level; `docs` the rule's page (docsBaseUri + id + `.md`: its web page as SARIF's helpUri, else the installed file). */
export function formatRuleListJson(rules: readonly RuleMeta[], options: { docsBaseUri: string }): string {
  const list = byId(rules).map((r) => ({ id: r.id, name: r.name, level: r.defaultLevel, title: r.title, tags: r.tags, docs: `${options.docsBaseUri}${r.id}.md`, since: r.since }));
  return JSON.stringify(list, null, 2) + '\n';
}

// One Markdown page per rule, generated from its metadata (the same help SARIF carries: why, a wrong
// and a right example, the fix), so the docs, --list-rules, SARIF and the tests share one source.
// `npm run docs` writes them; a test fails when a committed page is out of date. The pages link only
// to each other: they ship in the package, the repository's fixtures do not.
import type { RuleMeta } from '../types.js';
import { ruleHelpMarkdown } from '../report/rule-help.js';

export function renderRuleDoc(meta: RuleMeta): string {
  const lines = [
    `# ${meta.id} ${meta.name}`,
    '',
    `**${meta.title}**`,
    '',
    `| | |`,
    `| --- | --- |`,
    `| Default level | ${meta.defaultLevel} |`,
    `| Tags | ${meta.tags.join(', ')} |`,
    `| Precision | ${meta.precision} |`,
    `| Added in | ${meta.since} |`,
    ...(meta.securitySeverity === undefined ? [] : [`| Security severity | ${meta.securitySeverity.toFixed(1)} |`]),
    '',
    ruleHelpMarkdown(meta),
    '',
    '## Configuration',
    '',
    'Change the level or turn the rule off in `mp-s3-lint.config.json`:',
    '',
    '```json',
    `{ "rules": { "${meta.id}": "${meta.defaultLevel === 'error' ? 'warning' : 'error'}" } }`,
    '```',
    '',
  ];
  return lines.join('\n');
}

export function renderRuleIndex(rules: readonly RuleMeta[]): string {
  const rows = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => `| [${r.id}](${r.id}.md) | ${r.name} | ${r.defaultLevel} | ${r.title} |`);
  return ['# Rules', '', 'Generated from the rule metadata by `npm run docs`.', '', '| ID | Name | Default level | Title |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}

// One Markdown page per rule, generated from its metadata and the fixtures that exercise it, so
// the docs, --list-rules, SARIF and the tests share one source. `npm run docs` writes them;
// a test fails when a committed page is out of date.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RuleMeta } from '../types.js';

export interface RuleFixtures {
  bad: string[];
  good: string[];
}

/** Fixture directories (repo-relative) whose expected.txt names the rule, and the good ones of its area. */
export function fixturesFor(ruleId: string, repoRoot: string, areaOf: (ruleId: string) => string | undefined): RuleFixtures {
  const root = path.join(repoRoot, 'fixtures');
  const cases = (area: string, kind: string) => {
    const directory = path.join(root, area, kind);
    return existsSync(directory) ? readdirSync(directory).sort().map((name) => `fixtures/${area}/${kind}/${name}`) : [];
  };
  const areas = existsSync(root) ? readdirSync(root).sort() : [];
  const bad = areas.flatMap((area) => cases(area, 'bad')).filter((dir) => {
    const expected = path.join(repoRoot, dir, 'expected.txt');
    return existsSync(expected) && new RegExp(`^${ruleId} `, 'm').test(readFileSync(expected, 'utf8'));
  });
  // Setups that pass, from the rule's own area and from every area whose bad cases report it (e.g. iac).
  const goodAreas = new Set([areaOf(ruleId), ...bad.map((dir) => dir.split('/')[1])].filter((area): area is string => area !== undefined));
  return { bad, good: [...goodAreas].sort().flatMap((area) => cases(area, 'good')) };
}

export function renderRuleDoc(meta: RuleMeta, fixtures: RuleFixtures): string {
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
    '## What it checks',
    '',
    meta.description,
    '',
    '## How to fix',
    '',
    meta.help,
    '',
    '## Examples',
    '',
    ...(fixtures.bad.length === 0 ? ['No fixture reports this rule yet.'] : ['Setups that report it (expected findings in each `expected.txt`):', '', ...fixtures.bad.map((dir) => `- [${dir}](../../${dir})`)]),
    '',
    ...(fixtures.good.length === 0 ? [] : ['Setups of the same areas that pass:', '', ...fixtures.good.map((dir) => `- [${dir}](../../${dir})`), '']),
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

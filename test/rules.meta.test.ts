// ESLint-style meta test: every rule is well-formed, documented, and exercised by fixtures.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allRules } from '../rules/index.js';
import { renderRuleDoc, renderRuleIndex } from '../src/docs/rule-docs.js';
import { fixturesFor } from './helpers/fixtures.js';
import { fixtureAreaOf } from './helpers/areas.js';
import { repoPath, repoRoot } from './helpers/repo.js';

const metas = allRules.map((rule) => rule.meta);

test('ids are unique, stable in form, and encode an area', () => {
  const ids = metas.map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate rule id');
  for (const meta of metas) {
    assert.match(meta.id, /^MP[0-6]\d{2}$/);
    assert.ok(fixtureAreaOf(meta.id) !== undefined, `${meta.id} has no area`);
  }
  assert.equal(ids, [...ids].sort(), 'rules/index.ts lists rules in id order');
});

test('one file per rule, named ID-name.ts, and every file is registered', () => {
  const files = readdirSync(repoPath('rules')).filter((f) => /^MP\d{3}-/.test(f));
  assert.equal(files.sort(), metas.map((m) => `${m.id}-${m.name}.ts`).sort());
  assert.equal(new Set(metas.map((m) => m.name)).size, metas.length, 'duplicate rule name');
});

test('metadata is complete', () => {
  for (const meta of metas) {
    assert.match(meta.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${meta.id} name`);
    assert.ok(meta.title.length > 5 && !meta.title.endsWith('.'), `${meta.id} title`);
    assert.ok(meta.description.length > 60, `${meta.id} description too short`);
    assert.ok(meta.help.trim().length > 20, `${meta.id} help`);
    assert.ok(meta.tags.length >= 1 && meta.tags.length <= 9, `${meta.id} tags`);
    if (meta.securitySeverity !== undefined) {
      assert.ok(meta.securitySeverity >= 0.1 && meta.securitySeverity <= 10, `${meta.id} security-severity`);
      assert.ok(meta.tags.includes('security'), `${meta.id} has a security severity but no security tag`);
    }
  }
});

/** major.minor.patch as numbers, for comparing versions. */
const versionParts = (version: string) => version.split('.').map(Number);
const notAfter = (a: string, b: string) => {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return true;
};

test('every rule says the release that added it, and the CHANGELOG lists it under that release', () => {
  const packageVersion = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
  // "## 0.1.0 (unreleased)", "## [0.2.0] - 2027-01-15": one section per release.
  const sections = readFileSync(repoPath('CHANGELOG.md'), 'utf8').split(/^## /m).slice(1);
  const sectionOf = (version: string) => sections.find((section) => new RegExp(`^\\[?${version.replace(/\./g, '\\.')}\\b`).test(section));
  for (const meta of metas) {
    assert.match(meta.since, /^\d+\.\d+\.\d+$/, `${meta.id} since`);
    assert.ok(notAfter(meta.since, packageVersion), `${meta.id} since ${meta.since} is after the package's ${packageVersion}`);
    const section = sectionOf(meta.since);
    assert.ok(section !== undefined, `CHANGELOG.md has no section for ${meta.since} (${meta.id})`);
    assert.match(section, new RegExp(`^- ${meta.id} ${meta.name}\\b`, 'm'), `CHANGELOG.md ${meta.since} does not list ${meta.id} ${meta.name}`);
  }
});

test('every rule has an up-to-date docs page (npm run docs regenerates them)', () => {
  for (const meta of metas) {
    const page = repoPath('docs', 'rules', `${meta.id}.md`);
    assert.ok(existsSync(page), `docs/rules/${meta.id}.md missing`);
    assert.is(readFileSync(page, 'utf8'), renderRuleDoc(meta), `docs/rules/${meta.id}.md is stale`);
  }
  assert.is(readFileSync(repoPath('docs', 'rules', 'README.md'), 'utf8'), renderRuleIndex(metas));
});

/** Rules no committed fixture can trigger, and the test that covers each instead. */
const COVERED_ELSEWHERE: Record<string, string> = {
  MP001: 'test/cli.test.ts: a path that does not exist (an unreadable file cannot be committed, and root reads every file)',
  MP600: 'test/live.lint.test.ts: AccessDenied, missing role, timeouts served by the AWS emulator',
  MP601: 'test/live.lint.test.ts: a bucket in another Region than s3_region',
};

test('every rule is reported by at least one bad fixture, and its area has good fixtures', () => {
  for (const meta of metas) {
    const fixtures = fixturesFor(meta.id, repoRoot, fixtureAreaOf);
    assert.ok(fixtures.bad.length > 0 || COVERED_ELSEWHERE[meta.id] !== undefined, `no bad fixture expects ${meta.id}`);
    assert.ok(fixtures.good.length > 0 || COVERED_ELSEWHERE[meta.id] !== undefined, `no good fixture in the area of ${meta.id}`);
  }
});

test.run();

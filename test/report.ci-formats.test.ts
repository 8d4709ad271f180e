// The formats CI systems read: JUnit XML (valid against the JUnit XSD: one test case per setup and
// rule run, failures for errors) and GitLab Code Quality (valid against GitLab's documented format);
// --list-rules --format json; colour as no-color.org and FORCE_COLOR say.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { validateGitlab, validateJunit } from './helpers/ci-formats.js';
import { repoPath, repoRoot } from './helpers/repo.js';
import { CONFIG, CONFUSED_DEPUTY_TRUST, GOOD_PARAMS, goodSetup, tempDir, writeTree, WRONG_USER_TRUST } from './helpers/tree.js';
import { colorFor } from '../src/cli.js';
import { lint } from '../src/lint.js';
import { formatGitlab, type CodeQualityIssue } from '../src/report/gitlab.js';
import { formatJunit } from '../src/report/junit.js';
import { allRules } from '../rules/index.js';
import type { Finding } from '../src/types.js';

const metas = allRules.map((rule) => rule.meta);

/** Three setups: `errors` (MP101 error, MP105 off), `accepted` (the same MP101, suppressed) and `warnings` (MP102 and MP105 warnings, MP105 suppressed). */
function repository(): string {
  return writeTree(tempDir(), {
    [CONFIG]: {
      ...GOOD_PARAMS,
      suppressions: [
        { rule: 'MP105', file: 'warnings/trust-policy.json', reason: 'Accepted <for now> & tracked.' },
        { rule: 'MP101', file: 'accepted/trust-policy.json', reason: 'Renamed on Monday.' },
      ],
    },
    [`errors/${CONFIG}`]: { rules: { MP105: 'off' } },
    ...goodSetup('errors'),
    ...goodSetup('accepted'),
    ...goodSetup('warnings'),
    'errors/trust-policy.json': WRONG_USER_TRUST,
    'accepted/trust-policy.json': WRONG_USER_TRUST,
    'warnings/trust-policy.json': CONFUSED_DEPUTY_TRUST,
  });
}

const testcase = (xml: string, suite: string, ruleId: string) => new RegExp(`<testcase classname="${suite}" name="${ruleId} [a-z0-9-]+"(/>|>[\\s\\S]*?</testcase>)`).exec(xml)?.[0];

test('junit: a test suite per setup, a test case per rule run, a failure for errors only; valid against the JUnit XSD', async () => {
  const result = await runCli(['.', '-f', 'junit'], { cwd: repository() });
  assert.is(result.code, 1);
  const xml = result.stdout;
  assert.equal(await validateJunit(xml), []);
  const rulesRun = allRules.filter((rule) => rule.scope !== 'run').length;
  assert.match(xml, new RegExp(`<testsuite name="errors" tests="${rulesRun - 1}" failures="1" errors="0" skipped="0">`), 'MP105 is off there: not a test case');
  assert.match(xml, new RegExp(`<testsuite name="warnings" tests="${rulesRun}" failures="0" errors="0" skipped="0">`));
  assert.match(xml, new RegExp(`<testsuite name="accepted" tests="${rulesRun}" failures="0" errors="0" skipped="0">`), 'a suppressed error is no failure');
  assert.match(testcase(xml, 'accepted', 'MP101')!, /<system-out>accepted\/trust-policy\.json:7:\d+ error, suppressed \(Renamed on Monday\.; mp-s3-lint\.config\.json\)/);
  assert.match(xml, /<testsuite name="mp-s3-lint\.config\.json" tests="1" failures="0" errors="0" skipped="0">\n {4}<testcase classname="mp-s3-lint\.config\.json" name="MP040 suppression-stale"\/>/, 'the config whose suppressions were checked');
  assert.match(xml, new RegExp(`<testsuites name="mp-s3-lint" tests="${3 * rulesRun}" failures="1" errors="0">`));
  assert.is(testcase(xml, 'errors', 'MP105'), undefined);
  assert.match(testcase(xml, 'errors', 'MP101')!, /<failure type="MP101" message="[^"]+">errors\/trust-policy\.json:7:\d+ error /);
  assert.match(testcase(xml, 'warnings', 'MP102')!, /<system-out>warnings\/trust-policy\.json:4:5 warning /, 'a warning is output, not a failure');
  assert.match(testcase(xml, 'warnings', 'MP105')!, /warning, suppressed \(Accepted &lt;for now&gt; &amp; tracked\.; mp-s3-lint\.config\.json\)/);
  assert.not.match(testcase(xml, 'warnings', 'MP105')!, /<failure/);
  assert.match(testcase(xml, 'errors', 'MP201')!, /\/>$/, 'a rule that found nothing passed');
});

test('junit: text no XML can hold is replaced, quotes and line breaks in attributes survive; every bad fixture validates', async () => {
  const hostile: Finding = {
    ruleId: 'MP002', level: 'error', message: 'Bad "quote" <tag> & \u0001 control \uD800 lone\nsecond line', file: 'a&b/<p>.json', line: 1, column: 1, endLine: 1, endColumn: 2, path: '$', setup: 'a&b\nc',
  };
  const xml = formatJunit([hostile], metas, { setups: [{ name: 'a&b\nc', ruleIds: ['MP002'] }] });
  assert.equal(await validateJunit(xml), []);
  assert.match(xml, /<testsuite name="a&amp;b&#10;c" /);
  assert.match(xml, /message="Bad &quot;quote&quot; &lt;tag&gt; &amp; \uFFFD control \uFFFD lone">a&amp;b\/&lt;p&gt;\.json:1:1 error Bad "quote" &lt;tag&gt; &amp; \uFFFD control \uFFFD lone\nsecond line/);
  // Every bad fixture in one run: one document with a suite per fixture (xmllint starts once).
  const fixtures = readdirSync(repoPath('fixtures')).flatMap((area) => {
    const bad = repoPath('fixtures', area, 'bad');
    return existsSync(bad) ? readdirSync(bad).map((name) => path.join(bad, name)) : [];
  });
  const report = await lint({ paths: fixtures, cwd: repoRoot });
  // A fixture whose files all hold nothing to check when walked (cases about named paths: paths.txt) forms no setup.
  assert.ok((report.setups ?? []).length >= fixtures.length - (report.nothingToCheck ?? []).length && fixtures.length > 40, `${fixtures.length} fixtures`);
  const all = formatJunit(report.findings, metas, { setups: report.setups ?? [] });
  assert.equal(await validateJunit(all), []);
  assert.is((all.match(/<failure /g) ?? []).length, new Set(report.findings.filter((f) => f.level === 'error' && f.suppressed === undefined).map((f) => `${f.setup} ${f.ruleId}`)).size, 'one failure per setup and rule with errors');
});

test('gitlab: the documented fields, a unique fingerprint per issue, severities by level; suppressed findings left out', async () => {
  const result = await runCli(['.', '-f', 'gitlab'], { cwd: repository() });
  assert.is(result.code, 1);
  assert.equal(validateGitlab(result.stdout), []);
  const issues = JSON.parse(result.stdout) as CodeQualityIssue[];
  assert.equal(issues.map((issue) => [issue.check_name, issue.severity, issue.location.path, issue.location.lines.begin]), [
    ['MP101', 'major', 'errors/trust-policy.json', 7],
    ['MP102', 'minor', 'warnings/trust-policy.json', 4],
  ]);
  const examples = await lint({ paths: [repoPath('examples', 'bad')], cwd: repoRoot });
  const text = formatGitlab(examples.findings, metas);
  assert.equal(validateGitlab(text), []);
  assert.is((JSON.parse(text) as unknown[]).length, examples.findings.length);
  const twice = examples.findings[0]!;
  const repeated = JSON.parse(formatGitlab([twice, { ...twice, line: twice.line + 5 }], metas)) as CodeQualityIssue[];
  assert.is.not(repeated[0]!.fingerprint, repeated[1]!.fingerprint, 'the same problem twice at one node: two entries');
  assert.equal(validateGitlab('\uFEFF[]'), ['starts with a byte-order mark'], 'the validator itself can fail');
});

test('--list-rules --format json: id, name, level, title, tags, docs and since for every rule', async () => {
  const result = await runCli(['--list-rules', '--format', 'json']);
  assert.is(result.code, 0);
  const list = JSON.parse(result.stdout) as Record<string, unknown>[];
  assert.is(list.length, allRules.length);
  const mp105 = list.find((rule) => rule['id'] === 'MP105')!;
  assert.equal(Object.keys(mp105), ['id', 'name', 'level', 'title', 'tags', 'docs', 'since']);
  assert.equal([mp105['name'], mp105['level'], mp105['since']], ['trust-account-root', 'warning', '0.1.0']);
  assert.match(String(mp105['docs']), /\/docs\/rules\/MP105\.md$/);
  const sarif = await runCli(['--list-rules', '--format', 'sarif']);
  assert.is(sarif.code, 2);
  assert.match(sarif.stderr, /--list-rules prints a table, or JSON with --format json/);
});

test('colour: --color decides; NO_COLOR only when not empty; FORCE_COLOR on a pipe (0 and false turn it off) and over NO_COLOR; never in a file unless asked', async () => {
  assert.is(colorFor(undefined, undefined, true, {}), true);
  assert.is(colorFor(undefined, undefined, false, {}), false);
  assert.is(colorFor(undefined, undefined, true, { NO_COLOR: '1' }), false);
  assert.is(colorFor(undefined, undefined, true, { NO_COLOR: '' }), true, 'an empty NO_COLOR is not set (no-color.org)');
  assert.is(colorFor(undefined, undefined, false, { FORCE_COLOR: '1' }), true);
  assert.is(colorFor(undefined, undefined, false, { FORCE_COLOR: '' }), true);
  assert.is(colorFor(undefined, undefined, true, { FORCE_COLOR: '0' }), false);
  assert.is(colorFor(undefined, undefined, true, { FORCE_COLOR: 'false' }), false);
  assert.is(colorFor(undefined, undefined, false, { FORCE_COLOR: '1', NO_COLOR: '1' }), true);
  assert.is(colorFor(undefined, 'report.txt', true, { FORCE_COLOR: '1' }), false);
  assert.is(colorFor(true, 'report.txt', false, { NO_COLOR: '1' }), true);
  assert.is(colorFor(false, undefined, true, { FORCE_COLOR: '1' }), false);
  const bad = repoPath('fixtures', 'documents', 'bad', 'malformed-json');
  const escape = /\x1b\[/;
  assert.ok(escape.test((await runCli([bad], { tty: false, env: { FORCE_COLOR: '1' } })).stdout), 'through the CLI');
  assert.ok(escape.test((await runCli([bad], { tty: true, env: { NO_COLOR: '' } })).stdout));
});

test.run();

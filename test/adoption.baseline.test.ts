// Baselines: --write-baseline records today's findings by a fingerprint that survives line moves;
// --baseline reports only new ones (the rest counted as known); rewriting drops the fixed ones; a file
// that is not a baseline exits 2 with the file, the key and what is expected.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { CONFIG, CONFUSED_DEPUTY_TRUST, GOOD_PARAMS, goodSetup, type JsonReport, tempDir, writeTree } from './helpers/tree.js';
import { applyBaseline } from '../src/engine/baseline.js';
import { findingFingerprint } from '../src/engine/fingerprint.js';
import type { BaselineDocument } from '../src/sources/baseline.js';
import type { Finding, Report } from '../src/types.js';

const TRUST = 'team/trust-policy.json';

function repository(): string {
  return writeTree(tempDir(), { [CONFIG]: GOOD_PARAMS, ...goodSetup('team'), [TRUST]: CONFUSED_DEPUTY_TRUST });
}

const json = async (argv: string[], cwd: string) => {
  const result = await runCli([...argv, '-f', 'json'], { cwd });
  return { code: result.code, stderr: result.stderr, report: JSON.parse(result.stdout) as JsonReport };
};

test('round trip: write, move every line, still known; a new finding is reported; a rewrite drops the fixed one', async () => {
  const repo = repository();
  const written = await runCli(['team', '--write-baseline', 'ci/baseline.json'], { cwd: repo });
  assert.is(written.code, 0, 'today\'s findings are accepted');
  assert.match(written.stdout, /No problems found in 3 files \(1 export setup checked \([^)]*\)\) \(not counted: 2 known from the baseline\)/);
  const baseline = JSON.parse(readFileSync(path.join(repo, 'ci', 'baseline.json'), 'utf8')) as BaselineDocument;
  assert.is(baseline.version, 1);
  assert.equal(baseline.findings.map((entry) => [entry.ruleId, entry.file, entry.path, entry.count]), [
    ['MP102', '../team/trust-policy.json', '$.Statement[0]', 1],
    ['MP105', '../team/trust-policy.json', '$.Statement[0].Principal', 1],
  ]);

  // The same policy, every line moved and indented differently.
  const moved = JSON.stringify(JSON.parse(CONFUSED_DEPUTY_TRUST), null, 8).replace('{', '{\n\n\n\n');
  writeFileSync(path.join(repo, TRUST), moved);
  const again = await json(['team', '--baseline', 'ci/baseline.json'], repo);
  assert.is(again.code, 0);
  assert.equal(again.report.findings, []);
  assert.is(again.report.summary.known, 2);

  // From another working directory: the baseline's paths are relative to the baseline file.
  const elsewhere = await json(['.', '--baseline', path.join('..', 'ci', 'baseline.json')], path.join(repo, 'team'));
  assert.equal([elsewhere.report.findings.length, elsewhere.report.summary.known], [0, 2]);

  // A new problem: a statement that lets any account in (MP104, and MP102 at the new statement). Only it is reported.
  const trust = JSON.parse(moved) as { Statement: object[] };
  trust.Statement.push({ Sid: 'Anyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' });
  writeFileSync(path.join(repo, TRUST), JSON.stringify(trust, null, 2));
  const added = await json(['team', '--baseline', 'ci/baseline.json'], repo);
  assert.is(added.code, 1);
  assert.equal(added.report.findings.map((f) => [f.ruleId, f.path]).sort(), [['MP102', '$.Statement[1]'], ['MP104', '$.Statement[1]']]);
  assert.is(added.report.summary.known, 2);

  // MP105 and the new statement fixed: the rewritten baseline holds MP102 only.
  const fixed = JSON.parse(CONFUSED_DEPUTY_TRUST) as { Statement: { Principal: { AWS: string } }[] };
  fixed.Statement[0]!.Principal.AWS = 'arn:aws:iam::485438090326:user/mixpanel-export';
  writeFileSync(path.join(repo, TRUST), JSON.stringify(fixed, null, 2));
  assert.is((await runCli(['team', '--write-baseline', 'ci/baseline.json'], { cwd: repo })).code, 0);
  const rewritten = JSON.parse(readFileSync(path.join(repo, 'ci', 'baseline.json'), 'utf8')) as BaselineDocument;
  assert.equal(rewritten.findings.map((entry) => entry.ruleId), ['MP102']);
});

test('suppressed findings are not recorded in a baseline (they are accepted already)', async () => {
  const repo = writeTree(repository(), { [CONFIG]: { ...GOOD_PARAMS, suppressions: [{ rule: 'MP105', file: TRUST, reason: 'Accepted.' }] } });
  const written = await json(['team', '--write-baseline', 'baseline.json'], repo);
  assert.equal([written.report.summary.known, written.report.summary.suppressed], [1, 1]);
  const baseline = JSON.parse(readFileSync(path.join(repo, 'baseline.json'), 'utf8')) as BaselineDocument;
  assert.equal(baseline.findings.map((entry) => entry.ruleId), ['MP102']);
});

test('a baseline knows as many findings of a fingerprint as it counted', () => {
  const finding: Finding = { ruleId: 'MP201', level: 'error', message: 'Denied.', file: 'a/p.json', line: 3, column: 1, endLine: 3, endColumn: 2, path: '$.Statement[0]' };
  const report: Report = { findings: [finding, { ...finding, line: 9 }, { ...finding, line: 12 }], summary: { errors: 3, warnings: 0, notes: 0, files: 1 }, inputFailure: false, verdict: { passed: false, reasons: [] } };
  const fingerprint = findingFingerprint({ ...finding, file: 'p.json' });
  const shaped = applyBaseline(report, { file: '/repo/a/baseline.json', counts: new Map([[fingerprint, 2]]) }, '/repo');
  assert.equal(shaped.findings.map((f) => f.line), [12]);
  assert.equal([shaped.summary.errors, shaped.summary.known], [1, 2]);
});

test('the fingerprint ignores positions and numbers in the message, and tells rules, files and paths apart', () => {
  const finding = { ruleId: 'MP015', file: 'p.json', path: '$', message: 'The policy has 6,200 characters, over the quota of 6144 at line 12:5. Details: 3 statements.' };
  const base = findingFingerprint(finding);
  assert.is(findingFingerprint({ ...finding, message: 'The policy has 6,350 characters, over the quota of 6144 at line 40:1. Details: 3 statements.' }), base);
  assert.is(findingFingerprint({ ...finding, message: `${finding.message.split('. ')[0]}. Other details.` }), base, 'only the first sentence counts');
  assert.is.not(findingFingerprint({ ...finding, message: 'The policy has 6,200 bytes, over the quota.' }), base);
  assert.is.not(findingFingerprint({ ...finding, ruleId: 'MP014' }), base);
  assert.is.not(findingFingerprint({ ...finding, file: 'q.json' }), base);
  assert.is.not(findingFingerprint({ ...finding, path: '$.Statement[0]' }), base);
});

test('a file that is not a baseline exits 2 with the file, the key and what is expected', async () => {
  const repo = repository();
  const cases: [string, RegExp][] = [
    ['{"version": 1, "findings": [', /baseline\.json:1:1: Invalid JSON.*expected a baseline written by mp-s3-lint --write-baseline/],
    ['[]', /1:1 {2}The baseline must be an object; found \[\]/],
    ['{"version": 2, "findings": []}', /1:13 {2}version must be 1 \(the baseline format this version of mp-s3-lint writes\); found 2/],
    ['{"version": 1}', /1:1 {2}The baseline is missing the required key "findings"/],
    ['{"version": 1, "findings": [{"fingerprint": "abc"}]}', /1:45 {2}findings\[0\]\.fingerprint must be a fingerprint as --write-baseline writes it \(64 hexadecimal digits\); found "abc"/],
    [`{"version": 1, "findings": [{"fingerprint": "${'a'.repeat(64)}", "count": 0}]}`, /findings\[0\]\.count must be at least 1; found 0/],
  ];
  for (const [text, message] of cases) {
    writeFileSync(path.join(repo, 'baseline.json'), text);
    const result = await runCli(['team', '--baseline', 'baseline.json'], { cwd: repo });
    assert.is(result.code, 2, text);
    assert.match(result.stderr, `Invalid baseline ${path.join(repo, 'baseline.json')}`);
    assert.match(result.stderr, message);
    assert.is(result.stdout, '', 'nothing was reported');
  }
  const missing = await runCli(['team', '--baseline', 'nope.json'], { cwd: repo });
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /nope\.json: no such file \(write one with --write-baseline FILE\)/);
  const both = await runCli(['team', '--baseline', 'a.json', '--write-baseline', 'a.json'], { cwd: repo });
  assert.is(both.code, 2);
  assert.match(both.stderr, /give one of them/);
});

test.run();

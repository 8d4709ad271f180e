// Configuration for a real repository: configs that cascade (nearer keys winning, "root": true and the
// repository root stopping the search), --print-config with the file each value came from, --rule,
// and bad configs refused with the file, the line and column, the key and what is expected.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { CONFIG, CONFUSED_DEPUTY_TRUST, GOOD_PARAMS, goodSetup, type JsonReport, tempDir, writeTree } from './helpers/tree.js';
import { lint } from '../src/lint.js';
import type { PrintedConfig } from '../src/print-config.js';

/**
 * outside/           a config above the repository: never read (it would turn MP102 off)
 * outside/repo/      .git; config: parameters, MP105 off
 *   standalone/      setup: the repository root's config only
 *   teams/           config with "root": true: its own parameters, MP102 error, MP105 note
 *     ops/           setup: teams' config
 *     payments/      setup, config: MP102 note (nearer wins over teams'; MP105 note still comes from teams)
 */
function threeLevelRepository(): string {
  const outside = tempDir();
  writeTree(outside, {
    [CONFIG]: { rules: { MP102: 'off' } },
    [`repo/.git/HEAD`]: 'ref: refs/heads/main\n',
    [`repo/${CONFIG}`]: { ...GOOD_PARAMS, rules: { MP105: 'off' } },
    [`repo/teams/${CONFIG}`]: { root: true, ...GOOD_PARAMS, rules: { MP102: 'error', MP105: 'note' } },
    [`repo/teams/payments/${CONFIG}`]: { rules: { MP102: 'note' } },
    ...goodSetup('repo/standalone'),
    ...goodSetup('repo/teams/ops'),
    ...goodSetup('repo/teams/payments'),
    'repo/standalone/trust-policy.json': CONFUSED_DEPUTY_TRUST,
    'repo/teams/ops/trust-policy.json': CONFUSED_DEPUTY_TRUST,
    'repo/teams/payments/trust-policy.json': CONFUSED_DEPUTY_TRUST,
  });
  return path.join(outside, 'repo');
}

const levels = (report: JsonReport, directory: string) =>
  Object.fromEntries(report.findings.filter((f) => f.file.startsWith(`${directory}/`)).map((f) => [f.ruleId, f.level]));

test('configs cascade: nearer keys win, "root": true stops the search, nothing above the repository is read', async () => {
  const repo = threeLevelRepository();
  const result = await runCli(['.', '-f', 'json'], { cwd: repo });
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.equal(levels(report, 'standalone'), { MP102: 'warning' }, "the repository root's config turns MP105 off; the config outside the repository (MP102 off) is not read");
  assert.equal(levels(report, 'teams/ops'), { MP102: 'error', MP105: 'note' }, 'teams (root: true) sets MP102 and MP105 and stops the root config (MP105 off) from applying');
  assert.equal(levels(report, 'teams/payments'), { MP102: 'note', MP105: 'note' }, "payments' own MP102 wins over teams'; teams' MP105 and parameters still apply");
  assert.is(result.code, 1, 'the MP102 error in teams/ops');
});

test('--print-config DIR: the merged configuration with the file each value came from', async () => {
  const repo = threeLevelRepository();
  const result = await runCli(['--print-config', 'teams/payments', '--rule', 'MP105:off', '--bucket', 'other-bucket'], { cwd: repo });
  assert.is(result.code, 0, result.stderr);
  const printed = JSON.parse(result.stdout) as PrintedConfig;
  assert.is(printed.directory, 'teams/payments');
  assert.equal(printed.configFiles, [`teams/${CONFIG}`, `teams/payments/${CONFIG}`], 'outermost first; the repository root is cut off by root: true');
  assert.equal(printed.rules['MP102'], { level: 'note', source: `teams/payments/${CONFIG}` });
  assert.equal(printed.rules['MP105'], { level: 'off', source: 'command line' });
  assert.equal(printed.rules['MP101'], { level: 'error', source: 'default' });
  assert.equal((JSON.parse((await runCli(['--print-config', 'teams/payments'], { cwd: repo })).stdout) as PrintedConfig).rules['MP105'], { level: 'note', source: `teams/${CONFIG}` });
  assert.equal(printed.parameters['role'], { value: GOOD_PARAMS.role, source: `teams/${CONFIG}` });
  assert.equal(printed.parameters['bucket'], { value: 'other-bucket', source: 'command line' });
  assert.equal(printed.maxFileSize, { value: 10 * 1024 * 1024, source: 'default' });
  const standalone = JSON.parse((await runCli(['--print-config', 'standalone/trust-policy.json'], { cwd: repo })).stdout) as PrintedConfig;
  assert.is(standalone.directory, 'standalone', 'a file stands for its directory');
  assert.equal(standalone.configFiles, [CONFIG]);
  assert.equal(standalone.rules['MP105'], { level: 'off', source: CONFIG });
  const missing = await runCli(['--print-config', 'nowhere'], { cwd: repo });
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /--print-config nowhere: no such file or directory/);
});

test('documents (per file, relative to their config) and maxFileSize (whole) merge down the cascade', async () => {
  const repo = tempDir();
  writeTree(repo, {
    [CONFIG]: { ...GOOD_PARAMS, maxFileSize: 100000, documents: { 'setup/legacy.json': 'bucket' } },
    [`setup/${CONFIG}`]: { documents: { 'role.json': 'trust' } },
    ...goodSetup('setup'),
  });
  const printed = JSON.parse((await runCli(['--print-config', 'setup'], { cwd: repo })).stdout) as PrintedConfig;
  assert.equal(printed.documents, { 'setup/legacy.json': { kind: 'bucket', source: CONFIG }, 'setup/role.json': { kind: 'trust', source: `setup/${CONFIG}` } });
  assert.equal(printed.maxFileSize, { value: 100000, source: CONFIG });
});

test('a parameter finding points at the config of the cascade that wrote the value', async () => {
  const repo = tempDir();
  writeTree(repo, {
    [CONFIG]: { ...GOOD_PARAMS, bucket: 'Not_A_Bucket' },
    [`setup/${CONFIG}`]: { rules: { MP210: 'off' } },
    ...goodSetup('setup'),
  });
  const report = await lint({ paths: ['setup'], cwd: repo });
  const bucketName = report.findings.find((f) => f.ruleId === 'MP501');
  assert.ok(bucketName, JSON.stringify(report.findings.map((f) => f.ruleId)));
  assert.is(bucketName.file, CONFIG, 'the outer config, which wrote "bucket"');
  assert.is(bucketName.line, readFileSync(path.join(repo, CONFIG), 'utf8').split('\n').findIndex((line) => line.includes('Not_A_Bucket')) + 1);
});

test('--rule ID:LEVEL overrides every config; a bad --rule exits 2 naming it and what is expected', async () => {
  const repo = threeLevelRepository();
  const report = JSON.parse((await runCli(['.', '-f', 'json', '--rule', 'MP102:off', '--rule', 'MP105:error'], { cwd: repo })).stdout) as JsonReport;
  assert.equal(levels(report, 'teams/payments'), { MP105: 'error' });
  assert.equal(levels(report, 'standalone'), { MP105: 'error' }, 'over the root config that turned it off');
  const cases: [string, RegExp][] = [
    ['MP999:off', /--rule MP999:off: MP999 is not a rule of this version of mp-s3-lint; 'mp-s3-lint --list-rules' lists them/],
    ['MP102:fatal', /--rule MP102:fatal: the level must be one of error, warning, note, off/],
    ['MP102', /--rule "MP102": expected ID:LEVEL/],
  ];
  for (const [value, message] of cases) {
    const result = await runCli(['.', '--rule', value], { cwd: repo });
    assert.is(result.code, 2, value);
    assert.match(result.stderr, message);
    assert.is(result.stdout, '', 'nothing was checked');
  }
});

test('a bad config exits 2 with the file, line:column, the key and what is expected', async () => {
  const cases: [object, RegExp][] = [
    [{ suppressions: [{ rule: 'MP102', file: 'trust.json' }] }, /3:5 {2}suppressions\[0\] is missing the required key "reason"/],
    [{ suppressions: [{ rule: 'MP102', file: 'trust.json', reason: '  ' }] }, /6:17 {2}suppressions\[0\]\.reason must say why the finding is accepted \(a non-empty string\)/],
    [{ suppressions: [{ rule: 'MP999', file: 'trust.json', reason: 'r' }] }, /4:15 {2}suppressions\[0\]\.rule is not a rule of this version of mp-s3-lint \(MP999\)/],
    [{ suppressions: [{ rule: 'MP102', file: 'trust.json', reason: 'r', expires: '2027-02-30' }] }, /7:18 {2}suppressions\[0\]\.expires must be a date YYYY-MM-DD that exists; found "2027-02-30"/],
    [{ suppressions: [{ rule: 'MP102', file: 'trust.json', reason: 'r', expires: '30/06/2027' }] }, /suppressions\[0\]\.expires must be a date YYYY-MM-DD; found "30\/06\/2027"/],
    [{ suppressions: [{ rule: 'MP102', file: 'trust.json', reason: 'r', path: '$.Statement[0' }] }, /suppressions\[0\]\.path must be a JSONPath as the report shows it/],
    [{ suppressions: [{ rule: 'MP102', file: 'trust.json', reason: 'r', until: '2027-01-01' }] }, /suppressions\[0\] has a key "until" that mp-s3-lint does not know/],
    [{ suppressions: { rule: 'MP102' } }, /suppressions must be an array/],
    [{ rules: { MP999: 'off' } }, /3:14 {2}rules\.MP999 is not a rule of this version of mp-s3-lint/],
    [{ root: 'yes' }, /root must be a boolean; found "yes"/],
  ];
  for (const [config, message] of cases) {
    const dir = writeTree(tempDir(), { [CONFIG]: config, ...goodSetup('.') });
    const result = await runCli(['.'], { cwd: dir });
    assert.is(result.code, 2, JSON.stringify(config));
    assert.match(result.stderr, new RegExp(`Invalid config ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${CONFIG}:\\n`), 'the file');
    assert.match(result.stderr, message);
  }
});

test.run();

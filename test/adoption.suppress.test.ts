// Suppressions with reasons: one that applies (listed with its reason, not counted), one that expired
// (the finding counts again and MP040 says why), one that matches nothing (MP040, so it is cleaned
// up); each keeps the config that declares it, and `expires` is a UTC day.
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { validateSarif } from './helpers/sarif.js';
import { CONFIG, CONFUSED_DEPUTY_TRUST, GOOD_PARAMS, goodSetup, type JsonReport, tempDir, writeTree, WRONG_USER_TRUST } from './helpers/tree.js';
import { lint } from '../src/lint.js';
import type { SarifLog } from '../src/report/sarif.js';

const APPLIES = 'Mixpanel documents this account as its export account; narrowing is tracked in SEC-42.';

/**
 * A repository whose root config declares three suppressions for team/trust-policy.json (MP102 and
 * MP105 warnings there): one that applies (MP105, a path covering the principal), one that expired
 * (MP102), one that matches nothing (MP104).
 */
function repository(): string {
  return writeTree(tempDir(), {
    [CONFIG]: {
      ...GOOD_PARAMS,
      suppressions: [
        { rule: 'MP105', file: 'team/trust-policy.json', path: '$.Statement[0]', reason: APPLIES, expires: '2999-12-31' },
        { rule: 'MP102', file: 'team/trust-policy.json', reason: 'Accepted during the migration.', expires: '2020-01-31' },
        { rule: 'MP104', file: 'team/trust-policy.json', reason: 'Was public once.' },
      ],
    },
    ...goodSetup('team'),
    'team/trust-policy.json': CONFUSED_DEPUTY_TRUST,
  });
}

test('json: the suppressed finding is listed with its reason and source, and counted apart; the expired and unmatched ones are MP040 warnings', async () => {
  const repo = repository();
  const result = await runCli(['.', '-f', 'json'], { cwd: repo });
  const report = JSON.parse(result.stdout) as JsonReport;
  const suppressed = report.findings.filter((f) => f.suppressed !== undefined);
  assert.equal(suppressed.map((f) => [f.ruleId, f.path, f.suppressed]), [['MP105', '$.Statement[0].Principal', { reason: APPLIES, source: CONFIG }]]);
  const counted = report.findings.filter((f) => f.suppressed === undefined).map((f) => [f.ruleId, f.file]);
  assert.equal(counted.sort(), [['MP040', CONFIG], ['MP040', CONFIG], ['MP102', 'team/trust-policy.json']].sort(), 'MP102 is back: its suppression expired');
  const stale = report.findings.filter((f) => f.ruleId === 'MP040');
  assert.match(stale[0]!.message, /^The suppression of MP102 for team\/trust-policy\.json expired on 2020-01-31 \(reason given: "Accepted during the migration\."\)\. 1 finding it covered counts again\./);
  assert.equal([stale[0]!.line, stale[0]!.path], [16, '$.suppressions[1]'], 'pointing at the entry in the config');
  assert.match(stale[1]!.message, /^The suppression of MP104 for team\/trust-policy\.json matches no finding/);
  assert.equal(report.summary, { errors: 0, warnings: 3, notes: 0, files: 3, suppressed: 1, known: 0, passedOver: 0, setups: ['team'] });
});

test('a suppressed error does not count for the exit code; the same error unsuppressed does', async () => {
  const files = { ...goodSetup('team'), 'team/trust-policy.json': WRONG_USER_TRUST };
  const unsuppressed = writeTree(tempDir(), { [CONFIG]: GOOD_PARAMS, ...files });
  assert.is((await runCli(['.'], { cwd: unsuppressed })).code, 1);
  const suppression = { rule: 'MP101', file: 'team/trust-policy.json', reason: 'The user is renamed by the platform team on Monday.' };
  const repo = writeTree(tempDir(), { [CONFIG]: { ...GOOD_PARAMS, suppressions: [suppression] }, ...files });
  const stylish = await runCli(['.'], { cwd: repo });
  assert.is(stylish.code, 0, stylish.stdout);
  assert.not.match(stylish.stdout, /MP101/, 'stylish shows a count, not the finding');
  assert.match(stylish.stdout, /No problems found in 3 files \(1 export setup checked \([^)]*\)\) \(not counted: 1 suppressed\)/);
  assert.equal((await runCli(['.', '-f', 'github'], { cwd: repo })).stdout, '', 'no annotation for an accepted finding');
});

test('sarif: the suppressed finding is a result with an external suppression and its justification, and the log validates', async () => {
  const result = await runCli(['.', '-f', 'sarif'], { cwd: repository() });
  const log = JSON.parse(result.stdout) as SarifLog;
  assert.equal(validateSarif(log), []);
  const results = log.runs[0].results;
  const suppressed = results.filter((r) => r.suppressions !== undefined);
  assert.equal(suppressed.map((r) => [r.ruleId, r.suppressions]), [['MP105', [{ kind: 'external', status: 'accepted', justification: APPLIES }]]]);
  assert.is(suppressed[0]!.properties.suppressedBy, CONFIG);
  assert.is(results.length, 4, 'MP105 (suppressed), MP102 and two MP040');
});

test('expires is a day in UTC: the suppression applies through that day and not the next', async () => {
  const repo = writeTree(tempDir(), {
    [CONFIG]: { ...GOOD_PARAMS, suppressions: [{ rule: 'MP105', file: 'team/trust-policy.json', reason: 'Until the end of June.', expires: '2026-06-30' }] },
    ...goodSetup('team'),
    'team/trust-policy.json': CONFUSED_DEPUTY_TRUST,
  });
  const at = async (now: string) => lint({ paths: ['.'], cwd: repo, now: new Date(now) });
  const lastDay = await at('2026-06-30T23:59:59.999Z');
  assert.ok(lastDay.findings.find((f) => f.ruleId === 'MP105')?.suppressed !== undefined);
  assert.is(lastDay.findings.filter((f) => f.ruleId === 'MP040').length, 0);
  const nextDay = await at('2026-07-01T00:00:00.000Z');
  assert.is(nextDay.findings.find((f) => f.ruleId === 'MP105')?.suppressed, undefined);
  assert.match(nextDay.findings.find((f) => f.ruleId === 'MP040')!.message, /expired on 2026-06-30/);
});

test('in the cascade each suppression keeps its config: its file is relative to it, and it is stale only where its file was checked', async () => {
  const repo = writeTree(tempDir(), {
    [CONFIG]: { ...GOOD_PARAMS, suppressions: [{ rule: 'MP104', file: 'other/trust-policy.json', reason: 'Another team.' }] },
    [`team/${CONFIG}`]: { suppressions: [{ rule: 'MP105', file: 'trust-policy.json', reason: 'Team decision.' }] },
    ...goodSetup('team'),
    ...goodSetup('other'),
    'team/trust-policy.json': CONFUSED_DEPUTY_TRUST,
  });
  const teamOnly = await lint({ paths: ['team'], cwd: repo });
  assert.equal(teamOnly.findings.find((f) => f.ruleId === 'MP105')?.suppressed, { reason: 'Team decision.', source: `team/${CONFIG}` });
  assert.equal(teamOnly.findings.filter((f) => f.ruleId === 'MP040'), [], 'other/ was not checked, so its suppression is not called stale');
  const all = await lint({ paths: ['.'], cwd: repo });
  assert.equal(all.findings.filter((f) => f.ruleId === 'MP040').map((f) => [f.file, f.path]), [[CONFIG, '$.suppressions[0]']]);
  const off = writeTree(repo, { [CONFIG]: { ...GOOD_PARAMS, rules: { MP040: 'off' }, suppressions: [{ rule: 'MP104', file: 'other/trust-policy.json', reason: 'Another team.' }] } });
  assert.equal((await lint({ paths: ['.'], cwd: off })).findings.filter((f) => f.ruleId === 'MP040'), [], 'MP040 has a level like any rule');
});

test('a suppression for a file that does not exist is reported; one whose path does not cover the finding does not apply', async () => {
  const repo = writeTree(tempDir(), {
    [CONFIG]: {
      ...GOOD_PARAMS,
      suppressions: [
        { rule: 'MP105', file: 'team/trust.json', reason: 'Old name.' },
        { rule: 'MP105', file: 'team/trust-policy.json', path: '$.Statement[1]', reason: 'Another statement.' },
        { rule: 'MP105', file: 'team/trust-policy.json', path: '$.Statement[0].Princ', reason: 'Not a node.' },
      ],
    },
    ...goodSetup('team'),
    'team/trust-policy.json': CONFUSED_DEPUTY_TRUST,
  });
  const report = await lint({ paths: ['.'], cwd: repo });
  assert.is(report.findings.find((f) => f.ruleId === 'MP105')?.suppressed, undefined);
  const stale = report.findings.filter((f) => f.ruleId === 'MP040').map((f) => f.message);
  assert.is(stale.length, 3);
  assert.match(stale[0]!, /for team\/trust\.json names a file that does not exist/);
  assert.match(stale[1]!, /at \$\.Statement\[1\] matches no finding/);
  assert.match(stale[2]!, /at \$\.Statement\[0\]\.Princ matches no finding/);
});

test('the explicit --config: its suppressions are relative to it', async () => {
  const repo = writeTree(tempDir(), {
    'ci/lint.json': { ...GOOD_PARAMS, suppressions: [{ rule: 'MP105', file: '../team/trust-policy.json', reason: 'From the CI config.' }] },
    ...goodSetup('team'),
    'team/trust-policy.json': CONFUSED_DEPUTY_TRUST,
  });
  const report = await lint({ paths: ['team'], cwd: repo, configFile: path.join('ci', 'lint.json') });
  assert.equal(report.findings.find((f) => f.ruleId === 'MP105')?.suppressed, { reason: 'From the CI config.', source: 'ci/lint.json' });
});

test.run();

// Suppressions, baselines and --rule shape the report only: with `--live --create`, an error they hide
// from the report still blocks the pipeline (the real SDK against the loopback AWS emulator, the
// Mixpanel stand-in counting every request).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { type JsonReport, tempDir } from './helpers/tree.js';
import { useStandins } from './support/standins.js';
import { BUCKET, ROLE, TOKEN, goodAccount, policy } from './support/live-account.js';
import { PROJECT_ID, SECRET_ENV } from './support/pipeline-input.js';

const standins = useStandins(test);
test.before.each(() => {
  // After the stand-ins' reset: a trust policy naming a user Mixpanel does not have (MP101, an error; the export would fail).
  const state = goodAccount();
  state.roles[ROLE]!.trust = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-exports' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': TOKEN } } });
  standins.aws.setState(state);
});

const check = () => ['--live', '--role', ROLE, '--bucket', BUCKET, '--token', TOKEN, '--region', 'us-east-1', '--encryption', 'kms', '--kms-key', 'alias/mixpanel-export', '--endpoint-url', standins.aws.url];
const create = () => [...check(), '--create', '--from-date', '2026-11-01', '--api-url', standins.mixpanel.url, '--project-id', PROJECT_ID, '--yes'];

/** The MP101 finding of the deployed trust policy, as the report names it. */
async function trustFinding(cwd: string): Promise<{ file: string; path: string }> {
  const report = JSON.parse((await runCli([...check(), '-f', 'json'], { cwd })).stdout) as JsonReport;
  const finding = report.findings.find((f) => f.ruleId === 'MP101');
  assert.ok(finding, 'the deployed trust policy is reported');
  return finding;
}

function assertRefused(result: { code: number; stderr: string }): void {
  assert.is(result.code, 1, result.stderr);
  assert.is(standins.mixpanel.requests.length, 0, 'nothing was sent to Mixpanel, not even a listing');
  assert.match(result.stderr, /Nothing was sent to Mixpanel/);
}

test('a suppressed error: the report counts no error, and --create still refuses', async () => {
  const cwd = tempDir();
  const finding = await trustFinding(cwd);
  writeFileSync(path.join(cwd, 'mp-s3-lint.config.json'), JSON.stringify({ suppressions: [{ rule: 'MP101', file: finding.file, reason: 'Trying to sneak past the gate.' }] }));
  const shown = JSON.parse((await runCli([...check(), '-f', 'json'], { cwd })).stdout) as JsonReport;
  assert.ok(shown.findings.find((f) => f.ruleId === 'MP101')?.suppressed, 'the suppression applies to the report');
  assert.is(shown.summary.errors, 0);
  assertRefused(await runCli([...create(), '-f', 'json'], { cwd, env: SECRET_ENV }));
});

test('an error known from a baseline: the report is clean, and --create still refuses', async () => {
  const cwd = tempDir();
  assert.is((await runCli([...check(), '--write-baseline', 'baseline.json'], { cwd })).code, 0);
  const shown = JSON.parse((await runCli([...check(), '--baseline', 'baseline.json', '-f', 'json'], { cwd })).stdout) as JsonReport;
  assert.equal([shown.findings.length, shown.summary.known], [0, 1]);
  assertRefused(await runCli([...create(), '--baseline', 'baseline.json'], { cwd, env: SECRET_ENV }));
});

test('a rule turned off with --rule: not reported, and --create still refuses', async () => {
  const cwd = tempDir();
  const shown = JSON.parse((await runCli([...check(), '--rule', 'MP101:off', '-f', 'json'], { cwd })).stdout) as JsonReport;
  assert.equal(shown.findings.filter((f) => f.ruleId === 'MP101'), []);
  assertRefused(await runCli([...create(), '--rule', 'MP101:off'], { cwd, env: SECRET_ENV }));
});

test.run();

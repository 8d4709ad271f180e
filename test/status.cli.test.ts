// `mp-s3-lint status` end to end: a pipeline created with `--live --create` against the AWS emulator and
// the Mixpanel stand-in, then a failed run reported by the stand-in, and `status --explain` running the
// live check of the destination the audit log recorded, with the real AWS SDK over loopback.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, type CliResult } from './helpers/cli.js';
import { useStandins } from './support/standins.js';
import { BUCKET, KEY_ARN, ROLE, ROLE_ARN, TOKEN, goodAccount, policy } from './support/live-account.js';
import { API_SECRET, PROJECT_ID, SECRET_ENV } from './support/pipeline-input.js';
import { day, run, seedHistory } from './support/pipeline-runs.js';

const standins = useStandins(test);

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-status-'));
const mixpanelFlags = () => ['--api-url', standins.mixpanel.url, '--project-id', PROJECT_ID];
const explainFlags = () => ['--explain', '--endpoint-url', standins.aws.url, '--token', TOKEN];
const status = (args: string[], cwd: string) => runCli(['status', ...mixpanelFlags(), ...args], { cwd, env: SECRET_ENV });

/** Creates the pipeline through `--live --create` in `cwd` (its audit log there), and makes its latest run a failure. */
async function createdThenFailed(cwd: string): Promise<string> {
  const created = await runCli(
    ['--live', '--role', ROLE, '--bucket', BUCKET, '--token', TOKEN, '--region', 'us-east-1', '--encryption', 'kms', '--kms-key', 'alias/mixpanel-export', '--endpoint-url', standins.aws.url, '--create', '--from-date', '2026-11-01', '--yes', ...mixpanelFlags()],
    { cwd, env: SECRET_ENV },
  );
  assert.is(created.code, 0, created.stderr);
  const [pipeline] = standins.mixpanel.pipelines;
  pipeline!.runs = [run('failed', '2026-11-03T01:00:00-08:00', '2026-11-03T01:20:00-08:00'), run('pending', '2026-11-04T01:00:00-08:00')];
  pipeline!.days = [day('2026-11-01', '2026-11-02 01:05:00 -0800 PST')];
  return pipeline!.name;
}

/** The bucket policy now denies every upload that does not come through the company's VPC endpoint. */
function denyOutsideVpce(): void {
  const state = goodAccount();
  state.buckets[BUCKET]!.policy = policy(
    { Sid: 'AllowAuditorRead', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/auditor' }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` },
    { Sid: 'DenyUploadsOutsideVpce', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } } },
  );
  standins.aws.setState(state);
}

const readOnlyAws = () => assert.ok(standins.aws.calls.every((call) => /^(Get|List|Describe)/.test(call.operation)), standins.aws.calls.map((c) => c.call).join(', '));

test('a created pipeline whose bucket policy now denies the upload: --explain names the statement, exit 1, reads only', async () => {
  const cwd = tmp();
  const name = await createdThenFailed(cwd);
  denyOutsideVpce();
  const requestsBefore = standins.mixpanel.requests.length;
  const callsBefore = standins.aws.calls.length;
  const result = await status([...explainFlags()], cwd);
  assert.is(result.code, 1, result.stderr);
  assert.match(result.stdout, new RegExp(`✖ ${name}: failed at 2026-11-03T01:20:00-08:00`));
  assert.match(result.stdout, new RegExp(`Why ${name} failed\\n  destination, from the audit log ${path.join(cwd, 'mp-s3-lint-audit.jsonl').replace(/[.]/g, '\\.')} \\(created \\d{4}-`));
  assert.ok(result.stdout.includes(`s3://${BUCKET}, role ${ROLE_ARN}, region us-east-1, encryption kms, key ${KEY_ARN}`), result.stdout);
  assert.match(result.stdout, /MP401 error {2}live\/s3\/acme-mixpanel-export\/bucket-policy\.json:\d+:\d+ {2}\$\.Statement\[1\]\n/);
  assert.match(result.stdout, /s3:PutObject on arn:aws:s3:::acme-mixpanel-export\/\S+ by the export role → explicit deny by this bucket-policy statement \(Sid "DenyUploadsOutsideVpce"\)/);
  assert.match(result.stdout, new RegExp(`The live check found an error that makes Mixpanel's requests fail: it explains the failure of ${name}\\.`));
  assert.not.match(result.stdout, /the cause is outside them/);
  // Read-only: the stand-in saw GETs only after the create, and AWS only reads.
  assert.equal([...new Set(standins.mixpanel.requests.slice(requestsBefore).map((r) => `${r.method} ${r.route}`))].sort(), ['GET jobs', 'GET status', 'GET timeline']);
  assert.ok(standins.aws.calls.length > callsBefore, 'the live check ran');
  readOnlyAws();

  const json = await status([...explainFlags(), '-f', 'json'], cwd);
  assert.is(json.code, 1);
  const [explanation] = (JSON.parse(json.stdout) as { explanations: Array<{ conclusion: string; params: Record<string, string>; findings: Array<{ ruleId: string; path: string; file: string }> }> }).explanations;
  assert.is(explanation!.conclusion, 'findings');
  assert.is(explanation!.params['bucket'], BUCKET);
  assert.equal(explanation!.findings.map((f) => `${f.ruleId} ${f.file} ${f.path}`), ['MP401 live/s3/acme-mixpanel-export/bucket-policy.json $.Statement[1]']);
  const github = await status([...explainFlags(), '-f', 'github'], cwd);
  assert.match(github.stdout, new RegExp(`^::error title=Mixpanel pipeline ${name}::The latest run failed`, 'm'));
  assert.match(github.stdout, /^::error file=live\/s3\/acme-mixpanel-export\/bucket-policy\.json,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=MP401 Bucket policy blocks the export::/m);
});

test('documents that allow every request: the cause is outside them, with what remains; exit 1', async () => {
  const cwd = tmp();
  const name = await createdThenFailed(cwd);
  // Only `created` records place a pipeline: a later attempt that found it (`already-exists`) with other
  // parameters, and a torn line, change nothing.
  const log = path.join(cwd, 'mp-s3-lint-audit.jsonl');
  const [created] = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { parameters: Record<string, string> });
  writeFileSync(log, `${readFileSync(log, 'utf8')}${JSON.stringify({ ...created, decision: 'already-exists', pipelines: [name], parameters: { ...created!.parameters, s3_role: 'arn:aws:iam::111122223333:role/other' } })}\n{"decision":"crea`);
  const result = await status(explainFlags(), cwd);
  assert.is(result.code, 1, result.stderr);
  assert.match(result.stdout, /The documents allow every request Mixpanel makes: the cause is outside them\./);
  assert.match(result.stdout, new RegExp(`- A change since the run: the role ${ROLE_ARN}, the bucket ${BUCKET}, the key ${KEY_ARN} \\(Enabled\\) exist now`));
  assert.match(result.stdout, /service control policies and resource control policies/);
  assert.match(result.stdout, new RegExp(`checked against the project token ${TOKEN}`));
  assert.match(result.stdout, new RegExp(`ask Mixpanel's support about the failed run of ${name} at 2026-11-03T01:20:00-08:00`));
});

test('a Deny that depends on a value the documents do not give (the organization) may explain it: said so, not "the cause is outside them"', async () => {
  const cwd = tmp();
  const name = await createdThenFailed(cwd);
  const state = goodAccount();
  state.buckets[BUCKET]!.policy = policy({ Sid: 'DenyOutsideOrg', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`], Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } });
  standins.aws.setState(state);
  const result = await status(explainFlags(), cwd);
  assert.is(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /MP403 warning {2}live\/s3\/acme-mixpanel-export\/bucket-policy\.json:\d+:\d+ {2}\$\.Statement\[0\]/);
  assert.match(result.stdout, new RegExp(`Whether the documents let Mixpanel's requests through depends on values they do not give \\(the finding above\\): if those values went against the export when it ran, they explain the failure of ${name}\\.`));
  assert.not.match(result.stdout, /the cause is outside them|allow the export/);
});

test('the documents are asked at the time of the failed run: a Deny window that has closed since explains it', async () => {
  const cwd = tmp();
  const name = await createdThenFailed(cwd);
  const state = goodAccount();
  state.buckets[BUCKET]!.policy = policy({
    Sid: 'FreezeUploadsDuringMigration',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: `arn:aws:s3:::${BUCKET}/*`,
    Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-11-02T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2026-11-05T00:00:00Z' } },
  });
  standins.aws.setState(state);
  const result = await status(explainFlags(), cwd);
  assert.is(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /requests asked at the run's time, 2026-11-03T01:00:00-08:00/);
  assert.match(result.stdout, /explicit deny by this bucket-policy statement \(Sid "FreezeUploadsDuringMigration"\)/);
  assert.match(result.stdout, new RegExp(`it explains the failure of ${name}\\.`));
  // The same documents asked now (the window is over) allow the upload.
  const now = await runCli(['--live', '--role', ROLE, '--bucket', BUCKET, '--token', TOKEN, '--region', 'us-east-1', '--encryption', 'kms', '--kms-key', 'alias/mixpanel-export', '--endpoint-url', standins.aws.url], { cwd });
  assert.not.match(now.stdout, /MP401/);
});

test('a bucket deleted since the pipeline was created explains the failure', async () => {
  const cwd = tmp();
  await createdThenFailed(cwd);
  const state = goodAccount();
  delete state.buckets[BUCKET];
  standins.aws.setState(state);
  const result = await status(explainFlags(), cwd);
  assert.is(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /MP600 error .*\n.*s3:GetBucket\w+.*(does not exist|not found)/i);
  assert.match(result.stdout, /The live check found 3 errors that make Mixpanel's requests fail: they explain the failure/);
});

test('what --explain cannot check is said, and the run cannot tell (exit 2): no token, no destination', async () => {
  const cwd = tmp();
  const name = await createdThenFailed(cwd);
  const noToken = await status(['--explain', '--endpoint-url', standins.aws.url], cwd);
  assert.is(noToken.code, 2);
  assert.match(noToken.stdout, new RegExp(`The live check is incomplete, so it cannot tell whether the documents explain the failure of ${name}\\.\\n    - Not set: the project token`));
  // The token from the config works as in live mode.
  writeFileSync(path.join(cwd, 'mp-s3-lint.config.json'), JSON.stringify({ token: TOKEN }));
  assert.is((await status(['--explain', '--endpoint-url', standins.aws.url], cwd)).code, 1);

  const elsewhere = tmp();
  const calls = standins.aws.calls.length;
  const noRecord = await status([...explainFlags()], elsewhere);
  assert.is(noRecord.code, 2);
  assert.match(noRecord.stdout, new RegExp(`The destination of ${name} is not known: the audit log ${path.join(elsewhere, 'mp-s3-lint-audit.jsonl').replace(/[.]/g, '\\.')} has no record of its creation, and no --role was given\\.`));
  assert.is(standins.aws.calls.length, calls, 'no AWS call without a destination');
  // Flags give the destination instead.
  const flags = await status([...explainFlags(), '--pipeline', name, '--role', ROLE, '--bucket', BUCKET, '--region', 'us-east-1', '--encryption', 'kms', '--kms-key', 'alias/mixpanel-export'], elsewhere);
  assert.is(flags.code, 1, flags.stdout + flags.stderr);
  assert.match(flags.stdout, /destination, from flags and config:/);
  assert.match(flags.stdout, /the cause is outside them/);
  // Flags override the audit record: another bucket is checked.
  const overridden = await status([...explainFlags(), '--bucket', 'other-bucket', '-f', 'json'], cwd);
  assert.is((JSON.parse(overridden.stdout) as { explanations: Array<{ params: { bucket: string } }> }).explanations[0]!.params.bucket, 'other-bucket');
});

test('nothing failed: nothing to explain, no AWS call, exit 0; destination flags with two failing pipelines: exit 2', async () => {
  const names = seedHistory(standins.mixpanel);
  const cwd = tmp();
  const calls = standins.aws.calls.length;
  const fine = await status(['--pipeline', names.recovered, ...explainFlags()], cwd);
  assert.is(fine.code, 0, fine.stderr);
  assert.match(fine.stdout, /Nothing to explain: no latest run failed or timed out\./);
  assert.match(fine.stdout, /✔ 1 pipeline, none whose latest run failed: 1 synced\./);
  assert.is(standins.aws.calls.length, calls);
  const ambiguous = await status([...explainFlags(), '--bucket', BUCKET], cwd);
  assert.is(ambiguous.code, 2);
  assert.match(ambiguous.stderr, /--bucket gives one pipeline's destination, and events-failed, events-timed-out failed: give --pipeline NAME/);
  assert.is(standins.aws.calls.length, calls);
});

test('output: --output-file, --format json; exit codes without --explain', async () => {
  const names = seedHistory(standins.mixpanel);
  const cwd = tmp();
  const file = path.join(cwd, 'status.json');
  const written = await status(['-f', 'json', '-o', file], cwd);
  assert.is(written.code, 1);
  assert.is(written.stdout, '');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { version: number; pipelines: Array<{ name: string; latest: { verdict: string } }>; explanations: unknown; summary: Record<string, number> };
  assert.is(json.version, 1);
  assert.equal(json.pipelines.map((p) => [p.name, p.latest.verdict]), [[names.recovered, 'synced'], [names.failed, 'failed'], [names.timedOut, 'timed_out'], [names.fresh, 'no-runs']]);
  assert.is(json.explanations, null);
  assert.equal(json.summary, { pipelines: 4, failed: 2, unknown: 0, exitCode: 1 });
  const unknown = await status(['--pipeline', 'nope'], cwd);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /No pipeline named "nope"/);
  assert.is(unknown.stdout, '');
});

test('usage: what status does not take, flags that need --explain, sarif, a secret on the command line, no credentials', async () => {
  const cwd = tmp();
  const cases: Array<[string[], RegExp]> = [
    [['status', '--quiet'], /status does not take --quiet/],
    [['status', '--create', '--from-date', '2026-11-01'], /status does not take --from-date, --create/],
    [['status', 'policies/'], /Unknown argument: policies\//],
    [['status', '--bucket', BUCKET, '--profile', 'prod'], /--bucket, --profile go with --explain/],
    [['status', '--audit-log', 'audit.jsonl'], /--audit-log goes with --explain/],
    [['status', '-f', 'sarif'], /status prints stylish, json, github, not sarif/],
    [['status', '--api-url', 'ftp://x'], /--api-url must be an http or https URL/],
    [['status', '--explain', '--timeout', '0'], /--timeout must be a positive number/],
  ];
  for (const [argv, expected] of cases) {
    const result: CliResult = await runCli(argv, { cwd, env: SECRET_ENV });
    assert.is(result.code, 2, argv.join(' '));
    assert.match(result.stderr, expected);
  }
  const leaked = await runCli(['status', ...mixpanelFlags(), '--pipeline', API_SECRET], { cwd, env: SECRET_ENV });
  assert.is(leaked.code, 2);
  assert.match(leaked.stderr, /refused: argument \d+ contains the value of MIXPANEL_API_SECRET/);
  assert.not.ok(leaked.stderr.includes(API_SECRET));
  const none = await runCli(['status', ...mixpanelFlags()], { cwd, env: {} });
  assert.is(none.code, 2);
  assert.match(none.stderr, /No Mixpanel credentials/);
  assert.is(standins.mixpanel.requests.length, 0);
  const help = await runCli(['status', '--help'], { cwd });
  assert.is(help.code, 0);
  assert.match(help.stdout, /--pipeline/);
  assert.match(help.stdout, /Exit codes: 0 no latest run failed/);
  assert.not.match(help.stdout, /--max-warnings|--dry-run|--from-date/, 'options status does not take are hidden');
});

test.run();

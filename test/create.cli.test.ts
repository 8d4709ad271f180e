// `mp-s3-lint --live --create` end to end: the real AWS SDK reads the deployed setup from the loopback
// emulator, and the pipeline is created at the Mixpanel stand-in only when every check passed.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import type { AwsEmulator } from './support/aws-emulator.js';
import type { MixpanelStandin } from './support/mixpanel-standin.js';
import { ROLE, goodAccount, policy } from './support/live-account.js';
import { API_SECRET, SECRET_ENV } from './support/pipeline-input.js';
import { createFlags } from './support/create-cli.js';
import { useStandins } from './support/standins.js';

let aws: AwsEmulator;
let mixpanel: MixpanelStandin;
const standins = useStandins(test);
test.before(() => void ({ aws, mixpanel } = standins));

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-create-'));
const flags = () => createFlags(aws, mixpanel);
const auditLines = (cwd: string) => readFileSync(path.join(cwd, 'mp-s3-lint-audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

test('a setup that passes every check is created, once; the audit line records who checked what', async () => {
  const cwd = tmp();
  const created = await runCli([...flags(), '--yes'], { cwd, env: SECRET_ENV });
  assert.is(created.code, 0, created.stderr);
  assert.is(mixpanel.count('create', 'POST'), 1);
  assert.equal(mixpanel.pipelines.map((p) => p.params['s3_role']), [`arn:aws:iam::111122223333:role/${ROLE}`], 'the role name was sent as the ARN AWS returned');
  assert.is(mixpanel.pipelines[0]!.params['s3_kms_key_id'], 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  const [pending, record] = auditLines(cwd);
  assert.is(pending!['decision'], 'pending');
  assert.is(record!['decision'], 'created');
  assert.equal(record!['caller'], { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/auditor' });
  assert.is((record!['documents'] as unknown[]).length, 3);
  assert.not.ok(readFileSync(path.join(cwd, 'mp-s3-lint-audit.jsonl'), 'utf8').includes(API_SECRET));
  assert.not.ok((created.stdout + created.stderr).includes(API_SECRET));
  const again = await runCli([...flags(), '--yes'], { cwd, env: SECRET_ENV });
  assert.is(again.code, 0);
  assert.is(mixpanel.count('create', 'POST'), 1, 'no duplicate on re-run');
  assert.is(auditLines(cwd)[2]!['decision'], 'already-exists');
  assert.is((await runCli([...flags(), '--yes', '--fail-if-exists'], { cwd, env: SECRET_ENV })).code, 1);
});

test('a setup with an error finding is refused: nothing is sent to Mixpanel, exit 1, the refusal is audited', async () => {
  const state = goodAccount();
  state.roles[ROLE]!.trust = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-exports' }, Action: 'sts:AssumeRole' });
  aws.setState(state);
  const cwd = tmp();
  const result = await runCli([...flags(), '--yes'], { cwd, env: SECRET_ENV });
  assert.is(result.code, 1);
  assert.match(result.stdout, /MP101/);
  assert.is(mixpanel.requests.length, 0, 'not even a listing');
  assert.is(auditLines(cwd)[0]!['decision'], 'refused');
});

test('warnings over --max-warnings refuse too, even when --quiet hides them', async () => {
  const state = goodAccount();
  state.roles[ROLE]!.trust = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-export' }, Action: 'sts:AssumeRole' });
  aws.setState(state);
  const result = await runCli([...flags(), '--yes', '--quiet', '--max-warnings', '0'], { cwd: tmp(), env: SECRET_ENV });
  assert.is(result.code, 1);
  assert.not.match(result.stdout, /MP102/, '--quiet hides the warning');
  assert.is(mixpanel.count('create', 'POST'), 0);
});

test('without a terminal and without --yes, nothing is created; --dry-run shows the request with the secret masked', async () => {
  const cwd = tmp();
  const unconfirmed = await runCli(flags(), { cwd, env: SECRET_ENV });
  assert.is(unconfirmed.code, 1);
  assert.match(unconfirmed.stderr, /pass --yes/);
  assert.is(mixpanel.count('create', 'POST'), 0);
  const dry = await runCli([...flags(), '--dry-run'], { cwd, env: SECRET_ENV });
  assert.is(dry.code, 0, dry.stderr);
  assert.match(dry.stderr, /\*\*\*/);
  assert.not.ok(dry.stderr.includes(API_SECRET));
  assert.is(mixpanel.count('create', 'POST'), 0);
});

test('a confirmation on a terminal: "no" creates nothing, "yes" creates', async () => {
  const questions: string[] = [];
  const ask = (answer: boolean) => async (question: string) => (questions.push(question), answer);
  const cwd = tmp();
  let result = await runCli(flags(), { cwd, env: SECRET_ENV, confirm: ask(false) });
  assert.is(result.code, 1);
  assert.is(mixpanel.count('create', 'POST'), 0);
  result = await runCli(flags(), { cwd, env: SECRET_ENV, confirm: ask(true) });
  assert.is(result.code, 0, result.stderr);
  assert.is(mixpanel.count('create', 'POST'), 1);
  assert.ok(questions.every((q) => q.includes('s3_bucket') && !q.includes(API_SECRET)), questions.join('\n'));
  assert.ok(questions.every((q) => q.startsWith('Authenticating with the project API secret')), 'the deprecation notice comes before the question');
});

test('usage: --create needs --live and --from-date; a secret on the command line is refused before anything is read', async () => {
  const noLive = await runCli(['examples/good', '--create', '--from-date', '2026-11-01']);
  assert.is(noLive.code, 2);
  assert.match(noLive.stderr, /--create goes with --live/);
  const noDate = await runCli(['--live', '--role', ROLE, '--create'], { cwd: tmp() });
  assert.is(noDate.code, 2);
  assert.match(noDate.stderr, /--create needs --from-date/);
  const stray = await runCli(['examples/good', '--dry-run']);
  assert.is(stray.code, 2);
  assert.match(stray.stderr, /go with --create/);
  const calls = aws.calls.length;
  const cwd = tmp();
  const leaked = await runCli([...flags(), '--yes', '--where', `properties["x"] == "${API_SECRET}"`], { cwd, env: SECRET_ENV });
  assert.is(leaked.code, 2);
  assert.match(leaked.stderr, /refused: argument \d+ contains the value of MIXPANEL_API_SECRET/);
  assert.not.ok(leaked.stderr.includes(API_SECRET));
  assert.is(aws.calls.length, calls, 'no AWS call was made');
  assert.not.ok(existsSync(path.join(cwd, 'mp-s3-lint-audit.jsonl')));
});

test.run();

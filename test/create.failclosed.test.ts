// `--live --create` fails closed (issue 14): rule levels cannot open the gate, an unknown outcome is
// never taken for success, usage errors stop the run before any request, and the lock admits one run
// at a time. Each case ends by counting the pipelines that exist, the exit code and the audit lines.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import type { AwsEmulator, EmulatorOptions, EmulatorState } from './support/aws-emulator.js';
import type { MixpanelStandin } from './support/mixpanel-standin.js';
import { BUCKET, ROLE, goodAccount, policy } from './support/live-account.js';
import { PARAMS, PROJECT_ID, SECRET_ENV, createInput } from './support/pipeline-input.js';
import { AUDIT_LOG, auditRecords, createFlags, decisions } from './support/create-cli.js';
import { useStandins } from './support/standins.js';
import { createPipeline, readCreatedPipelines, type CreateInput } from '../src/create/index.js';
import { acquireLock } from '../src/create/lock.js';

let aws: AwsEmulator;
let mixpanel: MixpanelStandin;
const standins = useStandins(test);
test.before(() => void ({ aws, mixpanel } = standins));

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-failclosed-'));
const summaryOf = (stdout: string) => (JSON.parse(stdout) as { summary: { errors: number; warnings: number; notes: number } }).summary;

interface Opening {
  name: string;
  rule: string;
  /** The account: a good one (deep-copied: its policies are shared objects) with one thing wrong that only `rule` reports as an error. */
  account: () => EmulatorState;
  options?: EmulatorOptions;
}

const OPENINGS: Opening[] = [
  { name: 'a denied GetBucketPolicy (the bucket policy never seen)', rule: 'MP600', account: goodAccount, options: { faults: { 's3:GetBucketPolicy': { accessDenied: true } } } },
  {
    name: "a trust policy Mixpanel's user cannot use",
    rule: 'MP101',
    account: () => {
      const state = structuredClone(goodAccount());
      state.roles[ROLE]!.trust = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/someone-else' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': '0123456789abcdef0123456789abcdef' } } });
      return state;
    },
  },
  {
    name: 'a permission policy without s3:PutObject',
    rule: 'MP201',
    account: () => {
      const state = structuredClone(goodAccount());
      const permissions = state.roles[ROLE]!.inline!['export-write'] as { Statement: Array<{ Action: unknown }> };
      permissions.Statement[0]!.Action = ['s3:GetObject', 's3:DeleteObject'];
      return state;
    },
  },
  {
    name: 'a bucket policy that denies the upload',
    rule: 'MP401',
    account: () => {
      const state = structuredClone(goodAccount());
      state.buckets[BUCKET]!.policy = policy({ Sid: 'NoUploads', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*` });
      return state;
    },
  },
];

test('1. no rule level opens the gate: a config turning the verdict\'s rule off, or to a warning or a note, still refuses', async () => {
  for (const opening of OPENINGS) {
    aws.setState(opening.account(), opening.options);
    for (const level of ['off', 'warning', 'note']) {
      mixpanel.reset();
      const cwd = tmp();
      writeFileSync(path.join(cwd, 'mp-s3-lint.config.json'), JSON.stringify({ rules: { [opening.rule]: level } }));
      const result = await runCli([...createFlags(aws, mixpanel), '--yes', '-f', 'json'], { cwd, env: SECRET_ENV });
      const what = `${opening.name}, ${opening.rule} ${level}`;
      assert.equal(summaryOf(result.stdout).errors, 0, `${what}: the config made the report clean\n${result.stdout}`);
      assert.is(result.code, 1, `${what}\n${result.stderr}`);
      assert.is(mixpanel.pipelines.length, 0, what);
      assert.is(mixpanel.requests.length, 0, `${what}: not even a listing`);
      const records = auditRecords(cwd);
      assert.equal(records.map((record) => record['decision']), ['refused'], what);
      assert.ok(String(records[0]!['reason']).includes(`${opening.rule} (set to ${level} by the config)`), `${what}: ${String(records[0]!['reason'])}`);
      assert.match(result.stderr, /no option or rule level skips the check/);
    }
  }
  // The same account, config and flags, with the rule at its default level, is refused too: by the report itself.
  aws.setState(goodAccount(), { faults: { 's3:GetBucketPolicy': { accessDenied: true } } });
  const plain = await runCli([...createFlags(aws, mixpanel), '--yes', '-f', 'json'], { cwd: tmp(), env: SECRET_ENV });
  assert.is(plain.code, 1);
  assert.is(summaryOf(plain.stdout).errors, 1);
  // And a good account with the same kind of config creates: the gate is not simply shut.
  aws.setState(goodAccount());
  const cwd = tmp();
  writeFileSync(path.join(cwd, 'mp-s3-lint.config.json'), JSON.stringify({ rules: { MP600: 'off', MP101: 'note' } }));
  const good = await runCli([...createFlags(aws, mixpanel), '--yes'], { cwd, env: SECRET_ENV });
  assert.is(good.code, 0, good.stderr);
  assert.is(mixpanel.pipelines.length, 1);
  assert.equal(decisions(cwd), ['pending', 'created']);
});

const libraryRun = (audit: string, overrides: Partial<CreateInput> = {}) => createPipeline(createInput(mixpanel, audit, overrides));

test('4. the POST answers 500 after Mixpanel made the pipeline and the re-listing fails: unknown, never re-sent; the next run names it and refuses; --resolve-unknown records it', async () => {
  const audit = path.join(tmp(), 'audit.jsonl');
  mixpanel.fault('jobs', { kind: 'delay', ms: 0 });
  mixpanel.fault('create', { kind: 'acted-then-status', status: 500 });
  mixpanel.fault('jobs', { kind: 'status', status: 503 }, 3);
  const outcome = await libraryRun(audit);
  assert.is(outcome.decision, 'unknown');
  assert.is(outcome.exitCode, 1);
  assert.match(outcome.messages.at(-1)!, /HTTP 500.*listing the pipelines again failed.*whether Mixpanel created the pipeline is unknown; it was not sent again\. List the project's pipelines in Mixpanel/);
  assert.is(mixpanel.count('create', 'POST'), 1);
  assert.is(mixpanel.pipelines.length, 1);
  const name = mixpanel.pipelines[0]!.name;
  const lines = () => auditRecords(path.dirname(audit), 'audit.jsonl');
  assert.equal(lines().map((line) => line['decision']), ['pending', 'unknown']);

  const rerun = await libraryRun(audit);
  assert.is(rerun.decision, 'refused');
  assert.is(rerun.exitCode, 1);
  assert.match(rerun.messages.at(-1)!, new RegExp(`has an unknown outcome: ${name} appeared since it was sent and may be its pipeline.*--resolve-unknown NAME`));
  assert.is(mixpanel.count('create', 'POST'), 1, 'the rerun did not duplicate');
  assert.equal(lines().map((line) => line['decision']), ['pending', 'unknown', 'refused']);

  const resolved = await libraryRun(audit, { resolveUnknown: name });
  assert.is(resolved.decision, 'already-exists');
  assert.is(resolved.exitCode, 0);
  assert.equal(lines().map((line) => line['decision']), ['pending', 'unknown', 'refused', 'created', 'already-exists']);
  const [pending, , , recorded] = lines();
  assert.is(recorded!['requestId'], pending!['requestId'], 'the created line settles the first request');
  assert.equal(recorded!['pipelines'], [name]);
  const created = await readCreatedPipelines(audit);
  assert.equal(created.map((pipeline) => [pipeline.name, pipeline.projectId, pipeline.parameters['s3_bucket'], pipeline.parameters['s3_prefix']]), [[name, PROJECT_ID, PARAMS.bucket, PARAMS.prefix]], 'status --explain finds its destination');
  assert.is((await libraryRun(audit)).decision, 'already-exists');
  assert.is(mixpanel.pipelines.length, 1);
  assert.is(mixpanel.count('create', 'POST'), 1);
});

test('6. a lost POST while someone else creates a pipeline: the newcomer is not taken as ours, nothing is recorded under our bucket; settled "none", ours is created', async () => {
  const audit = path.join(tmp(), 'audit.jsonl');
  const theirs = { name: 'made-by-a-colleague', projectId: PROJECT_ID, params: {}, destination: 'their-bucket/x', frequency: 'hourly' };
  mixpanel.fault('create', { kind: 'status', status: 502, meanwhile: () => mixpanel.pipelines.push(theirs) });
  const outcome = await libraryRun(audit);
  assert.is(outcome.decision, 'unknown');
  assert.is(outcome.exitCode, 1);
  assert.equal(outcome.pipelines, ['made-by-a-colleague']);
  assert.match(outcome.messages.at(-1)!, /made-by-a-colleague appeared in the project.*check which bucket and prefix made-by-a-colleague exports to\. If one exports to s3:\/\/mixpanel-export-bucket\/exports, it is this request's/);
  assert.equal(await readCreatedPipelines(audit), [], 'nothing recorded as created');
  assert.equal(mixpanel.pipelines.map((pipeline) => pipeline.name), ['made-by-a-colleague']);

  const again = await libraryRun(audit);
  assert.is(again.decision, 'refused');
  assert.not.ok(again.messages.at(-1)!.includes('already exports'), 'no rerun says it already exports there');
  const settled = await libraryRun(audit, { resolveUnknown: 'none' });
  assert.is(settled.decision, 'created', settled.messages.join('\n'));
  assert.is(settled.exitCode, 0);
  const ours = settled.pipelines[0]!;
  assert.equal(mixpanel.pipelines.map((pipeline) => pipeline.name).sort(), [ours, 'made-by-a-colleague'].sort());
  assert.equal((await readCreatedPipelines(audit)).map((pipeline) => [pipeline.name, pipeline.parameters['s3_bucket']]), [[ours, PARAMS.bucket]]);
  assert.equal(auditRecords(path.dirname(audit), 'audit.jsonl').map((line) => line['decision']), ['pending', 'unknown', 'refused', 'failed', 'pending', 'created']);
  assert.is((await libraryRun(audit)).decision, 'already-exists');
  assert.is(mixpanel.count('create', 'POST'), 2);
});

test('6b. a lost POST that did create ours, while someone else creates theirs: both named, and only the one the user names is recorded', async () => {
  const audit = path.join(tmp(), 'audit.jsonl');
  mixpanel.fault('create', { kind: 'lost', ms: 1000 });
  const theirs = { name: 'made-by-a-colleague', projectId: PROJECT_ID, params: {}, destination: 'their-bucket/x', frequency: 'hourly' };
  const outcome = await createPipeline(createInput(mixpanel, audit), { log: (line) => line.includes('listing the pipelines again') && mixpanel.pipelines.push(theirs) });
  const ours = mixpanel.pipelines.find((pipeline) => pipeline.name !== 'made-by-a-colleague')!.name;
  assert.is(outcome.decision, 'unknown');
  assert.equal(outcome.pipelines.sort(), [ours, 'made-by-a-colleague'].sort());
  const resolved = await libraryRun(audit, { resolveUnknown: ours });
  assert.is(resolved.decision, 'already-exists');
  assert.equal((await readCreatedPipelines(audit)).map((pipeline) => pipeline.name), [ours]);
  assert.is(mixpanel.pipelines.length, 2);
  assert.is(mixpanel.count('create', 'POST'), 1);
});

test('7. usage errors stop the run before any AWS read or Mixpanel request: an unwritable --output-file, an unreadable config', async () => {
  const cwd = tmp();
  mkdirSync(path.join(cwd, 'a-directory'));
  writeFileSync(path.join(cwd, 'a-file'), '');
  const cases: Array<[string[], RegExp]> = [
    [['--output-file', path.join(cwd, 'a-file', 'report.json')], /cannot write .*report\.json.*; nothing was sent to Mixpanel/],
    [['--output-file', path.join(cwd, 'a-directory')], /cannot write .*a-directory.*; nothing was sent to Mixpanel/],
    [['--config', path.join(cwd, 'no-such-config.json')], /Invalid config .*no such file; nothing was sent to Mixpanel/],
  ];
  for (const [flags, message] of cases) {
    const before = aws.calls.length;
    const result = await runCli([...createFlags(aws, mixpanel), '--yes', ...flags], { cwd, env: SECRET_ENV });
    assert.is(result.code, 2, flags.join(' '));
    assert.match(result.stderr, message);
    assert.is(aws.calls.length, before, `${flags.join(' ')}: no AWS call`);
    assert.is(mixpanel.requests.length, 0, `${flags.join(' ')}: no Mixpanel request`);
    assert.equal(decisions(cwd), [], 'the audit log was not even opened');
  }
  assert.is(mixpanel.pipelines.length, 0);
  // A writable one is written, and the pipeline created.
  const written = await runCli([...createFlags(aws, mixpanel), '--yes', '-f', 'json', '--output-file', 'report.json'], { cwd, env: SECRET_ENV });
  assert.is(written.code, 0, written.stderr);
  assert.is(summaryOf(readFileSync(path.join(cwd, 'report.json'), 'utf8')).errors, 0);
  assert.is(mixpanel.pipelines.length, 1);
  assert.equal(decisions(cwd), ['pending', 'created']);
});

test('5. the lock: a second run on the same audit log is refused with who holds it, audited; a stale lock of a dead process is taken over', async () => {
  const cwd = tmp();
  const audit = path.join(cwd, AUDIT_LOG);
  const held = await acquireLock(`${audit}.lock`, new Date('2026-10-01T12:00:00Z'));
  assert.ok(held.ok);
  const refused = await runCli([...createFlags(aws, mixpanel), '--yes'], { cwd, env: SECRET_ENV });
  assert.is(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`the lock file .*${AUDIT_LOG}\\.lock is held by process ${process.pid} on this machine, since 2026-10-01T12:00:00.000Z\\. Wait for that run to finish`));
  assert.equal(decisions(cwd), ['refused']);
  assert.is(mixpanel.requests.length, 0, 'nothing listed or sent while another run holds the lock');
  await held.lock.release();

  // A lock left by a process that is gone: the pid of a child that has exited.
  const { spawnSync } = await import('node:child_process');
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(`${audit}.lock`, JSON.stringify({ pid: Number(gone), host: (await import('node:os')).hostname(), since: '2026-10-01T11:00:00.000Z' }));
  const takenOver = await runCli([...createFlags(aws, mixpanel), '--yes'], { cwd, env: SECRET_ENV });
  assert.is(takenOver.code, 0, takenOver.stderr);
  assert.match(takenOver.stderr, new RegExp(`Took over the lock .*left by process ${gone}, which no longer runs on this machine`));
  assert.equal(decisions(cwd), ['refused', 'pending', 'created']);
  assert.is(mixpanel.pipelines.length, 1);
  assert.throws(() => readFileSync(`${audit}.lock`), /ENOENT/, 'released at the end');
  // A lock of another machine is never taken over.
  writeFileSync(`${audit}.lock`, JSON.stringify({ pid: Number(gone), host: 'ci-runner-7', since: '2026-10-01T11:00:00.000Z' }));
  const foreign = await runCli([...createFlags(aws, mixpanel), '--yes'], { cwd, env: SECRET_ENV });
  assert.is(foreign.code, 1);
  assert.match(foreign.stderr, /held by process \d+ on host ci-runner-7/);
  assert.is(mixpanel.pipelines.length, 1);
});

test('the library: a lock held refuses before any request; an unknown --resolve-unknown name is refused', async () => {
  const audit = path.join(tmp(), 'audit.jsonl');
  const held = await acquireLock(`${audit}.lock`, new Date());
  assert.ok(held.ok);
  const outcome = await libraryRun(audit);
  assert.is(outcome.decision, 'refused');
  assert.is(mixpanel.requests.length, 0);
  await held.lock.release();
  const nothing = await libraryRun(audit, { resolveUnknown: 'none' });
  assert.is(nothing.decision, 'refused');
  assert.match(nothing.messages.at(-1)!, /--resolve-unknown none was given, but no create request to s3:\/\/mixpanel-export-bucket\/exports has an unknown outcome/);
  assert.is(mixpanel.count('create', 'POST'), 0);
});

test.run();

// `--live --create` as a real process (issue 14): signals sent to it during the create request, the
// listing and the AWS read; two runs at once; a full disk (a file-size limit, `ulimit -f`) cutting the
// audit line short; Ctrl-C and Ctrl-D at the confirmation prompt on a real terminal (`script` gives the
// child a pseudo-terminal). Each case counts the pipelines at the end, the exit code and the audit lines.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { repoPath } from './helpers/repo.js';
import type { AwsEmulator } from './support/aws-emulator.js';
import type { MixpanelStandin } from './support/mixpanel-standin.js';
import { goodAccount } from './support/live-account.js';
import { SECRET_ENV } from './support/pipeline-input.js';
import { AUDIT_LOG, auditRecords, childEnv, createFlags, decisions, startChild, waitFor } from './support/create-cli.js';
import { useStandins } from './support/standins.js';
import { askYesNo } from '../src/prompt.js';

let aws: AwsEmulator;
let mixpanel: MixpanelStandin;
const standins = useStandins(test);
test.before(() => void ({ aws, mixpanel } = standins));

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-processes-'));
const flags = () => [...createFlags(aws, mixpanel), '--yes'];
const rerun = (cwd: string, more: string[] = []) => runCli([...flags(), ...more], { cwd, env: SECRET_ENV });

test('2. SIGINT during the create request: the answer is awaited and recorded, exit 130; the rerun finds the pipeline', async () => {
  const cwd = tmp();
  mixpanel.fault('create', { kind: 'lost', ms: 1500 });
  const run = startChild(flags(), { cwd });
  assert.ok(await waitFor(() => mixpanel.pipelines.length === 1), 'Mixpanel made the pipeline and holds its answer');
  run.child.kill('SIGINT');
  const { code, stderr } = await run.exited;
  assert.is(code, 130, stderr);
  assert.match(stderr, /SIGINT received: stopping once the step under way is recorded in the audit log; send it again to stop at once\.\n(.|\n)*Created Mixpanel pipeline s3-raw-daily-1\./);
  assert.equal(decisions(cwd), ['pending', 'created']);
  const again = await rerun(cwd);
  assert.is(again.code, 0, again.stderr);
  assert.equal(decisions(cwd), ['pending', 'created', 'already-exists']);
  assert.is(mixpanel.pipelines.length, 1);
  assert.is(mixpanel.count('create', 'POST'), 1);
});

test('2. SIGTERM twice during the create request (a cancelled CI job): exit 143 at once, the pending line left; the rerun settles it and does not duplicate', async () => {
  const cwd = tmp();
  mixpanel.fault('create', { kind: 'lost', ms: 30_000 });
  const run = startChild(flags(), { cwd });
  assert.ok(await waitFor(() => mixpanel.pipelines.length === 1));
  run.child.kill('SIGTERM');
  // Two signals sent at once may arrive as one: the second goes once the first was taken.
  assert.ok(await waitFor(() => run.output().stderr.includes('SIGTERM received: stopping once the step under way is recorded')));
  run.child.kill('SIGTERM');
  const { code, stderr } = await run.exited;
  assert.is(code, 143, stderr);
  assert.not.match(stderr, /no answer within/, 'ended by the second signal, not by the request timing out');
  const [pending, ...rest] = auditRecords(cwd);
  assert.equal(rest, [], 'one line, whole');
  assert.is(pending!['decision'], 'pending');
  const name = mixpanel.pipelines[0]!.name;

  const settling = await rerun(cwd);
  assert.is(settling.code, 1);
  assert.match(settling.stderr, new RegExp(`has an unknown outcome: ${name} appeared since it was sent`));
  assert.equal(decisions(cwd), ['pending', 'unknown', 'refused']);
  const resolved = await rerun(cwd, ['--resolve-unknown', name]);
  assert.is(resolved.code, 0, resolved.stderr);
  assert.equal(decisions(cwd), ['pending', 'unknown', 'refused', 'created', 'already-exists']);
  assert.is(mixpanel.pipelines.length, 1);
  assert.is(mixpanel.count('create', 'POST'), 1);
});

test('2. SIGTERM during the listing, SIGINT during the AWS read: exit 143 / 130, one refused line, nothing sent', async () => {
  let release: () => void = () => undefined;
  mixpanel.fault('jobs', { kind: 'hold', until: new Promise<void>((resolve) => (release = resolve)) });
  const listing = tmp();
  const run = startChild(flags(), { cwd: listing });
  assert.ok(await waitFor(() => mixpanel.count('jobs') === 1));
  run.child.kill('SIGTERM');
  const interrupted = await run.exited;
  release();
  assert.is(interrupted.code, 143, interrupted.stderr);
  assert.equal(decisions(listing), ['refused']);
  assert.match(String(auditRecords(listing)[0]!['reason']), /interrupted by SIGTERM before the create request was sent/);

  aws.setState(goodAccount(), { faults: { 'kms:GetKeyPolicy': { delayMs: 30_000 } } });
  aws.calls.length = 0;
  const reading = tmp();
  const early = startChild(flags(), { cwd: reading });
  assert.ok(await waitFor(() => aws.calls.some((call) => call.call === 'kms:GetKeyPolicy')));
  early.child.kill('SIGINT');
  const stopped = await early.exited;
  assert.is(stopped.code, 130, stopped.stderr);
  assert.is(stopped.stdout, '', 'no report of an incomplete read');
  assert.equal(decisions(reading), ['refused']);
  assert.match(stopped.stderr, /interrupted by SIGINT before the create request was sent\. Nothing was sent to Mixpanel\./);
  assert.is(mixpanel.count('create', 'POST'), 0);
  assert.is(mixpanel.pipelines.length, 0);
});

test('5. two runs at once on one audit log: the second is refused while the first holds the lock; one pipeline', async () => {
  const cwd = tmp();
  let release: () => void = () => undefined;
  mixpanel.fault('jobs', { kind: 'hold', until: new Promise<void>((resolve) => (release = resolve)) });
  const first = startChild(flags(), { cwd });
  assert.ok(await waitFor(() => mixpanel.count('jobs') === 1), 'the first run is listing, holding the lock');
  const second = await startChild(flags(), { cwd }).exited;
  release();
  const firstDone = await first.exited;
  assert.is(second.code, 1, second.stderr);
  assert.match(second.stderr, /another mp-s3-lint --create is using this audit log: the lock file .* is held by process \d+ on this machine/);
  assert.is(firstDone.code, 0, firstDone.stderr);
  assert.equal(decisions(cwd), ['refused', 'pending', 'created']);
  assert.is(mixpanel.pipelines.length, 1);
  assert.is(mixpanel.count('create', 'POST'), 1);
});

test('5. two runs started together, each listing slowly: whatever the order, one pipeline and one created line', async () => {
  const cwd = tmp();
  mixpanel.fault('jobs', { kind: 'delay', ms: 300 }, 2);
  const results = await Promise.all([startChild(flags(), { cwd }).exited, startChild(flags(), { cwd }).exited]);
  const lines = decisions(cwd);
  assert.equal(results.map((result) => result.code).sort(), lines.includes('already-exists') ? [0, 0] : [0, 1], lines.join(','));
  assert.is(lines.filter((decision) => decision === 'created').length, 1, lines.join(','));
  assert.equal(lines.filter((decision) => decision !== 'pending' && decision !== 'created').length, 1, lines.join(','));
  assert.is(mixpanel.pipelines.length, 1);
  assert.is(mixpanel.count('create', 'POST'), 1);
});

/** A child limited to files of `blocks` KiB by the shell, as a full disk would cut a write short. */
const limited = (blocks: number, cwd: string) => startChild(flags(), { cwd, command: ['bash', '-c', `ulimit -f ${blocks} && exec "$@"`, 'bash', process.execPath, repoPath('bin', 'mp-s3-lint.js')] });

test('3. a short write (a file-size limit): the outcome line cut short fails the run and is settled by the next; a pending line cut short stops the POST', async () => {
  // The length of each line, from a run without a limit.
  const calibration = tmp();
  assert.is((await rerun(calibration)).code, 0);
  const [pendingLength, createdLength] = readFileSync(path.join(calibration, AUDIT_LOG), 'utf8').split('\n').map((line) => Buffer.byteLength(line) + 1);
  mixpanel.reset();
  const LIMIT_BLOCKS = 64;
  const limit = LIMIT_BLOCKS * 1024;
  /** Fills the audit log with lines no reader takes for records, up to `size` bytes. */
  const fill = (cwd: string, size: number) => {
    const line = `{"filler":"${'x'.repeat(200)}"}\n`;
    const lines = line.repeat(Math.floor(size / line.length));
    writeFileSync(path.join(cwd, AUDIT_LOG), lines + `{"filler":"${'y'.repeat(size - lines.length - 14)}"}\n`);
    assert.is(statSync(path.join(cwd, AUDIT_LOG)).size, size);
  };

  // Room for the pending line and half the outcome line.
  const outcomeCut = tmp();
  fill(outcomeCut, limit - pendingLength! - Math.floor(createdLength! / 2));
  const cut = await limited(LIMIT_BLOCKS, outcomeCut).exited;
  assert.is(cut.code, 1, cut.stderr);
  assert.match(cut.stderr, /The audit record could not be written to .* \(EFBIG\)\./);
  assert.match(cut.stderr, /Mixpanel created s3-raw-daily-1, but the log does not say so.*--resolve-unknown s3-raw-daily-1/);
  assert.equal(decisions(outcomeCut).filter((decision) => decision !== undefined), ['pending', 'torn']);
  assert.is(statSync(path.join(outcomeCut, AUDIT_LOG)).size, limit, 'written up to the limit');
  assert.is(mixpanel.pipelines.length, 1);
  const settling = await rerun(outcomeCut);
  assert.is(settling.code, 1);
  assert.match(settling.stderr, /has an unknown outcome: s3-raw-daily-1 appeared since it was sent/);
  const resolved = await rerun(outcomeCut, ['--resolve-unknown', 's3-raw-daily-1']);
  assert.is(resolved.code, 0, resolved.stderr);
  assert.equal(decisions(outcomeCut).filter((decision) => decision !== undefined), ['pending', 'torn', 'unknown', 'refused', 'created', 'already-exists']);
  assert.is(mixpanel.pipelines.length, 1);
  assert.is(mixpanel.count('create', 'POST'), 1);

  // Room for half the pending line: nothing is sent.
  mixpanel.reset();
  const pendingCut = tmp();
  fill(pendingCut, limit - Math.floor(pendingLength! / 2));
  const stopped = await limited(LIMIT_BLOCKS, pendingCut).exited;
  assert.is(stopped.code, 1, stopped.stderr);
  assert.match(stopped.stderr, /The pending record could not be written to .* \(EFBIG\), so the create request was not sent\. Nothing was created\./);
  assert.is(mixpanel.count('create', 'POST'), 0);
  assert.is(mixpanel.pipelines.length, 0);
  assert.equal(decisions(pendingCut).filter((decision) => decision !== undefined), ['torn']);
  const after = await rerun(pendingCut);
  assert.is(after.code, 0, after.stderr);
  assert.equal(decisions(pendingCut).filter((decision) => decision !== undefined), ['torn', 'pending', 'created'], 'the next line starts on its own line');
  assert.is(mixpanel.pipelines.length, 1);
});

/** A terminal for askYesNo that types `keys` once the question is shown. */
function terminalTyping(keys: string) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  output.on('data', (chunk: Buffer) => chunk.toString().includes('Type "yes"') && input.write(keys));
  return { input, output };
}

test('8. Ctrl-C or Ctrl-D at the prompt: refused, not confirmed, exit 1, one audit line, no stack', async () => {
  for (const key of ['\x03', '\x04']) {
    const cwd = tmp();
    const result = await runCli(createFlags(aws, mixpanel), { cwd, env: SECRET_ENV, confirm: (question) => askYesNo(question, terminalTyping(key)) });
    assert.is(result.code, 1, result.stderr);
    assert.match(result.stderr, /Not creating the pipeline: not confirmed\. Nothing was created\./);
    assert.not.match(result.stderr, /internal error|\n\s+at /);
    assert.equal(decisions(cwd), ['refused']);
  }
  const cwd = tmp();
  const yes = await runCli(createFlags(aws, mixpanel), { cwd, env: SECRET_ENV, confirm: (question) => askYesNo(question, terminalTyping('yes\r')) });
  assert.is(yes.code, 0, yes.stderr);
  assert.is(mixpanel.pipelines.length, 1);
});

/** The shell's quoting of one argument. */
const quote = (argument: string) => `'${argument.replace(/'/g, `'\\''`)}'`;

test('8. on a real terminal (a pseudo-terminal from script(1)): Ctrl-C and Ctrl-D at the prompt refuse with one audit line and no stack', async () => {
  for (const key of ['\x03', '\x04']) {
    const cwd = tmp();
    const command = [process.execPath, repoPath('bin', 'mp-s3-lint.js'), ...createFlags(aws, mixpanel)].map(quote).join(' ');
    const run = startChild(['-qec', command, '/dev/null'], { cwd, command: ['script'], stdin: true, env: childEnv({ TERM: 'dumb' }) });
    let typed = false;
    run.child.stdout!.on('data', () => {
      if (!typed && run.output().stdout.includes('Type "yes" to go ahead')) {
        typed = true;
        run.child.stdin!.write(key);
      }
    });
    const { code, stdout } = await run.exited;
    assert.ok(typed, `the prompt was shown: ${stdout}`);
    assert.is(code, 1, stdout);
    assert.match(stdout, /Not creating the pipeline: not confirmed\. Nothing was created\./);
    assert.not.match(stdout, /internal error|\n\s+at /);
    assert.equal(decisions(cwd), ['refused']);
  }
  assert.is(mixpanel.pipelines.length, 0);
});

test.run();

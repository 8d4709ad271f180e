// The audit log of `--create`: the fields of a record, one final line appended per attempt (and a
// pending line before each create request) with earlier bytes untouched, and a process killed
// mid-request leaving every earlier line intact and its pending line whole.
import { spawn } from 'node:child_process';
import { appendFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPipeline, type CreateInput } from '../src/create/index.js';
import { repoPath } from './helpers/repo.js';
import { startMixpanelStandin, type MixpanelStandin } from './support/mixpanel-standin.js';
import { API_SECRET, CALLER, DOCUMENTS, PARAMS, PROJECT_ID, auditLines, createInput, report, tempDir } from './support/pipeline-input.js';

const PACKAGE_VERSION = (JSON.parse(await readFile(repoPath('package.json'), 'utf8')) as { version: string }).version;

let standin: MixpanelStandin;
let audit: string;

test.before(async () => {
  standin = await startMixpanelStandin({ projectId: PROJECT_ID, apiSecret: API_SECRET });
});
test.after(async () => {
  await standin.close();
});
test.before.each(async () => {
  standin.reset();
  audit = path.join(await tempDir(), 'audit.jsonl');
});

const run = (overrides: Partial<CreateInput> = {}) => createPipeline(createInput(standin, audit, overrides), { now: () => new Date('2026-10-01T12:00:00.000Z') });

test('a created record carries time, version, caller, parameters, document digests, findings, request, response and exchanges, after its pending record', async () => {
  const outcome = await run({ report: report({ warnings: 1, notes: 2 }), maxWarnings: 3 });
  const [pending, record, ...more] = await auditLines(audit);
  assert.equal(more, []);
  assert.equal(record, outcome.audit?.record, 'the outcome returns the line written');
  assert.match(String(record!['requestId']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal({ ...pending, reason: undefined, exchanges: undefined }, { ...record, decision: 'pending', reason: undefined, response: null, exchanges: undefined, pipelines: [] }, 'the pending record holds the request, the listing seen and the request id');
  assert.match(String(pending!['reason']), /^Sending create request [0-9a-f-]{36}; its outcome follows/);
  assert.equal((pending!['exchanges'] as Array<{ path: string }>).map((exchange) => exchange.path), ['/nessie/pipeline/jobs'], 'written before the POST');
  const { exchanges, ...rest } = record as Record<string, unknown> & { exchanges: Array<Record<string, unknown>> };
  const form: Record<string, string | undefined> = { type: 's3-raw', from_date: PARAMS.fromDate, s3_bucket: PARAMS.bucket, s3_region: PARAMS.region, s3_role: PARAMS.role, s3_prefix: PARAMS.prefix, s3_encryption: 'kms', s3_kms_key_id: PARAMS.kmsKey };
  assert.equal(rest, {
    time: '2026-10-01T12:00:00.000Z',
    tool: { name: 'mp-s3-lint', version: PACKAGE_VERSION },
    requestId: record!['requestId'],
    caller: CALLER,
    decision: 'created',
    reason: `Created Mixpanel pipeline ${outcome.pipelines[0]}.`,
    mixpanel: { baseUrl: standin.url, dataResidency: 'us', projectId: PROJECT_ID, auth: 'project-secret', username: null },
    parameters: form,
    documents: DOCUMENTS,
    findings: { errors: 0, warnings: 1, notes: 2, files: 2, maxWarnings: 3, inputFailure: false },
    request: { method: 'POST', url: `${standin.url}/nessie/pipeline/create`, auth: '***:', body: new URLSearchParams(form as Record<string, string>).toString() },
    response: { status: 200, body: { pipeline_names: outcome.pipelines } },
    listed: [],
    pipelines: outcome.pipelines,
  });
  assert.equal(
    exchanges.map(({ method, path, attempt, status }) => ({ method, path, attempt, status })),
    [
      { method: 'GET', path: '/nessie/pipeline/jobs', attempt: 1, status: 200 },
      { method: 'POST', path: '/nessie/pipeline/create', attempt: 1, status: 200 },
    ],
  );
  assert.ok(exchanges.every((exchange) => typeof exchange['ms'] === 'number'));
});

test('one final line per attempt whatever the decision, a pending line before a create request, appended: earlier bytes never change', async () => {
  const attempts: Array<[Partial<CreateInput>, string[]]> = [
    [{ report: report({ errors: 1 }) }, ['refused']],
    [{ dryRun: true }, ['dry-run']],
    [{}, ['pending', 'created']],
    [{}, ['already-exists']],
    [{ params: { ...PARAMS, prefix: 'other' }, env: { MIXPANEL_API_SECRET: 'wrong' } }, ['failed']],
  ];
  let before = '';
  let lines = 0;
  for (const [overrides, decisions] of attempts) {
    const outcome = await run(overrides);
    assert.is(outcome.decision, decisions.at(-1));
    const after = await readFile(audit, 'utf8');
    assert.ok(after.startsWith(before), 'earlier lines are untouched');
    assert.ok(after.endsWith('\n'));
    const added = after.slice(before.length).split('\n').slice(0, -1).map((line) => JSON.parse(line) as { decision: string; requestId: string });
    assert.equal(added.map((line) => line.decision), decisions);
    assert.is(new Set(added.map((line) => line.requestId)).size, 1, "an attempt's lines share its request id");
    lines += decisions.length;
    assert.is((await auditLines(audit)).length, lines);
    before = after;
  }
  const refused = (await auditLines(audit))[0]!;
  assert.is(refused['request'], null, 'nothing was built before the check refused');
  assert.is(refused['response'], null);
});

test('after a line cut short by a torn write, the next record starts on its own line', async () => {
  await run({ dryRun: true });
  await appendFile(audit, '{"time":"2026-10-01T11:00:00.000Z","decis');
  const outcome = await run();
  const lines = (await readFile(audit, 'utf8')).split('\n');
  assert.is(lines.length, 5);
  assert.is(lines[1], '{"time":"2026-10-01T11:00:00.000Z","decis');
  assert.is((JSON.parse(lines[2]!) as { decision: string }).decision, 'pending');
  assert.is((JSON.parse(lines[3]!) as { decision: string }).decision, outcome.decision);
  assert.is(lines[4], '');
});

test('the audit log is created readable and writable by its owner only', async () => {
  await run({ dryRun: true });
  assert.is((await stat(audit)).mode & 0o777, 0o600);
});

test('a process killed with SIGKILL during a hanging create leaves every earlier line intact, its pending line whole, and no partial line', async () => {
  await run({ report: report({ errors: 1 }) });
  await run({ params: { ...PARAMS, prefix: 'earlier' } });
  const earlier = await readFile(audit, 'utf8');
  const postsBefore = standin.count('create', 'POST');
  standin.fault('create', { kind: 'delay', ms: 30_000 });
  const child = spawn(process.execPath, [repoPath('dist', 'test', 'support', 'audit-crash-child.js'), standin.url, audit], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for (let waited = 0; standin.count('create', 'POST') === postsBefore && waited < 5000; waited += 20) await sleep(20);
  assert.is(standin.count('create', 'POST'), postsBefore + 1, 'the child is inside its create request');
  child.kill('SIGKILL');
  assert.is(await exited, 'SIGKILL');
  assert.is(stdout, 'dry-run\n');
  const after = await readFile(audit, 'utf8');
  assert.ok(after.startsWith(earlier), 'earlier lines are byte-for-byte intact');
  assert.ok(after.endsWith('\n'));
  const lines = await auditLines(audit);
  assert.equal(lines.map((line) => line['decision']), ['refused', 'pending', 'created', 'dry-run', 'pending'], 'the killed attempt left its pending line, whole, and nothing more');
  assert.not.equal(lines[4]!['requestId'], lines[3]!['requestId']);
  assert.equal((lines[4]!['exchanges'] as Array<{ path: string }>).map((exchange) => exchange.path), ['/nessie/pipeline/jobs']);
});

test.run();

// pipelineStatus() against the Mixpanel stand-in on 127.0.0.1: what each pipeline's latest outcome is,
// the exit code it gives, every fault of the API (one message, exit 2, never 0), and that only GETs
// are sent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pipelineStatus, type StatusOptions, type StatusResult } from '../src/status/index.js';
import { formatStatus } from '../src/status/format.js';
import { startMixpanelStandin, type MixpanelStandin } from './support/mixpanel-standin.js';
import { API_SECRET, FAST, PROJECT_ID, SECRET_ENV, SERVICE_ACCOUNT, SERVICE_ACCOUNT_ENV } from './support/pipeline-input.js';
import { run, seedHistory } from './support/pipeline-runs.js';

let standin: MixpanelStandin;
test.before(async () => {
  standin = await startMixpanelStandin({ projectId: PROJECT_ID, apiSecret: API_SECRET, serviceAccount: SERVICE_ACCOUNT });
});
test.after(async () => {
  await standin.close();
});
test.before.each(() => standin.reset());

const status = (options: Partial<StatusOptions> = {}, log: string[] = []) => pipelineStatus({ env: SECRET_ENV, apiUrl: standin.url, network: FAST, ...options }, { log: (line) => log.push(line) });
const verdicts = (result: StatusResult) => Object.fromEntries(result.pipelines.map((p) => [p.name, p.latest.verdict]));
const onlyGets = () => assert.equal([...new Set(standin.requests.map((r) => r.method))], ['GET'], 'status sends nothing but GET requests');

test('every pipeline with its latest outcome: a later sync supersedes a failure, a failure after the last sync fails, exit 1', async () => {
  const names = seedHistory(standin);
  const result = await status();
  assert.is(result.exitCode, 1, result.messages.join('\n'));
  assert.equal(verdicts(result), { [names.recovered]: 'synced', [names.failed]: 'failed', [names.timedOut]: 'timed_out', [names.fresh]: 'no-runs' });
  const failed = result.pipelines.find((p) => p.name === names.failed)!;
  assert.is(failed.latest.at, '2026-11-03T01:20:00-08:00', 'ordered by last_finish');
  assert.equal(failed.runs.map((r) => r.state), ['pending', 'retried', 'failed'], 'newest run first');
  assert.is(failed.latest.run?.state, 'failed');
  const recovered = result.pipelines.find((p) => p.name === names.recovered)!;
  assert.is(recovered.latest.at, '2026-11-03 01:10:00.123456 -0800 PST', 'the sync time, as Mixpanel wrote it');
  assert.is(recovered.lastDispatched, '2026-11-03 01:00:00 US/Pacific');
  assert.is(standin.count('jobs'), 1);
  assert.is(standin.count('status'), 4);
  assert.is(standin.count('timeline'), 4);
  onlyGets();
});

test('exit 0 when no latest run failed, and when nothing has finished yet (the output says so)', async () => {
  const names = seedHistory(standin);
  const recovered = await status({ pipeline: names.recovered });
  assert.is(recovered.exitCode, 0);
  assert.equal(recovered.pipelines.map((p) => p.name), [names.recovered], '--pipeline reads one pipeline');
  assert.is(standin.count('status'), 1);
  const fresh = await status({ pipeline: names.fresh });
  assert.is(fresh.exitCode, 0);
  assert.is(fresh.pipelines[0]!.latest.verdict, 'no-runs');
  assert.match(formatStatus('stylish', fresh, { color: false, rules: [] }), /no finished run yet/);
  const timedOut = await status({ pipeline: names.timedOut });
  assert.is(timedOut.exitCode, 1, 'a timed-out latest run fails too');
});

test('a created pipeline that has only its pending run, and a project without pipelines, exit 0', async () => {
  const empty = await status();
  assert.is(empty.exitCode, 0);
  assert.equal(empty.pipelines, []);
  assert.equal(empty.projectIds, [PROJECT_ID]);
  assert.match(formatStatus('stylish', empty, { color: false, rules: [] }), /no pipelines listed/);
});

test('fields Mixpanel did not send are "not reported", never guessed', async () => {
  seedHistory(standin);
  standin.addPipeline('bare', { runs: [{ state: 'failed', run_at: '2026-11-03T01:00:00-08:00' }], days: [{ date: '2026-11-01', status: 'synced', sync_times: [] }], listed: { frequency: undefined, sync_enabled: undefined, last_dispatched: undefined, Dispatcher: undefined } });
  const result = await status({ pipeline: 'bare' });
  const [bare] = result.pipelines;
  assert.is(bare!.frequency, undefined);
  assert.equal(bare!.runs[0], { state: 'failed', documented: true, runAt: '2026-11-03T01:00:00-08:00' });
  assert.is(bare!.latest.verdict, 'failed', 'a failed run on the 3rd is later than a day synced on the 1st without sync times');
  const text = formatStatus('stylish', result, { color: false, rules: [] });
  assert.match(text, /bare\s+not reported\s+not reported\s+not reported\s+failed at 2026-11-03T01:00:00-08:00/);
  assert.match(text, /failed\s+2026-11-03T01:00:00-08:00\s+not reported\s+not reported\s+not reported/);
  const json = JSON.parse(formatStatus('json', result, { color: false, rules: [] })) as { pipelines: Array<Record<string, unknown>> };
  assert.is(json.pipelines[0]!['frequency'], null);
  assert.equal((json.pipelines[0]!['runs'] as Array<Record<string, unknown>>)[0], { state: 'failed', documented: true, runAt: '2026-11-03T01:00:00-08:00', fromDate: null, toDate: null, lastFinish: null, neverFinished: false });
});

test('a state Mixpanel does not document is shown as such and decides nothing', async () => {
  standin.addPipeline('odd', { runs: [run('failed', '2026-11-01T01:00:00-08:00', '2026-11-01T01:10:00-08:00'), run('succeeded', '2026-11-02T01:00:00-08:00', '2026-11-02T01:10:00-08:00')] });
  const result = await status();
  assert.is(result.pipelines[0]!.latest.verdict, 'failed', 'an undocumented "succeeded" is not taken as a success');
  assert.is(result.exitCode, 1);
  assert.match(formatStatus('stylish', result, { color: false, rules: [] }), /succeeded \(a state Mixpanel does not document\)/);
});

test('an unknown pipeline name: exit 2, the names the project has, no status read', async () => {
  seedHistory(standin);
  const result = await status({ pipeline: 'events-Failed' });
  assert.is(result.exitCode, 2);
  assert.match(result.messages.join('\n'), /No pipeline named "events-Failed" in project 3141592: it has events-recovered, events-failed, events-timed-out, events-fresh\. Names are case-sensitive\./);
  assert.is(standin.count('status'), 0);
  assert.equal(result.pipelines, []);
});

test('no credentials, half a service account, a project id that is not a number: exit 2 before any request', async () => {
  for (const [env, projectId, expected] of [
    [{}, undefined, /No Mixpanel credentials/],
    [{ MIXPANEL_SERVICE_ACCOUNT_USERNAME: SERVICE_ACCOUNT.username }, PROJECT_ID, /MIXPANEL_SERVICE_ACCOUNT_SECRET is not/],
    [SERVICE_ACCOUNT_ENV, undefined, /needs the Mixpanel project id/],
    [SECRET_ENV, 'abc', /project id "abc" is not a number/],
  ] as const) {
    const result = await status({ env, ...(projectId === undefined ? {} : { projectId }) });
    assert.is(result.exitCode, 2);
    assert.match(result.messages.join('\n'), expected);
  }
  assert.is(standin.requests.length, 0);
});

test('a service account sends project_id on every request; the project secret gets the deprecation notice', async () => {
  seedHistory(standin);
  const viaAccount = await status({ env: SERVICE_ACCOUNT_ENV, projectId: PROJECT_ID });
  assert.is(viaAccount.exitCode, 1);
  assert.ok(standin.requests.every((r) => r.auth === 'service-account' && r.params['project_id'] === PROJECT_ID));
  assert.not.match(viaAccount.messages.join('\n'), /deprecated/);
  const viaSecret = await status();
  assert.match(viaSecret.messages.join('\n'), /deprecated and retires on 2027-03-03/);
});

test('401 and 403: exit 2 with Mixpanel\'s text and what to check', async () => {
  for (const code of [401, 403]) {
    standin.reset();
    standin.fault('jobs', { kind: 'error', status: code, message: code === 401 ? 'Invalid credentials' : 'Forbidden for this project' });
    const result = await status();
    assert.is(result.exitCode, 2);
    assert.match(result.messages.join('\n'), new RegExp(`HTTP ${code}: ${code === 401 ? 'Invalid credentials' : 'Forbidden for this project'} Mixpanel did not accept the credentials`));
    assert.is(standin.requests.length, 1, '4xx is not retried');
  }
  const wrong = await status({ env: { MIXPANEL_API_SECRET: 'not-the-secret' } });
  assert.is(wrong.exitCode, 2);
  assert.match(wrong.messages.join('\n'), /HTTP 401: Invalid credentials/);
});

test('429 and 5xx are retried; still failing after the retries is exit 2 ("cannot be told"), never 0', async () => {
  seedHistory(standin);
  standin.fault('jobs', { kind: 'status', status: 503 }, 2);
  const log: string[] = [];
  const recovered = await status({}, log);
  assert.is(recovered.exitCode, 1, 'two 503s then an answer');
  assert.is(log.filter((line) => /retrying/.test(line)).length, 2);
  standin.fault('jobs', { kind: 'status', status: 429 }, 3);
  const limited = await status();
  assert.is(limited.exitCode, 2);
  assert.match(limited.messages.join('\n'), /Listing the project's pipelines failed: HTTP 429/);
  // One pipeline's runs cannot be read: its state is unknown and the run cannot pass.
  standin.fault('status', { kind: 'status', status: 500 }, 3);
  const partial = await status();
  assert.is(partial.exitCode, 2);
  assert.is(partial.pipelines[0]!.latest.verdict, 'unknown');
  assert.match(partial.messages.join('\n'), /events-recovered: its state cannot be told: GET \/nessie\/pipeline\/status failed: HTTP 500/);
  assert.equal(partial.pipelines.slice(1).map((p) => p.latest.verdict), ['failed', 'timed_out', 'no-runs'], 'the others are still read');
  assert.match(formatStatus('stylish', partial, { color: false, rules: [] }), /\? 1 of 4 pipelines: the state cannot be told; 2 failed or timed out\./);
  onlyGets();
});

test('a hang is cut by the timeout and retried; a malformed answer of each endpoint is one message, exit 2', async () => {
  seedHistory(standin);
  standin.fault('jobs', { kind: 'delay', ms: 1500 }, 3);
  const hung = await status();
  assert.is(hung.exitCode, 2);
  assert.match(hung.messages.join('\n'), /no answer within 300 ms/);
  for (const [route, expected] of [
    ['jobs', /Listing the project's pipelines failed: Mixpanel's answer \(HTTP 200\) is not JSON/],
    ['status', /GET \/nessie\/pipeline\/status failed: Mixpanel's answer \(HTTP 200\) is not JSON/],
    ['timeline', /GET \/nessie\/pipeline\/timeline failed: Mixpanel's answer \(HTTP 200\) is not JSON/],
  ] as const) {
    standin.fault(route, { kind: 'malformed' });
    const result = await status();
    assert.is(result.exitCode, 2, route);
    assert.match(result.messages.join('\n'), expected);
  }
});

test('answers of the wrong shape are malformed, with what is wrong', async () => {
  standin.addPipeline('shape', { runs: [{ state: 'failed', run_at: 12 as unknown as string }] });
  const result = await status();
  assert.is(result.exitCode, 2);
  assert.match(result.messages.join('\n'), /shape: its state cannot be told: GET \/nessie\/pipeline\/status: Mixpanel's answer \(HTTP 200\) has a "failed" run whose run_at is not a string/);
});

test.run();

// `--create` against the Mixpanel stand-in: what is sent and how, authentication, idempotency, the
// pipeline limit, dry run, confirmation, data residency, and network faults (retries that never
// duplicate a pipeline).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPipeline, findSecretInArgv, mixpanelBaseUrl, type CreateInput, type CreateOutcome } from '../src/create/index.js';
import { startMixpanelStandin, type MixpanelStandin } from './support/mixpanel-standin.js';
import { API_SECRET, PARAMS, PROJECT_ID, SECRET_ENV, SERVICE_ACCOUNT, SERVICE_ACCOUNT_ENV, createInput, tempDir } from './support/pipeline-input.js';

let standin: MixpanelStandin;
let dir: string;
let audit: string;

test.before(async () => {
  standin = await startMixpanelStandin({ projectId: PROJECT_ID, apiSecret: API_SECRET, serviceAccount: SERVICE_ACCOUNT });
});
test.after(async () => {
  await standin.close();
});
test.before.each(async () => {
  standin.reset();
  dir = await tempDir();
  audit = path.join(dir, 'audit.jsonl');
});

const run = (overrides: Partial<CreateInput> = {}, deps: Parameters<typeof createPipeline>[1] = {}) => createPipeline(createInput(standin, audit, overrides), deps);
const posts = () => standin.count('create', 'POST');
const last = (outcome: CreateOutcome) => outcome.messages[outcome.messages.length - 1]!;

test('creates the pipeline from the setup, form-encoded, and returns the name Mixpanel gave it', async () => {
  const outcome = await run();
  assert.is(outcome.decision, 'created');
  assert.is(outcome.exitCode, 0);
  assert.equal(outcome.pipelines, standin.pipelines.map((pipeline) => pipeline.name));
  assert.is(standin.pipelines.length, 1);
  const sent = standin.requests.find((request) => request.route === 'create')!;
  assert.is(sent.auth, 'project-secret');
  assert.equal(sent.params, {
    type: 's3-raw',
    from_date: PARAMS.fromDate,
    s3_bucket: PARAMS.bucket,
    s3_region: PARAMS.region,
    s3_role: PARAMS.role,
    s3_prefix: PARAMS.prefix,
    s3_encryption: 'kms',
    s3_kms_key_id: PARAMS.kmsKey,
  });
  assert.equal(
    standin.requests.map((request) => `${request.method} ${request.route}`),
    ['GET jobs', 'POST create'],
  );
  assert.ok(outcome.messages.some((message) => message.includes('deprecated') && message.includes('2027-03-03')), 'relying on the project secret is flagged');
  // Mixpanel knows the pipeline by the returned name.
  const status = await fetch(`${standin.url}/nessie/pipeline/status?name=${outcome.pipelines[0]}`, { headers: { authorization: `Basic ${Buffer.from(`${API_SECRET}:`).toString('base64')}` } });
  assert.equal(((await status.json()) as { pending: Array<{ name: string }> }).pending.map((run) => run.name), outcome.pipelines);
});

test('sends to_date, events as repeated keys, where and trial; no s3_kms_key_id without kms', async () => {
  const outcome = await run({ params: { ...PARAMS, encryption: 'aes' }, toDate: '2026-09-30', events: ['Signed Up', 'Purchase'], where: 'properties["plan"] == "pro"', trial: true });
  assert.is(outcome.decision, 'created');
  const sent = standin.requests.find((request) => request.route === 'create')!.params;
  assert.equal(sent['events'], ['Signed Up', 'Purchase']);
  assert.is(sent['to_date'], '2026-09-30');
  assert.is(sent['where'], 'properties["plan"] == "pro"');
  assert.is(sent['trial'], 'true');
  assert.is(sent['s3_encryption'], 'aes');
  assert.is(sent['s3_kms_key_id'], undefined);
});

test('parameters a create needs beyond the check are required before anything is sent', async () => {
  const cases: Array<[Partial<CreateInput>, string]> = [
    [{ params: { ...PARAMS, fromDate: undefined } }, 'from_date is required'],
    [{ toDate: '2026-02-30' }, 'to_date "2026-02-30"'],
    [{ toDate: '2026-08-01' }, 'before from_date'],
    [{ toDate: '2026-09-30', frequency: 'hourly' }, 'frequency applies only'],
    [{ projectId: 'abc' }, 'is not a number'],
    [{ events: ['Signed Up', ''] }, 'empty'],
  ];
  for (const [overrides, expected] of cases) {
    const outcome = await run(overrides);
    assert.is(outcome.decision, 'refused');
    assert.is(outcome.exitCode, 1);
    assert.ok(last(outcome).includes(expected), `${last(outcome)} should say ${expected}`);
  }
  assert.is(standin.requests.length, 0);
});

test('a re-run finds the pipeline it created and creates no other; --fail-if-exists makes that exit 1', async () => {
  const first = await run();
  const second = await run();
  assert.is(second.decision, 'already-exists');
  assert.is(second.exitCode, 0);
  assert.equal(second.pipelines, first.pipelines);
  assert.ok(last(second).includes('s3://mixpanel-export-bucket/exports'));
  const strict = await run({ params: { ...PARAMS, prefix: '/exports/' }, failIfExists: true });
  assert.is(strict.decision, 'already-exists', 'the same prefix with slashes is the same destination');
  assert.is(strict.exitCode, 1);
  assert.is(posts(), 1);
  assert.is(standin.pipelines.length, 1);
});

test('a pipeline the tool created but Mixpanel no longer lists (cancelled) does not block a new one', async () => {
  await run();
  standin.pipelines.length = 0;
  const again = await run();
  assert.is(again.decision, 'created');
  assert.is(posts(), 2);
});

test("a 4xx shows Mixpanel's error message, and nothing is retried", async () => {
  standin.fault('create', { kind: 'error', status: 403, message: 'Service account must have the Admin or Owner role' });
  const outcome = await run();
  assert.is(outcome.decision, 'failed');
  assert.is(outcome.exitCode, 1);
  assert.ok(last(outcome).includes('(HTTP 403): Service account must have the Admin or Owner role'), last(outcome));
  assert.is(posts(), 1);
  assert.is(standin.pipelines.length, 0);
});

test("without the earlier record (another audit log), Mixpanel's own refusal of the same destination is shown", async () => {
  await run();
  const elsewhere = await createPipeline(createInput(standin, path.join(dir, 'other.jsonl')));
  assert.is(elsewhere.decision, 'failed');
  assert.ok(last(elsewhere).includes('already exports to this destination'), last(elsewhere));
  assert.is(standin.pipelines.length, 1);
});

test('the limit of 2 recurring pipelines is refused with a clear message before posting', async () => {
  await run({ params: { ...PARAMS, prefix: 'one' } });
  await run({ params: { ...PARAMS, prefix: 'two' }, frequency: 'hourly' });
  const third = await run({ params: { ...PARAMS, prefix: 'three' } });
  assert.is(third.decision, 'refused');
  assert.is(third.exitCode, 1);
  assert.match(last(third), /at most 2 recurring and 1 non-recurring .*already has 2 recurring: s3-raw-daily-1, s3-raw-hourly-2; cancel one/);
  assert.is(posts(), 2);
  // A non-recurring pipeline is still allowed next to two recurring ones.
  const once = await run({ params: { ...PARAMS, prefix: 'four' }, toDate: '2026-09-30' });
  assert.is(once.decision, 'created');
  assert.is(posts(), 3);
});

test('three listed pipelines of unknown kind are taken as the limit', async () => {
  for (const name of ['made-in-ui-1', 'made-in-ui-2', 'made-in-ui-3']) standin.pipelines.push({ name, projectId: PROJECT_ID, params: {}, destination: `elsewhere/${name}`, frequency: 'daily' });
  const outcome = await run();
  assert.is(outcome.decision, 'refused');
  assert.ok(last(outcome).includes('already has 3 pipelines: made-in-ui-1, made-in-ui-2, made-in-ui-3'), last(outcome));
  assert.is(posts(), 0);
});

test('service account: Basic auth with username and secret, project_id on every request', async () => {
  const outcome = await run({ env: SERVICE_ACCOUNT_ENV, projectId: PROJECT_ID });
  assert.is(outcome.decision, 'created');
  assert.equal(standin.requests.map((request) => [request.route, request.auth, request.params['project_id']]), [
    ['jobs', 'service-account', PROJECT_ID],
    ['create', 'service-account', PROJECT_ID],
  ]);
  assert.is(outcome.request?.auth, `${SERVICE_ACCOUNT.username}:***`);
  assert.not.ok(outcome.messages.some((message) => message.includes('deprecated')));
  assert.is(outcome.audit?.record.mixpanel.auth, 'service-account');
});

test('credentials: none, half a service account, or a service account without project id are refused before any request', async () => {
  const cases: Array<[Partial<CreateInput>, string]> = [
    [{ env: {} }, 'No Mixpanel credentials'],
    [{ env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: SERVICE_ACCOUNT.username }, projectId: PROJECT_ID }, 'MIXPANEL_SERVICE_ACCOUNT_SECRET is not'],
    [{ env: { MIXPANEL_SERVICE_ACCOUNT_SECRET: SERVICE_ACCOUNT.secret, ...SECRET_ENV }, projectId: PROJECT_ID }, 'MIXPANEL_SERVICE_ACCOUNT_USERNAME is not'],
    [{ env: SERVICE_ACCOUNT_ENV }, 'needs the Mixpanel project id'],
  ];
  for (const [overrides, expected] of cases) {
    const outcome = await run(overrides);
    assert.is(outcome.decision, 'refused');
    assert.ok(last(outcome).includes(expected), last(outcome));
  }
  assert.is(standin.requests.length, 0);
});

test('wrong credentials: the 401 text is shown and nothing is posted', async () => {
  const outcome = await run({ env: { MIXPANEL_API_SECRET: 'not-the-secret' } });
  assert.is(outcome.decision, 'failed');
  assert.ok(last(outcome).includes('HTTP 401: Invalid credentials'), last(outcome));
  assert.is(posts(), 0);
});

test('dry run: lists, checks, sends no POST, shows the request with *** for the secret', async () => {
  const outcome = await run({ dryRun: true });
  assert.is(outcome.decision, 'dry-run');
  assert.is(outcome.exitCode, 0);
  assert.is(posts(), 0);
  assert.is(standin.count('jobs'), 1);
  assert.is(outcome.request?.auth, '***:');
  assert.is(outcome.request?.url, `${standin.url}/nessie/pipeline/create`);
  const shown = outcome.messages.join('\n');
  assert.ok(shown.includes(`POST ${standin.url}/nessie/pipeline/create\n  -u ***:\n  type=s3-raw\n  from_date=2026-09-01\n  s3_bucket=mixpanel-export-bucket`), shown);
  assert.not.ok(shown.includes(API_SECRET));
});

test('confirmation: asked with the request; "no" refuses; "yes" creates; no TTY and no --yes refuses without asking', async () => {
  const asked: string[] = [];
  const declined = await run({ yes: false, interactive: true }, { confirm: async (summary) => (asked.push(summary), false) });
  assert.is(declined.decision, 'refused');
  assert.ok(last(declined).includes('not confirmed'));
  assert.is(posts(), 0);
  assert.is(asked.length, 1);
  assert.ok(asked[0]!.includes('s3_bucket=mixpanel-export-bucket') && asked[0]!.includes('-u ***:'), asked[0]);

  const accepted = await run({ yes: false, interactive: true }, { confirm: async () => true });
  assert.is(accepted.decision, 'created');
  assert.is(posts(), 1);

  let calls = 0;
  const headless = await run({ yes: false, interactive: false, params: { ...PARAMS, prefix: 'other' } }, { confirm: async () => (calls++, true) });
  assert.is(headless.decision, 'refused');
  assert.ok(last(headless).includes('pass --yes'), last(headless));
  assert.is(calls, 0);
  assert.is(posts(), 1);
});

test('data residency picks data, data-eu or data-in', async () => {
  assert.is(mixpanelBaseUrl('us'), 'https://data.mixpanel.com/api/2.0');
  for (const [residency, host] of [['us', 'data.mixpanel.com'], ['eu', 'data-eu.mixpanel.com'], ['in', 'data-in.mixpanel.com']] as const) {
    standin.reset();
    const hosts: string[] = [];
    // Every request is recorded, then carried to the stand-in: nothing leaves 127.0.0.1.
    const viaStandin: typeof fetch = (url, init) => {
      const target = new URL(String(url));
      hosts.push(target.host);
      return fetch(`${standin.url}${target.pathname.replace(/^\/api\/2\.0/, '')}${target.search}`, init);
    };
    const outcome = await createPipeline({ ...createInput(standin, path.join(dir, `${residency}.jsonl`)), apiUrl: undefined, dataResidency: residency }, { fetch: viaStandin });
    assert.is(outcome.decision, 'created', outcome.messages.join('\n'));
    assert.equal(hosts, [host, host]);
    assert.is(outcome.request?.url, `https://${host}/api/2.0/nessie/pipeline/create`);
  }
});

test('listing: 5xx is retried with backoff and then succeeds; logged progress says so', async () => {
  standin.fault('jobs', { kind: 'status', status: 503 }, 2);
  const log: string[] = [];
  const outcome = await run({}, { log: (line) => log.push(line) });
  assert.is(outcome.decision, 'created');
  assert.is(standin.count('jobs'), 3);
  assert.is(log.filter((line) => line.includes('HTTP 503') && line.includes('retrying')).length, 2);
  assert.equal(outcome.audit?.record.exchanges.map((exchange) => exchange.status), [503, 503, 200, 200]);
});

test('listing: a timeout is retried, and bounded attempts end in failed with no POST', async () => {
  standin.fault('jobs', { kind: 'delay', ms: 1000 }, 3);
  const started = Date.now();
  const outcome = await run();
  assert.is(outcome.decision, 'failed');
  assert.is(outcome.exitCode, 1);
  assert.ok(last(outcome).includes('no answer within 300 ms'), last(outcome));
  assert.is(standin.count('jobs'), 3);
  assert.is(posts(), 0);
  assert.ok(Date.now() - started < 2000, 'three timeouts of 300 ms, not the server delay');
});

test('listing: a body that is not the documented shape fails without posting', async () => {
  standin.fault('jobs', { kind: 'malformed' });
  const outcome = await run();
  assert.is(outcome.decision, 'failed');
  assert.ok(last(outcome).includes('is not JSON'), last(outcome));
  assert.is(standin.count('jobs'), 1, 'a malformed 200 is not retried');
  assert.is(posts(), 0);
});

test('create: the pipeline is made but the answer is lost past the timeout: no second POST, unknown with the newcomer named; re-runs refuse until the user says which it is', async () => {
  standin.fault('create', { kind: 'lost', ms: 2000 });
  const outcome = await run();
  const name = standin.pipelines[0]!.name;
  assert.is(outcome.decision, 'unknown');
  assert.is(outcome.exitCode, 1);
  assert.is(posts(), 1);
  assert.is(standin.pipelines.length, 1);
  assert.equal(outcome.pipelines, [name]);
  assert.ok(last(outcome).includes('no answer within 300 ms') && last(outcome).includes('not sent again') && last(outcome).includes(`check which bucket and prefix ${name} exports to`), last(outcome));
  const rerun = await run();
  assert.is(rerun.decision, 'refused');
  assert.is(rerun.exitCode, 1);
  assert.ok(last(rerun).includes(`has an unknown outcome: ${name} appeared since it was sent`) && last(rerun).includes('--resolve-unknown'), last(rerun));
  const wrong = await run({ resolveUnknown: 'someone-elses' });
  assert.is(wrong.decision, 'refused');
  assert.ok(last(wrong).includes(`--resolve-unknown someone-elses is not one of the pipelines that may be create request`), last(wrong));
  const resolved = await run({ resolveUnknown: name });
  assert.is(resolved.decision, 'already-exists', resolved.messages.join('\n'));
  assert.equal(resolved.pipelines, [name]);
  assert.is(resolved.exitCode, 0);
  const after = await run();
  assert.is(after.decision, 'already-exists');
  assert.is(posts(), 1);
  assert.is(standin.pipelines.length, 1);
});

test('create: a 5xx that created nothing is re-sent after re-listing, once', async () => {
  standin.fault('create', { kind: 'status', status: 502 });
  const outcome = await run();
  assert.is(outcome.decision, 'created');
  assert.equal(
    standin.requests.map((request) => `${request.method} ${request.route} ${request.status}`),
    ['GET jobs 200', 'POST create 502', 'GET jobs 200', 'POST create 200'],
  );
  assert.is(standin.pipelines.length, 1);
});

test('create: 5xx on every attempt ends failed after maxAttempts, each re-post preceded by a listing', async () => {
  standin.fault('create', { kind: 'status', status: 500 }, 10);
  const outcome = await run();
  assert.is(outcome.decision, 'failed');
  assert.is(outcome.exitCode, 1);
  assert.ok(last(outcome).includes('after 3 attempts'), last(outcome));
  assert.equal(
    standin.requests.map((request) => `${request.method} ${request.route}`),
    ['GET jobs', 'POST create', 'GET jobs', 'POST create', 'GET jobs', 'POST create', 'GET jobs'],
  );
  assert.is(standin.pipelines.length, 0);
});

test('create: a 200 whose body is not the documented shape is not re-sent; the newcomer in the listing is named, the outcome unknown', async () => {
  standin.fault('create', { kind: 'malformed' });
  const outcome = await run();
  assert.is(outcome.decision, 'unknown');
  assert.is(outcome.exitCode, 1);
  assert.is(posts(), 1);
  assert.equal(outcome.pipelines, [standin.pipelines[0]!.name]);
});

test('create: the answer is lost and the re-listing fails too: unknown, never re-sent; the next run names the newcomer and refuses', async () => {
  standin.fault('jobs', { kind: 'delay', ms: 0 });
  standin.fault('jobs', { kind: 'status', status: 503 }, 3);
  standin.fault('create', { kind: 'lost', ms: 1000 });
  const outcome = await run();
  assert.is(outcome.decision, 'unknown');
  assert.is(outcome.exitCode, 1);
  assert.equal(outcome.pipelines, []);
  assert.ok(last(outcome).includes('whether Mixpanel created the pipeline is unknown; it was not sent again') && last(outcome).includes('--resolve-unknown'), last(outcome));
  assert.is(posts(), 1);
  assert.is(standin.count('jobs'), 4);
  const rerun = await run();
  assert.is(rerun.decision, 'refused');
  assert.ok(last(rerun).includes(`${standin.pipelines[0]!.name} appeared since it was sent`), last(rerun));
  assert.is(posts(), 1);
  assert.is(standin.pipelines.length, 1);
});

test('an audit log that cannot be opened refuses before any request', async () => {
  const outcome = await run({ auditLog: path.join(dir, 'missing-directory', 'audit.jsonl') });
  assert.is(outcome.decision, 'refused');
  assert.ok(last(outcome).includes('ENOENT'), last(outcome));
  assert.is(outcome.audit, null);
  assert.is(standin.requests.length, 0);
});

test('findSecretInArgv names the option or position, never the value', () => {
  assert.is(findSecretInArgv(['policies', '--create', '--yes']), undefined);
  assert.is(findSecretInArgv(['policies', '--bucket', 'secrets-bucket']), undefined, 'a value mentioning "secret" is not an option');
  for (const argv of [['--api-secret', API_SECRET], [`--api-secret=${API_SECRET}`], ['--mixpanel-secret', 'x'], ['--service-account-secret=x'], ['--password', 'x']]) {
    const found = findSecretInArgv(argv);
    assert.ok(found !== undefined && found.includes('--'), `${argv[0]} is refused`);
    assert.not.ok(found!.includes(API_SECRET));
  }
  const positional = findSecretInArgv(['policies', '--token', API_SECRET], SECRET_ENV);
  assert.is(positional, 'argument 3 contains the value of MIXPANEL_API_SECRET; a secret must not be given on the command line');
});

test('the module loads lazily without the AWS SDK: its import graph holds node: builtins and its own files only', () => {
  const seen = new Set<string>();
  const bare: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
      if (specifier!.startsWith('.')) visit(path.resolve(path.dirname(file), specifier!));
      else if (!specifier!.startsWith('node:')) bare.push(specifier!);
    }
  };
  visit(fileURLToPath(new URL('../src/create/index.js', import.meta.url)));
  assert.ok(seen.size >= 5, `followed ${seen.size} files`);
  assert.equal(bare, []);
});

test.run();

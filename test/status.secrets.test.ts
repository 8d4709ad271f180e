// No secret leaves `status`: its result, every format of it, its messages and its log lines are
// searched for each secret and each of its encodings, across every kind of outcome, including
// Mixpanel echoing the secret back in an error, in a pipeline name or a run's field, and a secret
// misplaced as the project token in the config that --explain reads.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pipelineStatus, type StatusOptions } from '../src/status/index.js';
import { formatStatus, STATUS_FORMATS } from '../src/status/format.js';
import { allRules } from '../rules/index.js';
import { useHermeticAwsEnv } from './support/hermetic-aws-env.js';
import { startAwsEmulator, type AwsEmulator } from './support/aws-emulator.js';
import { startMixpanelStandin, type Fault, type MixpanelStandin, type Route } from './support/mixpanel-standin.js';
import { BUCKET, KEY_ARN, ROLE_ARN, goodAccount } from './support/live-account.js';
import { API_SECRET, FAST, PROJECT_ID, SECRET_ENV, SERVICE_ACCOUNT, SERVICE_ACCOUNT_ENV } from './support/pipeline-input.js';
import { run, seedHistory } from './support/pipeline-runs.js';

useHermeticAwsEnv(test, { AWS_MAX_ATTEMPTS: '1' });

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const FORBIDDEN = [API_SECRET, SERVICE_ACCOUNT.secret, encodeURIComponent(SERVICE_ACCOUNT.secret), base64(`${API_SECRET}:`), base64(`${SERVICE_ACCOUNT.username}:${SERVICE_ACCOUNT.secret}`)];
const BOTH = { ...SECRET_ENV, ...SERVICE_ACCOUNT_ENV };

let standin: MixpanelStandin;
let aws: AwsEmulator;
test.before(async () => {
  standin = await startMixpanelStandin({ projectId: PROJECT_ID, apiSecret: API_SECRET, serviceAccount: SERVICE_ACCOUNT });
  aws = await startAwsEmulator(goodAccount());
});
test.after(async () => {
  await standin.close();
  await aws.close();
});

interface Scenario {
  name: string;
  options?: Partial<StatusOptions>;
  faults?: Array<[Route, Fault, number?]>;
  /** Adds pipelines that echo the secret. */
  echo?: boolean;
  exitCode: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'project secret, failing pipelines', exitCode: 1 },
  { name: 'service account, project secret also set', options: { env: BOTH, projectId: PROJECT_ID }, exitCode: 1 },
  { name: 'the secret in a pipeline name and in run fields', options: { env: BOTH, projectId: PROJECT_ID }, echo: true, exitCode: 1 },
  { name: '401 echoing both secrets', options: { env: BOTH, projectId: PROJECT_ID }, faults: [['jobs', { kind: 'error', status: 401, message: `Invalid API secret ${API_SECRET} or service account ${SERVICE_ACCOUNT.username}:${SERVICE_ACCOUNT.secret}` }]], exitCode: 2 },
  { name: '400 on status echoing the Basic value', faults: [['status', { kind: 'error', status: 400, message: `bad auth header Basic ${base64(`${API_SECRET}:`)}` }]], exitCode: 2 },
  { name: 'timeline 403 echoing the URL-encoded secret', options: { env: BOTH, projectId: PROJECT_ID }, faults: [['timeline', { kind: 'error', status: 403, message: `denied for ${encodeURIComponent(SERVICE_ACCOUNT.secret)}` }]], exitCode: 2 },
  { name: '5xx retried, then malformed', faults: [['jobs', { kind: 'status', status: 502 }], ['status', { kind: 'malformed' }]], exitCode: 2 },
  { name: 'connection refused', options: { apiUrl: 'http://127.0.0.1:1/api/2.0' }, exitCode: 2 },
];

test('no secret, URL-encoded secret or Basic-auth value in any result, format, message or log line', async () => {
  const written: string[] = [];
  for (const scenario of SCENARIOS) {
    standin.reset();
    seedHistory(standin);
    if (scenario.echo === true) standin.addPipeline(`leak-${API_SECRET}`, { runs: [{ ...run('failed', '2026-11-09T01:00:00-08:00'), from_date: base64(`${API_SECRET}:`), to_date: SERVICE_ACCOUNT.secret }] });
    for (const [route, fault, times] of scenario.faults ?? []) standin.fault(route, fault, times);
    const result = await pipelineStatus({ env: SECRET_ENV, apiUrl: standin.url, network: FAST, ...scenario.options }, { log: (line) => written.push(line) });
    assert.is(result.exitCode, scenario.exitCode, `${scenario.name}: ${result.messages.join(' / ')}`);
    written.push(JSON.stringify(result), ...result.messages);
    for (const format of STATUS_FORMATS) for (const color of [false, true]) written.push(formatStatus(format, result, { color, rules: allRules.map((rule) => rule.meta) }));
  }
  const everything = written.join('\n');
  for (const form of FORBIDDEN) assert.not.ok(everything.includes(form), `found a secret form (${form.length} characters) in the output`);
  assert.ok(everything.includes('Invalid API secret *** or service account ci-export.8f3e21.mp-service-account:***'), 'the 401 text is shown masked');
  assert.ok(everything.includes('bad auth header Basic ***'));
  assert.ok(everything.includes('denied for ***'));
  assert.ok(everything.includes('leak-***'), 'the echoed name is shown masked');
});

test('--explain: a secret misplaced as the project token in the config is masked in the explanation', async () => {
  standin.reset();
  const cwd = mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-status-'));
  writeFileSync(path.join(cwd, 'mp-s3-lint.config.json'), JSON.stringify({ token: API_SECRET }));
  standin.addPipeline('events-failed', { runs: [run('failed', '2026-11-03T01:00:00-08:00', '2026-11-03T01:20:00-08:00')] });
  const result = await pipelineStatus({
    env: SECRET_ENV,
    apiUrl: standin.url,
    network: FAST,
    explain: { cwd, params: { role: ROLE_ARN, bucket: BUCKET, region: 'us-east-1', encryption: 'kms', kmsKey: KEY_ARN }, endpointUrl: aws.url, reader: { timeoutMs: 2000 } },
  });
  assert.is(result.exitCode, 1, result.messages.join('\n'));
  // The trust policy expects the real token, so the check finds the external id wrong, naming the value it checked.
  assert.is(result.explanations?.[0]?.conclusion, 'findings');
  const outputs = [JSON.stringify(result), ...STATUS_FORMATS.map((format) => formatStatus(format, result, { color: false, rules: [] }))].join('\n');
  for (const form of FORBIDDEN) assert.not.ok(outputs.includes(form), `found a secret form (${form.length} characters) in the explanation`);
  assert.match(outputs, /with ExternalId=\*\*\* → implicit deny/, 'the finding is shown, the value masked');
});

test.run();

// No secret leaves `--create`: every byte it writes (audit log), returns (outcome, messages, request)
// or hands out (log lines, the confirmation summary) is searched for each secret and each of its
// encodings, across every kind of outcome, including a Mixpanel error that echoes the secret back.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPipeline, type CreateDeps, type CreateInput } from '../src/create/index.js';
import { startMixpanelStandin, type Fault, type MixpanelStandin, type Route } from './support/mixpanel-standin.js';
import { API_SECRET, PROJECT_ID, SECRET_ENV, SERVICE_ACCOUNT, SERVICE_ACCOUNT_ENV, createInput, report, tempDir } from './support/pipeline-input.js';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
const form = (text: string) => new URLSearchParams({ s: text }).toString().slice(2);
const percentLower = (text: string) => encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** A secret with the characters each encoding writes differently; never the one Mixpanel checks. */
const ODD_SECRET = `sA+/=&<>"' q${'9'.repeat(20)}`;
const FORBIDDEN = [
  API_SECRET,
  SERVICE_ACCOUNT.secret,
  encodeURIComponent(SERVICE_ACCOUNT.secret),
  percentLower(SERVICE_ACCOUNT.secret),
  form(SERVICE_ACCOUNT.secret),
  base64(`${API_SECRET}:`),
  base64(`${SERVICE_ACCOUNT.username}:${SERVICE_ACCOUNT.secret}`),
  hex(API_SECRET),
  hex(SERVICE_ACCOUNT.secret),
  hex(SERVICE_ACCOUNT.secret).toUpperCase(),
  ...[ODD_SECRET, form(ODD_SECRET), html(ODD_SECRET), hex(ODD_SECRET), percentLower(ODD_SECRET), JSON.stringify(ODD_SECRET).slice(1, -1)].map((text) => text.slice(0, 20)),
];

let standin: MixpanelStandin;

test.before(async () => {
  standin = await startMixpanelStandin({ projectId: PROJECT_ID, apiSecret: API_SECRET, serviceAccount: SERVICE_ACCOUNT });
});
test.after(async () => {
  await standin.close();
});

interface Scenario {
  name: string;
  input: Partial<CreateInput>;
  faults?: Array<[Route, Fault, number?]>;
  decision: string;
}

const BOTH = { ...SECRET_ENV, ...SERVICE_ACCOUNT_ENV };
const SCENARIOS: Scenario[] = [
  { name: 'created with the project secret', input: {}, decision: 'created' },
  { name: 'already exists', input: {}, decision: 'already-exists' },
  { name: 'dry run', input: { dryRun: true }, decision: 'dry-run' },
  { name: 'service account, project secret also set', input: { env: BOTH, projectId: PROJECT_ID, toDate: '2026-09-30' }, decision: 'created' },
  { name: 'refused by the check', input: { report: report({ errors: 2 }) }, decision: 'refused' },
  { name: 'asked to confirm, declined', input: { yes: false, interactive: true }, decision: 'refused' },
  { name: 'Mixpanel echoes the secret in a 401', input: { env: BOTH, projectId: PROJECT_ID }, faults: [['jobs', { kind: 'error', status: 401, message: `Invalid API secret ${API_SECRET} or service account ${SERVICE_ACCOUNT.username}:${SERVICE_ACCOUNT.secret}` }]], decision: 'failed' },
  { name: 'Mixpanel echoes it on create', input: {}, faults: [['create', { kind: 'error', status: 400, message: `bad auth header Basic ${base64(`${API_SECRET}:`)}` }]], decision: 'failed' },
  {
    name: 'Mixpanel echoes them form-encoded, HTML-escaped and as lower-case hex',
    input: { env: { ...BOTH, MIXPANEL_API_SECRET: ODD_SECRET }, projectId: PROJECT_ID },
    faults: [['jobs', { kind: 'error', status: 400, message: `form ${form(ODD_SECRET)} html ${html(ODD_SECRET)} hex ${hex(ODD_SECRET)} ${hex(SERVICE_ACCOUNT.secret)} pct ${percentLower(SERVICE_ACCOUNT.secret)} ${form(SERVICE_ACCOUNT.secret)}` }]],
    decision: 'failed',
  },
  { name: '5xx then lost answer', input: {}, faults: [['jobs', { kind: 'status', status: 500 }], ['create', { kind: 'lost', ms: 1000 }]], decision: 'unknown' },
  { name: 'connection refused', input: { apiUrl: 'http://127.0.0.1:1/api/2.0' }, decision: 'failed' },
];

test('no secret, URL-encoded secret or Basic-auth value in any output, message, log line or audit record', async () => {
  const auditLog = path.join(await tempDir(), 'audit.jsonl');
  const written: string[] = [];
  for (const [index, scenario] of SCENARIOS.entries()) {
    if (scenario.name !== 'already exists') standin.reset();
    for (const [route, fault, times] of scenario.faults ?? []) standin.fault(route, fault, times);
    const input = createInput(standin, auditLog, scenario.input);
    const deps: CreateDeps = { log: (line) => written.push(line), confirm: async (summary) => (written.push(summary), false) };
    // Prefixes differ so that each scenario has its own destination.
    const outcome = await createPipeline({ ...input, params: { ...input.params, prefix: `exports-${index === 1 ? 0 : index}` } }, deps);
    assert.is(outcome.decision, scenario.decision, `${scenario.name}: ${outcome.messages.join(' / ')}`);
    written.push(JSON.stringify(outcome), ...outcome.messages);
  }
  const auditText = await readFile(auditLog, 'utf8');
  assert.is(auditText.split('\n').filter((line) => line !== '' && !line.includes('"decision":"pending"')).length, SCENARIOS.length, 'one final audit line per attempt');
  const everything = [...written, auditText].join('\n');
  for (const form of FORBIDDEN) assert.not.ok(everything.includes(form), `found a secret form (${form.length} characters) in the output`);
  // The echoes were shown, with the secret masked.
  assert.ok(everything.includes('Invalid API secret *** or service account ci-export.8f3e21.mp-service-account:***'), 'the 401 text is shown masked');
  assert.ok(everything.includes('bad auth header Basic ***'));
  assert.ok(everything.includes('form *** html *** hex *** *** pct *** ***'), 'each encoding is masked, the rest of the text kept');
  assert.ok(everything.includes('-u ***:'), 'the confirmation and dry run show the masked request');
});

test.run();

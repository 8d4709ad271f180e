// Live mode follows the AWS CLI's conventions and survives hostile answers (issue 14): the named
// profile's endpoints, region and credentials; AWS_DEFAULT_REGION; HTTP(S)_PROXY and NO_PROXY; --timeout
// as a hard limit on each attempt; a page cap; one message for unusable credentials; a policy that is
// not an object; and no session token, in any encoding, in any output or audit line.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { startAwsEmulator, type AwsEmulator, type TokenEcho } from './support/aws-emulator.js';
import type { MixpanelStandin } from './support/mixpanel-standin.js';
import { startHttpProxy } from './support/http-proxy.js';
import { BUCKET, FAST, KEY_ARN, ROLE, ROLE_ARN, goodAccount } from './support/live-account.js';
import { SECRET_ENV } from './support/pipeline-input.js';
import { createFlags, decisions, waitFor } from './support/create-cli.js';
import { useStandins } from './support/standins.js';
import { readLiveAccount } from '../src/sources/live/index.js';
import { MAX_PAGES } from '../src/sources/live/iam.js';

let aws: AwsEmulator;
let mixpanel: MixpanelStandin;
const standins = useStandins(test);
test.before(() => void ({ aws, mixpanel } = standins));

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-conventions-'));

/** Runs `body` with these variables set (undefined: removed), the SDK reading them from process.env, then puts them back. */
async function withEnv<T>(variables: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(variables);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

/** Shared config and credentials files in a fresh directory. */
function awsFiles(config: string, credentials: string): { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string } {
  const directory = tmp();
  writeFileSync(path.join(directory, 'config'), config);
  writeFileSync(path.join(directory, 'credentials'), credentials);
  return { AWS_CONFIG_FILE: path.join(directory, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(directory, 'credentials') };
}

const REQUEST = { role: ROLE_ARN, bucket: BUCKET, kmsKey: KEY_ARN };
const NO_ENV_CREDENTIALS = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_REGION: undefined };

test("9. --profile NAME: NAME's endpoint_url, its services section's s3 endpoint, its region and credentials, never the default profile's", async () => {
  const s3 = await startAwsEmulator(goodAccount());
  try {
    const files = awsFiles(
      [
        '[default]',
        'region = us-west-2',
        'endpoint_url = http://127.0.0.1:9',
        '',
        '[profile audit]  # the profile the check runs with',
        'region = eu-north-1',
        `endpoint_url = ${aws.url}`,
        'services = audit-endpoints',
        '',
        '[services audit-endpoints]',
        's3 =',
        `  endpoint_url = ${s3.url}`,
      ].join('\n'),
      ['[default]', 'aws_access_key_id = AKIADEFAULT', 'aws_secret_access_key = default-secret', '[audit]', 'aws_access_key_id = AKIAAUDIT', 'aws_secret_access_key = audit-secret'].join('\n'),
    );
    const result = await withEnv({ ...NO_ENV_CREDENTIALS, ...files }, () => readLiveAccount({ ...REQUEST, profile: 'audit' }, FAST));
    assert.equal(result.problems, []);
    assert.is(result.documents.length, 3);
    assert.equal([...new Set(aws.calls.map((call) => call.service))].sort(), ['iam', 'kms', 'sts'], 'the profile\'s endpoint_url');
    assert.equal([...new Set(s3.calls.map((call) => call.service))], ['s3'], "the services section's s3 endpoint");
    assert.equal([...new Set([...aws.calls, ...s3.calls].map((call) => call.accessKeyId))], ['AKIAAUDIT'], "the profile's credentials");
    assert.equal([...new Set(aws.calls.filter((call) => call.service !== 'kms').map((call) => call.region))], ['eu-north-1'], "the profile's region");
    assert.equal([...new Set(aws.calls.filter((call) => call.service === 'kms').map((call) => call.region))], ['us-east-1'], "the key's own region");
    // AWS_ENDPOINT_URL_S3 comes before the profile's services section, as in the AWS CLI.
    aws.calls.length = 0;
    s3.calls.length = 0;
    await withEnv({ ...NO_ENV_CREDENTIALS, ...files, AWS_ENDPOINT_URL_S3: aws.url }, () => readLiveAccount({ ...REQUEST, profile: 'audit' }, FAST));
    assert.equal(s3.calls, []);
    assert.ok(aws.calls.some((call) => call.service === 's3'));
    // ignore_configured_endpoint_urls turns the configured endpoints off; --endpoint-url still applies.
    aws.calls.length = 0;
    const ignoring = awsFiles(readFileSync(files.AWS_CONFIG_FILE, 'utf8').replace('services = audit-endpoints', 'services = audit-endpoints\nignore_configured_endpoint_urls = true'), readFileSync(files.AWS_SHARED_CREDENTIALS_FILE, 'utf8'));
    const explicit = await withEnv({ ...NO_ENV_CREDENTIALS, ...ignoring }, () => readLiveAccount({ ...REQUEST, profile: 'audit', endpointUrl: s3.url }, FAST));
    assert.equal(explicit.problems, []);
    assert.equal(aws.calls, []);
  } finally {
    await s3.close();
  }
});

test("9. a profile without endpoint settings goes to AWS's own endpoints, not to the default profile's endpoint_url", async () => {
  // AWS's real hosts are asked of a proxy on 127.0.0.1 that records the tunnel and refuses it: nothing leaves the machine.
  const proxy = await startHttpProxy();
  try {
    const files = awsFiles(['[default]', 'endpoint_url = http://127.0.0.1:9', '[profile bare]', 'region = eu-north-1'].join('\n'), '[bare]\naws_access_key_id = AKIABARE\naws_secret_access_key = bare-secret\n');
    const result = await withEnv({ ...NO_ENV_CREDENTIALS, ...files, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }, () => readLiveAccount({ ...REQUEST, profile: 'bare' }, { ...FAST, maxAttempts: 1 }));
    assert.ok(result.problems.length > 0, 'the refused tunnels fail the reads');
    assert.ok(proxy.seen.includes('CONNECT sts.eu-north-1.amazonaws.com:443'), proxy.seen.join('\n'));
    assert.ok(proxy.seen.includes('CONNECT iam.amazonaws.com:443'), proxy.seen.join('\n'));
    assert.not.ok(proxy.seen.some((line) => line.includes('127.0.0.1:9')), "the default profile's endpoint is not used");
  } finally {
    await proxy.close();
  }
});

test('9. AWS_DEFAULT_REGION is honoured after AWS_REGION and before the profile\'s region', async () => {
  const files = awsFiles('[default]\nregion = us-west-2\n', '[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = default-secret\n');
  const regions = () => [...new Set(aws.calls.filter((call) => call.service === 'iam').map((call) => call.region))];
  await withEnv({ ...NO_ENV_CREDENTIALS, ...files, AWS_ENDPOINT_URL: aws.url }, () => readLiveAccount(REQUEST, FAST));
  assert.equal(regions(), ['us-west-2'], "the profile's region without either variable");
  aws.calls.length = 0;
  await withEnv({ ...NO_ENV_CREDENTIALS, ...files, AWS_ENDPOINT_URL: aws.url, AWS_DEFAULT_REGION: 'ap-southeast-2' }, () => readLiveAccount(REQUEST, FAST));
  assert.equal(regions(), ['ap-southeast-2']);
  aws.calls.length = 0;
  await withEnv({ ...NO_ENV_CREDENTIALS, ...files, AWS_ENDPOINT_URL: aws.url, AWS_DEFAULT_REGION: 'ap-southeast-2', AWS_REGION: 'ca-central-1' }, () => readLiveAccount(REQUEST, FAST));
  assert.equal(regions(), ['ca-central-1']);
});

test('9. HTTP_PROXY and HTTPS_PROXY carry the calls, NO_PROXY exempts a host', async () => {
  const proxy = await startHttpProxy();
  try {
    const through = await withEnv({ HTTP_PROXY: proxy.url }, () => readLiveAccount({ ...REQUEST, endpointUrl: aws.url }, FAST));
    assert.equal(through.problems, []);
    assert.is(through.documents.length, 3);
    assert.is(proxy.seen.length, aws.calls.length, 'every call went through the proxy');
    assert.ok(proxy.seen.every((line) => line.startsWith(`POST ${aws.url}/`) || line.startsWith(`GET ${aws.url}/`)), proxy.seen.join('\n'));

    proxy.seen.length = 0;
    const exempt = await withEnv({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' }, () => readLiveAccount({ ...REQUEST, endpointUrl: aws.url }, FAST));
    assert.equal(exempt.problems, []);
    assert.equal(proxy.seen, []);

    // An https endpoint: the tunnel is asked of HTTPS_PROXY (which refuses it here, so the reads fail).
    const port = new URL(aws.url).port;
    const https = await withEnv({ HTTPS_PROXY: proxy.url }, () => readLiveAccount({ ...REQUEST, endpointUrl: `https://127.0.0.1:${port}` }, { ...FAST, maxAttempts: 1 }));
    assert.ok(proxy.seen.length > 0 && proxy.seen.every((line) => line === `CONNECT 127.0.0.1:${port}`), proxy.seen.join('\n'));
    assert.ok(https.problems.length > 0);
  } finally {
    await proxy.close();
  }
});

test('10. --timeout is a hard limit on each attempt: an answer trickling in a byte every 20 ms is cut off, each attempt abandoned', async () => {
  aws.setState(goodAccount(), { faults: { 'iam:GetRole': { trickleMs: 20 } } });
  const result = await withEnv({ AWS_ENDPOINT_URL: aws.url }, () => readLiveAccount(REQUEST, { maxAttempts: 2, retryDelayMs: 0, timeoutMs: 400 }));
  assert.equal(result.problems.map((problem) => [problem.call, problem.code]), [['iam:GetRole', 'timeout']]);
  assert.match(result.problems[0]!.message, /^iam:GetRole failed: no answer within 400 ms after 2 attempts; role 'mixpanel-export'/);
  const attempts = aws.calls.filter((call) => call.call === 'iam:GetRole');
  assert.is(attempts.length, 2, 'retried once, as any timeout');
  // The emulator notices a closed connection at its next byte.
  assert.ok(await waitFor(() => attempts.every((call) => call.abandoned === true)), 'the client closed each attempt before the answer was complete');
});

test(`10. a list that never ends is read ${MAX_PAGES} pages at most, and the call is named`, async () => {
  aws.setState(goodAccount(), { faults: { 'iam:ListRolePolicies': { endlessPages: true } } });
  const result = await withEnv({ AWS_ENDPOINT_URL: aws.url }, () => readLiveAccount(REQUEST, FAST));
  assert.equal(result.problems.map((problem) => [problem.call, problem.code]), [['iam:ListRolePolicies', 'too-many-pages']]);
  assert.match(result.problems[0]!.message, new RegExp(`^iam:ListRolePolicies failed: the list was still not complete after ${MAX_PAGES} pages .*the inline policies of role 'mixpanel-export' could not be checked\\.$`));
  assert.is(aws.calls.filter((call) => call.call === 'iam:ListRolePolicies').length, MAX_PAGES);
  // Through the CLI with --create: an error, and nothing is created.
  const cwd = tmp();
  const created = await runCli([...createFlags(aws, mixpanel), '--yes'], { cwd, env: SECRET_ENV });
  assert.is(created.code, 1);
  assert.equal(decisions(cwd), ['refused']);
  assert.is(mixpanel.pipelines.length, 0);
});

test('one message, exit 2, for no credentials, an unknown profile, or an expired token; --create records nothing and sends nothing', async () => {
  const cases: Array<{ name: string; env: Record<string, string | undefined>; flags?: string[]; faults?: boolean; message: RegExp }> = [
    { name: 'no credentials', env: NO_ENV_CREDENTIALS, message: /live mode read nothing from AWS: no AWS credentials could be loaded \(.*\); give --profile NAME, set AWS_PROFILE/ },
    { name: 'an unknown profile', env: {}, flags: ['--profile', 'no-such-profile'], message: /live mode read nothing from AWS: the AWS profile 'no-such-profile' is not in \/dev\/null or \/dev\/null/ },
    { name: 'an expired token', env: {}, faults: true, message: /live mode read nothing from AWS: the AWS credentials have expired \(ExpiredToken(Exception)?: The security token included in the request is expired\); renew them/ },
  ];
  for (const { name, env, flags = [], faults, message } of cases) {
    const all = { faults: Object.fromEntries(['sts:GetCallerIdentity', 'iam:GetRole', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 's3:GetBucketPolicy', 's3:GetBucketEncryption', 's3:GetBucketLocation', 'kms:DescribeKey', 'kms:GetKeyPolicy', 'iam:GetRolePolicy'].map((call) => [call, { expiredToken: true as const }])) };
    aws.setState(goodAccount(), faults === true ? all : {});
    aws.calls.length = 0;
    mixpanel.reset();
    const cwd = tmp();
    const result = await withEnv(env, () => runCli([...createFlags(aws, mixpanel), '--yes', ...flags], { cwd, env: SECRET_ENV }));
    assert.is(result.code, 2, `${name}: ${result.stderr}`);
    const lines = result.stderr.trim().split('\n');
    assert.is(lines.length, 1, `${name}: one message\n${result.stderr}`);
    assert.match(lines[0]!, message);
    assert.match(lines[0]!, /; nothing was sent to Mixpanel$/);
    assert.is(result.stdout, '', `${name}: no report of a read that could not be made`);
    assert.is(mixpanel.requests.length, 0);
    assert.equal(decisions(cwd), []);
    assert.not.ok(aws.calls.some((call) => call.call === 'iam:GetRolePolicy'), `${name}: the read stopped at the first failure`);
  }
});

test('11. a policy that is valid JSON but not an object is an MP600 finding naming the read, never a crash, never echoed', async () => {
  const state = goodAccount();
  const huge = `"${'A'.repeat(200_000)}"`;
  state.roles[ROLE]!.trust = huge;
  state.roles[ROLE]!.inline = { 'export-write': '42' };
  state.buckets[BUCKET]!.policy = 'null';
  state.keys[Object.keys(state.keys)[0]!]!.policy = '[]';
  aws.setState(state);
  const cwd = tmp();
  const result = await runCli([...createFlags(aws, mixpanel), '--yes', '-f', 'json'], { cwd, env: SECRET_ENV });
  assert.is(result.code, 1, result.stderr);
  assert.not.match(result.stderr, /internal error/);
  const findings = (JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; message: string }> }).findings.filter((finding) => finding.ruleId === 'MP600');
  assert.equal(findings.map((finding) => finding.message.replace(/; .*$/, '')).sort(), [
    'iam:GetRole failed: the policy document is a JSON string, not a JSON object',
    'iam:GetRolePolicy failed: the policy document is a JSON number, not a JSON object',
    'kms:GetKeyPolicy failed: the policy document is a JSON array, not a JSON object',
    's3:GetBucketPolicy failed: the policy document is null, not a JSON object',
  ]);
  assert.ok(result.stdout.length + result.stderr.length < 20_000, 'the 200 kB document is not echoed');
  assert.equal(decisions(cwd), ['refused']);
  assert.is(mixpanel.pipelines.length, 0);
});

/** A session token with every character that encodes differently in URLs, forms, HTML, JSON. */
const SESSION_TOKEN = `FwoGZXIvYXdzEJr//////////wEaDH+token/with=padding&amp"quotes'<tags> and spaces\\${'z'.repeat(40)}`;
/** The calls that need no other call's answer, each echoing the token in other encodings. */
const ECHOES: Array<[string, TokenEcho[]]> = [
  ['iam:GetRole', ['plain']],
  ['iam:ListRolePolicies', ['percent']],
  ['iam:ListAttachedRolePolicies', ['percent-lower']],
  ['s3:GetBucketPolicy', ['form']],
  ['s3:GetBucketEncryption', ['html']],
  ['s3:GetBucketLocation', ['json']],
  ['kms:DescribeKey', ['base64']],
  ['sts:GetCallerIdentity', ['hex', 'HEX']],
];

/** Every form of the token, written independently of the redactor, and every 16-character piece of it. */
function tokenTraces(token: string): string[] {
  const bytes = Buffer.from(token, 'utf8');
  const html = token.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const forms = [token, encodeURIComponent(token), encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()), new URLSearchParams({ t: token }).toString().slice(2), html, JSON.stringify(token).slice(1, -1), bytes.toString('base64'), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
  return forms.flatMap((form) => Array.from({ length: form.length - 15 }, (_, start) => form.slice(start, start + 16)).filter((piece) => !/^z+$/.test(piece)));
}

test('12. the AWS session token echoed by AWS errors, in nine encodings, appears nowhere: report, output file, stderr, audit log', async () => {
  assert.is(new Set(ECHOES.flatMap(([, how]) => how)).size, 9);
  aws.setState(goodAccount(), { faults: Object.fromEntries(ECHOES.map(([call, how]) => [call, { echoToken: how }])) });
  const cwd = tmp();
  const result = await withEnv({ AWS_SESSION_TOKEN: SESSION_TOKEN }, () => runCli([...createFlags(aws, mixpanel), '--yes', '-f', 'json', '--output-file', 'report.json'], { cwd, env: { ...SECRET_ENV, AWS_SESSION_TOKEN: SESSION_TOKEN } }));
  assert.is(result.code, 1, result.stderr);
  assert.ok(aws.calls.some((call) => call.call === 'iam:GetRole'), 'the calls were made and echoed the token');
  const report = readFileSync(path.join(cwd, 'report.json'), 'utf8');
  const audit = readFileSync(path.join(cwd, 'mp-s3-lint-audit.jsonl'), 'utf8');
  const everything = [result.stdout, result.stderr, report, audit].join('\n');
  for (const trace of tokenTraces(SESSION_TOKEN)) assert.not.ok(everything.includes(trace), `a piece of the token was found: ${JSON.stringify(trace)}`);
  const messages = (JSON.parse(report) as { findings: Array<{ ruleId: string; message: string }> }).findings.filter((finding) => finding.ruleId === 'MP600').map((finding) => finding.message);
  assert.is(messages.filter((message) => /The header x-amz-security-token \(\*\*\*(, \*\*\*)?\) is not valid/.test(message)).length, ECHOES.length, messages.join('\n'));
  assert.ok(messages.every((message) => message.length < 700), 'quoted text is capped');
  assert.equal(decisions(cwd), ['refused']);
});

test('12. a session token from a credentials file (not the environment) is redacted too', async () => {
  const token = `IQoJb3JpZ2luX2VjEFILE+token/${'q'.repeat(30)}`;
  const files = awsFiles('[profile ci]\nregion = us-east-1\n', `[ci]\naws_access_key_id = AKIACI\naws_secret_access_key = ci-secret-key\naws_session_token = ${token}\n`);
  aws.setState(goodAccount(), { faults: { 'iam:GetRole': { echoToken: ['plain'] }, 's3:GetBucketPolicy': { echoToken: ['form'] } } });
  const result = await withEnv({ ...NO_ENV_CREDENTIALS, ...files, AWS_ENDPOINT_URL: aws.url }, () => readLiveAccount({ ...REQUEST, profile: 'ci' }, FAST));
  const text = JSON.stringify(result.problems);
  assert.is(result.problems.length, 2, text);
  for (const trace of tokenTraces(token)) assert.not.ok(text.includes(trace), trace);
  assert.ok(result.problems.every((problem) => problem.message.includes('The header x-amz-security-token (***) is not valid')), text);
});

test.run();

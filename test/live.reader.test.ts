// Live mode's reader, driven through the real AWS SDK clients against the loopback emulator: what is
// read and how it is decoded, pagination, every kind of failure, the number of calls and of waves,
// saving documents, and the IAM policy the tool itself needs.
import { mkdtemp, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/lint.js';
import { PERMISSION_FOR_CALL, readLiveAccount, saveLiveDocuments, savedFileName, type LiveOptions, type LiveReadResult, type LiveRequest } from '../src/sources/live/index.js';
import { reindentJson } from '../src/sources/live/documents.js';
import { checkAction } from '../src/policy/catalog.js';
import { validatePolicyGrammar } from '../src/policy/grammar.js';
import { repoPath } from './helpers/repo.js';
import { useHermeticAwsEnv } from './support/hermetic-aws-env.js';
import { EMULATED_CALLS, HERMETIC_AWS_ENV, startAwsEmulator, type AwsEmulator, type EmulatorOptions, type EmulatorState } from './support/aws-emulator.js';

const ACCOUNT = '111122223333';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/mixpanel-export`;
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${KEY_ID}`;
const MANAGED_ARN = `arn:aws:iam::${ACCOUNT}:policy/mixpanel-export-write`;
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/developer-boundary`;
const AWS_MANAGED_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const REQUEST: LiveRequest = { role: ROLE_ARN, bucket: 'mixpanel-export-bucket', kmsKey: KEY_ARN };
/** Retries without backoff so retry tests take milliseconds. */
const FAST: LiveOptions = { maxAttempts: 3, retryDelayMs: 0, timeoutMs: 2000 };

const statement = (action: string, resource: string) => ({ Effect: 'Allow', Action: action, Resource: resource });
const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });

// `+` and `%` must survive IAM's percent-encoding: form decoding turns `+` into a space, double decoding eats `%2B`.
const TRUST = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-export' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'a+b%2Bc 100%' } } });
// Served verbatim: the duplicate Sid and the \u002A escape are part of what is deployed and must be kept.
const INLINE_TEXT = '{"Version":"2012-10-17","Statement":[{"Sid":"A","Sid":"B","Effect":"Allow","Action":["s3:PutObject"],"Resource":"arn:aws:s3:::mixpanel-export-bucket/\\u002A","Condition":{}}]}';
const INLINE_PRETTY = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    {',
  '      "Sid": "A",',
  '      "Sid": "B",',
  '      "Effect": "Allow",',
  '      "Action": [',
  '        "s3:PutObject"',
  '      ],',
  '      "Resource": "arn:aws:s3:::mixpanel-export-bucket/\\u002A",',
  '      "Condition": {}',
  '    }',
  '  ]',
  '}',
].join('\n');
const BUCKET_POLICY = policy({ Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::mixpanel-export-bucket/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
const KEY_POLICY = policy({ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' });

function goodState(): EmulatorState {
  return {
    account: ACCOUNT,
    callerArn: `arn:aws:iam::${ACCOUNT}:user/auditor`,
    roles: { 'mixpanel-export': { trust: TRUST, inline: { 'export-write': INLINE_TEXT }, attached: [MANAGED_ARN, AWS_MANAGED_ARN], boundary: BOUNDARY_ARN } },
    managedPolicies: {
      [MANAGED_ARN]: { defaultVersion: 'v3', document: policy(statement('s3:PutObject', 'arn:aws:s3:::mixpanel-export-bucket/*')) },
      [BOUNDARY_ARN]: { defaultVersion: 'v1', document: policy(statement('s3:*', '*')) },
      [AWS_MANAGED_ARN]: { defaultVersion: 'v120', document: policy(statement('s3:Get*', '*')) },
    },
    buckets: { 'mixpanel-export-bucket': { region: 'eu-west-1', policy: BUCKET_POLICY, encryption: { algorithm: 'aws:kms', keyId: KEY_ARN } } },
    keys: { [KEY_ID]: { region: 'eu-west-1', enabled: true, keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', policy: KEY_POLICY, aliases: ['alias/mixpanel-export'] } },
  };
}

useHermeticAwsEnv(test);

/** Runs `body` with an emulator that every SDK client reaches through AWS_ENDPOINT_URL. */
async function withEmulator<T>(state: EmulatorState, options: EmulatorOptions, body: (emulator: AwsEmulator) => Promise<T>): Promise<T> {
  const emulator = await startAwsEmulator(state, options);
  process.env['AWS_ENDPOINT_URL'] = emulator.url;
  try {
    return await body(emulator);
  } finally {
    delete process.env['AWS_ENDPOINT_URL'];
    await emulator.close();
  }
}

const names = (result: LiveReadResult) => result.documents.map((document) => document.name);
const textOf = (result: LiveReadResult, name: string) => result.documents.find((document) => document.name === name)?.text;
const problemsOf = (result: LiveReadResult, call: string) => result.problems.filter((problem) => problem.call === call);
const attempts = (emulator: AwsEmulator, call: string) => emulator.calls.filter((recorded) => recorded.call === call).length;

test('a good account: every document read, decoded exactly, pretty-printed, with meta and facts', async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  process.on('warning', onWarning);
  const progress: string[] = [];
  const { result, emulator } = await withEmulator(goodState(), {}, async (emulator) => ({ result: await readLiveAccount(REQUEST, { ...FAST, onProgress: (line) => progress.push(line) }), emulator }));
  process.off('warning', onWarning);

  assert.equal(result.problems, []);
  assert.equal(names(result), [
    'live/iam/aws-policy/ReadOnlyAccess@v120.json',
    'live/iam/policy/mixpanel-export-write@v3.json',
    'live/iam/role/mixpanel-export/boundary/developer-boundary@v1.json',
    'live/iam/role/mixpanel-export/inline/export-write.json',
    'live/iam/role/mixpanel-export/trust-policy.json',
    `live/kms/${KEY_ID}/key-policy.json`,
    'live/s3/mixpanel-export-bucket/bucket-policy.json',
  ]);
  assert.is(textOf(result, 'live/iam/role/mixpanel-export/trust-policy.json'), JSON.stringify(TRUST, null, 2));
  assert.is(textOf(result, 'live/iam/role/mixpanel-export/inline/export-write.json'), INLINE_PRETTY);
  assert.is(textOf(result, 'live/s3/mixpanel-export-bucket/bucket-policy.json'), JSON.stringify(BUCKET_POLICY, null, 2));
  assert.is(textOf(result, `live/kms/${KEY_ID}/key-policy.json`), JSON.stringify(KEY_POLICY, null, 2));

  const byName = new Map(result.documents.map((document) => [document.name, document]));
  assert.equal(byName.get('live/iam/role/mixpanel-export/trust-policy.json')!.meta, { roleName: 'mixpanel-export', roleArn: ROLE_ARN, wrapper: 'live: iam:GetRole', roleId: 'AROAEMULATOR', roleTags: {} });
  assert.equal(byName.get('live/iam/role/mixpanel-export/inline/export-write.json')!.meta, { roleName: 'mixpanel-export', policyName: 'export-write', wrapper: 'live: iam:GetRolePolicy' });
  assert.equal(byName.get('live/iam/role/mixpanel-export/boundary/developer-boundary@v1.json')!.meta, { roleName: 'mixpanel-export', policyName: 'developer-boundary', policyArn: BOUNDARY_ARN, wrapper: 'live: iam:GetPolicyVersion', boundary: true });
  assert.equal(byName.get('live/s3/mixpanel-export-bucket/bucket-policy.json')!.meta, { bucket: 'mixpanel-export-bucket', wrapper: 'live: s3:GetBucketPolicy' });
  assert.equal(byName.get(`live/kms/${KEY_ID}/key-policy.json`)!.meta, { keyId: KEY_ID, wrapper: 'live: kms:GetKeyPolicy' });
  assert.equal(
    result.documents.map((document) => document.kind),
    ['identity', 'identity', 'identity', 'identity', 'trust', 'key', 'bucket'],
  );

  assert.equal(result.callerIdentity, { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/auditor`, userId: 'AIDAEMULATOR' });
  assert.equal(result.facts, {
    roleArn: ROLE_ARN,
    roleAccount: ACCOUNT,
    bucketRegion: 'eu-west-1',
    bucketPolicy: 'present',
    bucketEncryption: { algorithm: 'aws:kms', kmsKeyId: KEY_ARN, bucketKeyEnabled: true },
    key: { arn: KEY_ARN, keyId: KEY_ID, region: 'eu-west-1', enabled: true, keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', keyState: 'Enabled' },
  });
  // 9 independent calls, 1 inline policy, 3 managed policies × (GetPolicy + GetPolicyVersion).
  assert.is(result.calls, 16);
  assert.is(emulator.calls.length, result.calls);
  assert.is(progress.length, result.calls);
  // The KMS client goes to the key's own region, whatever the default region.
  assert.equal([...new Set(emulator.calls.filter((recorded) => recorded.service === 'kms').map((recorded) => recorded.region))], ['eu-west-1']);
  // The SDK's own notice that its releases after early January 2027 need Node 22 is left to show (README, Node versions); nothing else.
  assert.equal(warnings.filter((warning) => !warning.startsWith('NodeVersionSupportWarning') && !/require node >=22/.test(warning)), [], 'the SDK wrote no other warning');
});

test('pagination: every page of both list calls is fetched and every policy on them read', async () => {
  const state = goodState();
  const inline = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((name) => [name, policy(statement('s3:PutObject', `arn:aws:s3:::b/${name}`))]));
  const managed = ['m1', 'm2', 'm3', 'm4', 'm5'].map((name) => `arn:aws:iam::${ACCOUNT}:policy/${name}`);
  state.roles['mixpanel-export'] = { trust: TRUST, inline, attached: managed };
  for (const arn of managed) state.managedPolicies[arn] = { defaultVersion: 'v1', document: policy(statement('s3:PutObject', '*')) };

  const { result, emulator } = await withEmulator(state, { pageSize: 2 }, async (emulator) => ({ result: await readLiveAccount({ role: ROLE_ARN }, FAST), emulator }));

  assert.equal(result.problems, []);
  for (const call of ['iam:ListRolePolicies', 'iam:ListAttachedRolePolicies']) {
    const markers = emulator.calls.filter((recorded) => recorded.call === call).map((recorded) => recorded.params['Marker']);
    assert.is(markers.length, 3, `${call}: three pages of two`);
    assert.is(markers[0], undefined);
    assert.is(new Set(markers).size, 3, `${call}: each page asked with a new marker`);
  }
  assert.equal(names(result).filter((name) => name.includes('/inline/')).length, 5);
  assert.equal(names(result).filter((name) => name.startsWith('live/iam/policy/')).length, 5);
  // The documented exception to three waves: the third page needs the second page's marker.
  assert.is(result.waves, 5);
});

test('AccessDenied on each read: the problem names the missing permission and what was not checked', async () => {
  const emulator = await startAwsEmulator(goodState());
  process.env['AWS_ENDPOINT_URL'] = emulator.url;
  try {
    for (const call of EMULATED_CALLS) {
      emulator.setState(goodState(), { faults: { [call]: { accessDenied: true } } });
      emulator.calls.length = 0;
      const result = await readLiveAccount(REQUEST, FAST);
      const denied = problemsOf(result, call);
      assert.ok(denied.length > 0, `${call} reported`);
      assert.equal(result.problems, denied, `${call}: nothing else failed`);
      for (const problem of denied) {
        assert.is(problem.code, 'access-denied');
        assert.match(problem.message, `the permission ${PERMISSION_FOR_CALL[call]} `);
        assert.match(problem.message, /could not be checked\.$/);
      }
      assert.is(attempts(emulator, call), denied.length, `${call}: a denial is not retried`);
    }
  } finally {
    delete process.env['AWS_ENDPOINT_URL'];
    await emulator.close();
  }
});

test('AccessDenied messages say which document could not be checked', async () => {
  const faults = { 'iam:GetRolePolicy': { accessDenied: true }, 's3:GetBucketEncryption': { accessDenied: true }, 'iam:GetPolicy': { accessDenied: true } } as const;
  const result = await withEmulator(goodState(), { faults }, () => readLiveAccount(REQUEST, FAST));
  assert.match(problemsOf(result, 'iam:GetRolePolicy')[0]!.message, "the inline policy 'export-write' of role 'mixpanel-export' could not be checked");
  assert.match(problemsOf(result, 's3:GetBucketEncryption')[0]!.message, 'the permission s3:GetEncryptionConfiguration ');
  assert.match(problemsOf(result, 's3:GetBucketEncryption')[0]!.message, "the default encryption of bucket 'mixpanel-export-bucket' could not be checked");
  assert.ok(problemsOf(result, 'iam:GetPolicy').some((problem) => problem.message.includes(`the permissions boundary ${BOUNDARY_ARN} of role 'mixpanel-export' could not be checked`)));
  assert.is(problemsOf(result, 'iam:GetPolicy').length, 3);
  assert.equal(names(result), ['live/iam/role/mixpanel-export/trust-policy.json', `live/kms/${KEY_ID}/key-policy.json`, 'live/s3/mixpanel-export-bucket/bucket-policy.json']);
});

test('a missing role, bucket or key is not-found, and the rest is still read', async () => {
  const result = await withEmulator(goodState(), {}, () => readLiveAccount({ role: 'no-such-role', bucket: 'no-such-bucket', kmsKey: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/no-such-key` }, FAST));
  const failed = (call: string) => problemsOf(result, call).map((problem) => problem.code);
  assert.equal(failed('iam:GetRole'), ['not-found']);
  assert.match(problemsOf(result, 'iam:GetRole')[0]!.message, "not found (NoSuchEntity: The role with name no-such-role cannot be found.); role 'no-such-role'");
  assert.equal(failed('iam:ListRolePolicies'), ['not-found']);
  assert.equal(failed('iam:ListAttachedRolePolicies'), ['not-found']);
  for (const call of ['s3:GetBucketPolicy', 's3:GetBucketEncryption', 's3:GetBucketLocation', 'kms:DescribeKey', 'kms:GetKeyPolicy']) assert.equal(failed(call), ['not-found'], call);
  assert.equal(result.documents, []);
  assert.ok(result.callerIdentity !== undefined);
  assert.equal(result.facts, {});
});

test('no bucket policy and no default encryption are facts, not problems', async () => {
  const state = goodState();
  state.buckets['mixpanel-export-bucket'] = { region: 'us-east-1' };
  const result = await withEmulator(state, {}, () => readLiveAccount(REQUEST, FAST));
  assert.equal(result.problems, []);
  assert.is(result.facts.bucketPolicy, 'none');
  assert.is(result.facts.bucketEncryption, undefined);
  assert.is(result.facts.bucketRegion, 'us-east-1', 'an empty location constraint is us-east-1');
  assert.not.ok(names(result).some((name) => name.startsWith('live/s3/')));
});

test('throttling then success: the SDK retries and the documents are read', async () => {
  const faults = { 'iam:GetRolePolicy': { throttle: 2 }, 's3:GetBucketPolicy': { throttle: 2 }, 'kms:DescribeKey': { throttle: 2 }, 'sts:GetCallerIdentity': { throttle: 2 } } as const;
  const { result, emulator } = await withEmulator(goodState(), { faults }, async (emulator) => ({ result: await readLiveAccount(REQUEST, FAST), emulator }));
  assert.equal(result.problems, []);
  assert.is(result.documents.length, 7);
  for (const call of Object.keys(faults)) assert.is(attempts(emulator, call), 3, call);
  assert.is(result.calls, 16, 'a retried call counts once');
  assert.is(emulator.calls.length, 16 + 4 * 2);
});

test('throttling beyond the attempts is a throttled problem', async () => {
  const faults = { 's3:GetBucketLocation': { throttle: 5 }, 'iam:ListRolePolicies': { throttle: 5 } } as const;
  const { result, emulator } = await withEmulator(goodState(), { faults }, async (emulator) => ({ result: await readLiveAccount(REQUEST, FAST), emulator }));
  assert.equal(result.problems.map((problem) => [problem.call, problem.code]), [
    ['iam:ListRolePolicies', 'throttled'],
    ['s3:GetBucketLocation', 'throttled'],
  ]);
  assert.match(result.problems[1]!.message, 'throttled by AWS after 3 attempts (SlowDown)');
  assert.is(attempts(emulator, 's3:GetBucketLocation'), 3);
  assert.is(result.facts.bucketRegion, undefined);
});

test('500s are retried, then reported as server errors', async () => {
  const faults = { 'iam:GetPolicyVersion': { status: 500 }, 'kms:GetKeyPolicy': { status: 500 } } as const;
  const { result, emulator } = await withEmulator(goodState(), { faults }, async (emulator) => ({ result: await readLiveAccount(REQUEST, FAST), emulator }));
  assert.equal(result.problems.map((problem) => [problem.call, problem.code]), [
    ['iam:GetPolicyVersion', 'server-error'],
    ['iam:GetPolicyVersion', 'server-error'],
    ['iam:GetPolicyVersion', 'server-error'],
    ['kms:GetKeyPolicy', 'server-error'],
  ]);
  assert.match(problemsOf(result, 'kms:GetKeyPolicy')[0]!.message, 'server error after 3 attempts (HTTP 500 KMSInternalException');
  assert.is(attempts(emulator, 'iam:GetPolicyVersion'), 3 * 3);
  assert.is(attempts(emulator, 'kms:GetKeyPolicy'), 3);
});

test('an answer slower than the timeout is a timeout problem, and the read stays fast', async () => {
  const faults = { 'iam:GetRole': { delayMs: 5000 }, 's3:GetBucketPolicy': { delayMs: 5000 } } as const;
  const started = Date.now();
  const result = await withEmulator(goodState(), { faults }, () => readLiveAccount(REQUEST, { ...FAST, timeoutMs: 200, maxAttempts: 1 }));
  const elapsed = Date.now() - started;
  assert.equal(result.problems.map((problem) => [problem.call, problem.code]), [
    ['iam:GetRole', 'timeout'],
    ['s3:GetBucketPolicy', 'timeout'],
  ]);
  assert.match(result.problems[0]!.message, 'no answer within 200 ms');
  assert.is(result.facts.bucketPolicy, undefined, 'unknown, not none');
  assert.ok(elapsed < 2500, `took ${elapsed} ms`);
});

test('a malformed body is a malformed-response problem (XML, JSON and policy text)', async () => {
  const faults = { 'iam:GetRole': { malformed: true }, 'kms:DescribeKey': { malformed: true }, 's3:GetBucketPolicy': { malformed: true }, 's3:GetBucketEncryption': { malformed: true } } as const;
  const { result, emulator } = await withEmulator(goodState(), { faults }, async (emulator) => ({ result: await readLiveAccount(REQUEST, FAST), emulator }));
  assert.equal(result.problems.map((problem) => [problem.call, problem.code]), [
    ['iam:GetRole', 'malformed-response'],
    ['kms:DescribeKey', 'malformed-response'],
    ['s3:GetBucketEncryption', 'malformed-response'],
    ['s3:GetBucketPolicy', 'malformed-response'],
  ]);
  assert.match(problemsOf(result, 's3:GetBucketPolicy')[0]!.message, 'the policy document is not valid JSON');
  for (const call of Object.keys(faults)) assert.is(attempts(emulator, call), 1, `${call}: not retried`);
});

test('ten attached policies: three waves, one call per read, concurrency bounded', async () => {
  const state = goodState();
  const managed = Array.from({ length: 10 }, (_, index) => `arn:aws:iam::${ACCOUNT}:policy/export-${index}`);
  state.roles['mixpanel-export']!.attached = managed;
  for (const arn of managed) state.managedPolicies[arn] = { defaultVersion: 'v2', document: policy(statement('s3:PutObject', '*')) };
  const { result, emulator } = await withEmulator(state, { latencyMs: 5 }, async (emulator) => ({ result: await readLiveAccount(REQUEST, { ...FAST, concurrency: 4 }), emulator }));
  assert.equal(result.problems, []);
  assert.is(result.waves, 3);
  // 9 independent calls + 1 inline policy + 11 managed policies (10 attached and the boundary) × 2.
  assert.is(result.calls, 9 + 1 + 11 * 2);
  assert.is(emulator.calls.length, result.calls);
  assert.ok(emulator.peakConcurrency() <= 4, `peak ${emulator.peakConcurrency()}`);
});

test('a policy both attached and the boundary is read once and yields both documents', async () => {
  const state = goodState();
  state.roles['mixpanel-export']!.attached = [BOUNDARY_ARN];
  const { result, emulator } = await withEmulator(state, {}, async (emulator) => ({ result: await readLiveAccount({ role: ROLE_ARN }, FAST), emulator }));
  assert.equal(names(result).filter((name) => name.includes('developer-boundary')), ['live/iam/policy/developer-boundary@v1.json', 'live/iam/role/mixpanel-export/boundary/developer-boundary@v1.json']);
  assert.is(attempts(emulator, 'iam:GetPolicy'), 1);
  assert.is(attempts(emulator, 'iam:GetPolicyVersion'), 1);
});

test('a role ARN in another account than the credentials is reported and its namesake not linted', async () => {
  const foreign = 'arn:aws:iam::999999999999:role/mixpanel-export';
  const result = await withEmulator(goodState(), {}, () => readLiveAccount({ ...REQUEST, role: foreign }, FAST));
  assert.equal(result.problems.map((problem) => [problem.call, problem.code]), [['iam:GetRole', 'other']]);
  assert.match(result.problems[0]!.message, `the role is in account 999999999999 but the credentials are for account ${ACCOUNT}`);
  assert.not.ok(names(result).some((name) => name.startsWith('live/iam/')));
  assert.equal([result.facts.roleArn, result.facts.roleAccount], [foreign, '999999999999']);
});

test('a key alias: GetKeyPolicy waits for DescribeKey and asks with the key ARN', async () => {
  const alias = `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/mixpanel-export`;
  const { result, emulator } = await withEmulator(goodState(), {}, async (emulator) => ({ result: await readLiveAccount({ ...REQUEST, kmsKey: alias }, FAST), emulator }));
  assert.equal(result.problems, []);
  assert.equal(emulator.calls.filter((recorded) => recorded.service === 'kms').map((recorded) => [recorded.operation, recorded.params['KeyId']]), [
    ['DescribeKey', alias],
    ['GetKeyPolicy', KEY_ARN],
  ]);
  assert.ok(names(result).includes(`live/kms/${KEY_ID}/key-policy.json`));
});

test('--endpoint-url with localhost: S3 goes path-style', async () => {
  const result = await withEmulator(goodState(), {}, (emulator) => {
    delete process.env['AWS_ENDPOINT_URL'];
    return readLiveAccount({ ...REQUEST, endpointUrl: emulator.url.replace('127.0.0.1', 'localhost') }, FAST);
  });
  assert.equal(result.problems, []);
  assert.is(result.documents.length, 7);
});

test('an unreachable endpoint is a network problem for every call, never an exception', async () => {
  const port = await closedPort();
  const unreachable = await readLiveAccount({ ...REQUEST, endpointUrl: `http://127.0.0.1:${port}` }, { ...FAST, maxAttempts: 1 });
  assert.is(unreachable.problems.length, 9);
  assert.ok(unreachable.problems.every((problem) => problem.code === 'network'), JSON.stringify(unreachable.problems));
  assert.is(unreachable.calls, 9, 'dependent calls are not started');
});

test('no region anywhere: every call is a problem that says how to set one, nothing is thrown', async () => {
  const result = await withEmulator(goodState(), {}, () => {
    delete process.env['AWS_REGION'];
    return readLiveAccount({ role: ROLE_ARN, bucket: 'mixpanel-export-bucket' }, FAST).finally(() => (process.env['AWS_REGION'] = HERMETIC_AWS_ENV['AWS_REGION']));
  });
  assert.is(result.problems.length, 7);
  assert.ok(result.problems.every((problem) => problem.code === 'other' && problem.message.includes('set AWS_REGION, a profile region or --region')), result.problems[0]?.message);
});

test('re-indenting keeps every token as deployed: escapes, duplicate keys, number spellings', () => {
  const deployed = '{"a":"quote \\" and backslash \\\\","a":[],"n":[1.50,-2e3,true,null],"o":{ }}';
  assert.is(reindentJson(deployed), '{\n  "a": "quote \\" and backslash \\\\",\n  "a": [],\n  "n": [\n    1.50,\n    -2e3,\n    true,\n    null\n  ],\n  "o": {}\n}');
  assert.throws(() => reindentJson('{"a":1,}'));
});

test('saveLiveDocuments writes each document flat in DIR, and a config that names each one\'s part', async () => {
  const result = await withEmulator(goodState(), {}, () => readLiveAccount(REQUEST, FAST));
  const dir = await mkdtemp(path.join(tmpdir(), 'mp-s3-lint-live-'));
  const written = await saveLiveDocuments(result, dir, { role: ROLE_ARN, bucket: 'mixpanel-export-bucket' });
  // The documents, the bucket's default encryption and the key's metadata (as the CLI outputs that carry them), the config.
  assert.is(written.length, result.documents.length + 3);
  const encryption = JSON.parse(await readFile(path.join(dir, 's3.mixpanel-export-bucket.bucket-encryption.json'), 'utf8')) as { ServerSideEncryptionConfiguration: { Rules: { BucketKeyEnabled: boolean; ApplyServerSideEncryptionByDefault: { SSEAlgorithm: string } }[] } };
  assert.equal(encryption.ServerSideEncryptionConfiguration.Rules[0], { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: result.facts.bucketEncryption!.kmsKeyId }, BucketKeyEnabled: true });
  const key = JSON.parse(await readFile(path.join(dir, `kms.${result.facts.key!.keyId}.describe-key.json`), 'utf8')) as { KeyMetadata: { Arn: string; KeyState: string } };
  assert.equal([key.KeyMetadata.Arn, key.KeyMetadata.KeyState], [result.facts.key!.arn, result.facts.key!.keyState]);
  // Read back offline, they are the same facts, not policies.
  const offline = await lint({ paths: [dir], cwd: dir });
  assert.ok(offline.summary.setups!.length === 1);
  for (const document of result.documents) assert.is(await readFile(path.join(dir, savedFileName(document.name)), 'utf8'), document.text);
  const config = JSON.parse(await readFile(path.join(dir, 'mp-s3-lint.config.json'), 'utf8')) as { role: string; documents: Record<string, string> };
  assert.is(config.role, ROLE_ARN);
  assert.is(config.documents['iam.role.mixpanel-export.trust-policy.json'], 'trust');
  assert.is(config.documents[savedFileName(result.documents.find((d) => d.meta.boundary === true)!.name)], 'boundary');
  assert.is(Object.keys(config.documents).length, result.documents.length);
});

test('docs/live-mode-iam-policy.json: valid, read-only, exactly the permissions the reader needs', () => {
  const toolPolicy = JSON.parse(readFileSync(repoPath('docs', 'live-mode-iam-policy.json'), 'utf8')) as { Version: string; Statement: { Sid: string; Effect: string; Action: string | string[] }[] };
  assert.equal(validatePolicyGrammar('identity', toolPolicy), []);
  assert.is(toolPolicy.Version, '2012-10-17');
  const actions = toolPolicy.Statement.flatMap((entry) => entry.Action);
  for (const entry of toolPolicy.Statement) {
    assert.match(entry.Sid, /^[A-Za-z0-9]+$/);
    assert.is(entry.Effect, 'Allow');
  }
  for (const action of actions) {
    assert.match(action.split(':')[1]!, /^(Get|List|Describe)/, `${action} is a read action`);
    assert.equal(checkAction(action), { known: true }, action);
  }
  assert.equal([...actions].sort(), [...new Set(Object.values(PERMISSION_FOR_CALL))].sort());
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test.run();

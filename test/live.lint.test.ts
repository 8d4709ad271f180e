// Live mode end to end: the CLI reads a deployed account through the real AWS SDK clients from the
// loopback emulator and runs the same rules as file mode. Every bad fixture served live gives the
// same findings as on disk; AWS-only facts (bucket Region, default encryption, key state) and failed
// reads are findings of their own.
import { mkdtempSync, readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { repoPath } from './helpers/repo.js';
import { useHermeticAwsEnv } from './support/hermetic-aws-env.js';
import { lint } from '../src/lint.js';
import { lintLive } from '../src/live.js';
import { readDocuments } from '../src/documents/read.js';
import { BUCKET, FAST, KEY_ARN, KEY_ID, ROLE, ROLE_ARN, TOKEN, goodAccount, policy } from './support/live-account.js';
import { startAwsEmulator, type AwsEmulator, type EmulatorOptions, type EmulatorState } from './support/aws-emulator.js';
import type { PipelineParams } from '../src/types.js';

const LIVE_FLAGS = ['--live', '--role', ROLE, '--bucket', BUCKET, '--token', TOKEN, '--region', 'us-east-1', '--encryption', 'kms', '--kms-key', 'alias/mixpanel-export'];

useHermeticAwsEnv(test, { AWS_MAX_ATTEMPTS: '2' });

async function withEmulator<T>(state: EmulatorState, options: EmulatorOptions, body: (emulator: AwsEmulator) => Promise<T>): Promise<T> {
  const emulator = await startAwsEmulator(state, options);
  try {
    return await body(emulator);
  } finally {
    await emulator.close();
  }
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-live-'));
const ruleIds = (findings: readonly { ruleId: string }[]) => findings.map((f) => f.ruleId).sort();

test('a good account read live lints clean: exit 0, who checked, calls and waves on stderr', async () => {
  await withEmulator(goodAccount(), {}, async (emulator) => {
    const result = await runCli([...LIVE_FLAGS, '--endpoint-url', emulator.url, '-f', 'json'], { cwd: tmp() });
    assert.is(result.code, 0, result.stdout + result.stderr);
    const report = JSON.parse(result.stdout) as { findings: unknown[]; summary: { files: number } };
    assert.equal(report.findings, []);
    assert.is(report.summary.files, 3, 'trust, inline permission policy and key policy');
    const stylish = await runCli([...LIVE_FLAGS, '--endpoint-url', emulator.url], { cwd: tmp() });
    assert.match(stylish.stderr, /^Live check as arn:aws:iam::111122223333:user\/auditor \(account 111122223333\): \d+ AWS calls in 2 waves, 3 documents\.\n$/);
    assert.match(stylish.stdout, /No problems found in 3 files/);
    assert.ok(emulator.calls.every((call) => /^(sts|iam|s3|kms):(Get|List|Describe)/.test(call.call)), 'only read calls');
  });
});

test('live findings point at the documents by their live names, or at the saved copies with --save-documents', async () => {
  const state = goodAccount();
  state.roles[ROLE]!.trust = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-export' }, Action: 'sts:AssumeRole' });
  await withEmulator(state, {}, async (emulator) => {
    const cwd = tmp();
    const live = await runCli([...LIVE_FLAGS, '--endpoint-url', emulator.url, '-f', 'json'], { cwd });
    const finding = (JSON.parse(live.stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[] }).findings.find((f) => f.ruleId === 'MP102')!;
    assert.equal([finding.file, finding.line, finding.column], [`live/iam/role/${ROLE}/trust-policy.json`, 4, 5]);
    const saved = await runCli([...LIVE_FLAGS, '--endpoint-url', emulator.url, '-f', 'json', '--save-documents', 'audit'], { cwd });
    const savedFinding = (JSON.parse(saved.stdout) as { findings: { ruleId: string; file: string; line: number }[] }).findings.find((f) => f.ruleId === 'MP102')!;
    assert.is(savedFinding.file, `audit/iam.role.${ROLE}.trust-policy.json`);
    assert.ok(existsSync(path.join(cwd, savedFinding.file)), 'the finding points at a file that exists');
    // The saved directory is one setup with its config: checked offline, the same findings at the same places,
    // whatever configs sit above it (its config has "root": true).
    writeFileSync(path.join(cwd, 'mp-s3-lint.config.json'), JSON.stringify({ bucket: 'another-bucket', rules: { MP102: 'off' } }));
    const offline = await lint({ paths: [path.join(cwd, 'audit')], cwd });
    assert.equal(
      offline.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`),
      (JSON.parse(saved.stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[] }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`),
    );
  });
});

/** A fixture setup as a deployed account: its trust, permission, bucket and key policies served by the emulator. */
function accountFromFixture(directory: string, params: PipelineParams): EmulatorState | undefined {
  const configured = (JSON.parse(readFileSync(path.join(directory, 'mp-s3-lint.config.json'), 'utf8')) as { documents?: Record<string, string> }).documents ?? {};
  const documents = readdirSync(directory)
    .filter((name) => /\.(json|ya?ml)$/.test(name) && name !== 'mp-s3-lint.config.json')
    .flatMap((name) => readDocuments(name, readFileSync(path.join(directory, name))).documents);
  // A permissions boundary (by the config, or by its name: permissions-boundary.json) is deployed as the role's boundary.
  const boundaries = documents.filter((d) => configured[d.file] === 'boundary' || d.meta.boundary === true);
  const kinds = (kind: string) => documents.filter((d) => d.kind === kind && !boundaries.includes(d));
  const boundaryArn = `arn:aws:iam::${params.role?.split(':')[4]}:policy/boundary`;
  // A key named by its alias is served as a key of its own id with that alias, which live mode resolves.
  const alias = /(alias\/.+)$/.exec(params.kmsKey ?? '')?.[1];
  const keyId = alias === undefined ? params.kmsKey?.slice(params.kmsKey.lastIndexOf('/') + 1) : '0f0e0d0c-aaaa-bbbb-cccc-0123456789ab';
  const roleName = params.role?.slice(params.role.lastIndexOf('/') + 1);
  if (kinds('trust').length !== 1 || kinds('bucket').length > 1 || kinds('key').length > 1 || kinds('unknown').length > 0 || roleName === undefined) return undefined;
  // A kms setup without its key policy on disk has none to serve: live, the key would have one.
  if ((kinds('key').length === 1 && keyId === undefined) || (params.encryption === 'kms' && kinds('key').length === 0)) return undefined;
  return {
    account: params.role!.split(':')[4]!,
    callerArn: `arn:aws:iam::${params.role!.split(':')[4]}:user/auditor`,
    roles: {
      [roleName]: {
        trust: kinds('trust')[0]!.policy as object,
        inline: Object.fromEntries(kinds('identity').map((d) => [d.file.replace(/\.json$/, ''), d.policy as object])),
        ...(boundaries.length === 1 ? { boundary: boundaryArn } : {}),
      },
    },
    managedPolicies: boundaries.length === 1 ? { [boundaryArn]: { defaultVersion: 'v1', document: boundaries[0]!.policy as object } } : {},
    buckets: params.bucket === undefined ? {} : { [params.bucket]: { region: params.region ?? 'us-east-1', ...(kinds('bucket').length === 1 ? { policy: kinds('bucket')[0]!.policy as object } : {}) } },
    keys: keyId === undefined || kinds('key').length === 0 ? {} : { [keyId]: { region: params.kmsKey!.split(':')[3]!, enabled: true, keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', keyState: 'Enabled', policy: kinds('key')[0]!.policy as object, ...(alias === undefined ? {} : { aliases: [alias] }) } },
  };
}

test('every bad fixture of the trust, permission, KMS and bucket areas, served live, gives the same findings as on disk (or, undecided on disk, still does not pass)', async () => {
  const emulator = await startAwsEmulator(goodAccount());
  let compared = 0;
  try {
    for (const area of ['trust', 'permissions', 'kms', 'bucket']) {
      const root = repoPath('fixtures', area, 'bad');
      for (const name of readdirSync(root)) {
        const directory = path.join(root, name);
        const config = JSON.parse(readFileSync(path.join(directory, 'mp-s3-lint.config.json'), 'utf8')) as PipelineParams;
        const state = accountFromFixture(directory, config);
        if (state === undefined) continue; // two trust policies, none, or documents of no part: not deployable
        emulator.setState(state);
        const onDisk = await lint({ paths: [directory], cwd: directory });
        const live = await lintLive({ cwd: directory, params: {}, endpointUrl: emulator.url, reader: FAST });
        const policyRules = (findings: readonly { ruleId: string }[]) => ruleIds(findings.filter((f) => /^MP[1-4]/.test(f.ruleId)));
        // Undecided on disk for want of a fact live mode reads (the role's tags and id, Bucket Keys): live may settle it either way.
        if (!name.endsWith('-undecided')) assert.equal(policyRules(live.report.findings), policyRules(onDisk.findings), `${area}/${name}`);
        assert.ok(policyRules(live.report.findings).length > 0, `${area}/${name} finds something live`);
        assert.equal(live.report.findings.filter((f) => f.ruleId === 'MP600'), [], `${area}/${name}: every read succeeded`);
        compared++;
      }
    }
  } finally {
    await emulator.close();
  }
  assert.ok(compared >= 25, `only ${compared} fixtures compared`);
});

test('AccessDenied on a read is an error that names the permission, and the run cannot pass', async () => {
  await withEmulator(goodAccount(), { faults: { 'iam:GetRolePolicy': { accessDenied: true } } }, async (emulator) => {
    const result = await runCli([...LIVE_FLAGS, '--endpoint-url', emulator.url, '-f', 'json'], { cwd: tmp() });
    assert.is(result.code, 1);
    const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; level: string; message: string }[] }).findings;
    const denied = findings.filter((f) => f.ruleId === 'MP600');
    assert.is(denied.length, 1);
    assert.is(denied[0]!.level, 'error');
    assert.match(denied[0]!.message, /^iam:GetRolePolicy failed: access denied .* the permission iam:GetRolePolicy .*the inline policy 'export-write' of role 'mixpanel-export' could not be checked\.$/);
  });
});

test('a missing role is an error finding, not a crash; a timeout too', async () => {
  await withEmulator(goodAccount(), { faults: { 'kms:GetKeyPolicy': { delayMs: 1500 } } }, async (emulator) => {
    const missing = await runCli(['--live', '--role', 'no-such-role', '--bucket', BUCKET, '--token', TOKEN, '--region', 'us-east-1', '--endpoint-url', emulator.url, '-f', 'json'], { cwd: tmp() });
    assert.is(missing.code, 1);
    const messages = (JSON.parse(missing.stdout) as { findings: { ruleId: string; message: string }[] }).findings.filter((f) => f.ruleId === 'MP600').map((f) => f.message);
    assert.ok(messages.some((m) => m.startsWith('iam:GetRole failed: not found (NoSuchEntity')), messages.join('\n'));
    const slow = await runCli([...LIVE_FLAGS, '--endpoint-url', emulator.url, '--timeout', '200', '-f', 'json'], { cwd: tmp() });
    assert.is(slow.code, 1);
    assert.match(slow.stdout, /kms:GetKeyPolicy failed: no answer within 200 ms/);
  });
});

test('AWS-only facts: bucket in another Region (MP601), default SSE-KMS with s3_encryption none (MP602), an unusable key (MP603)', async () => {
  const state = goodAccount();
  state.buckets[BUCKET]!.region = 'eu-west-1';
  state.keys[KEY_ID] = { ...state.keys[KEY_ID]!, enabled: false, keyState: 'Disabled', keySpec: 'RSA_2048' };
  await withEmulator(state, {}, async (emulator) => {
    const kms = await lintLive({ cwd: tmp(), params: { role: ROLE, bucket: BUCKET, token: TOKEN, region: 'us-east-1', encryption: 'kms', kmsKey: 'alias/mixpanel-export' }, endpointUrl: emulator.url, reader: FAST });
    assert.equal(ruleIds(kms.report.findings), ['MP601', 'MP603']);
    const unusable = kms.report.findings.find((f) => f.ruleId === 'MP603')!.message;
    assert.match(unusable, /state is Disabled \(disabled\), not Enabled; it is a RSA_2048 key for ENCRYPT_DECRYPT, not a symmetric encryption key; it is in us-east-1, the bucket in eu-west-1\./);
    assert.is(kms.params.kmsKey, KEY_ARN, 'the alias was resolved to the key ARN for the access questions');
    assert.is(kms.params.role, ROLE_ARN, 'the role name was resolved to its ARN');
    const none = await lintLive({ cwd: tmp(), params: { role: ROLE, bucket: BUCKET, token: TOKEN, region: 'eu-west-1', encryption: 'none' }, endpointUrl: emulator.url, reader: FAST });
    const defaults = none.report.findings.filter((f) => f.ruleId === 'MP602');
    assert.is(defaults.length, 1);
    assert.is(defaults[0]!.level, 'warning');
    assert.match(defaults[0]!.message, new RegExp(`encrypts uploads with SSE-KMS by default \\(${KEY_ARN}\\) and s3_encryption is none`));
  });
});

test('live mode refuses paths, needs a role, and its flags need --live', async () => {
  const withPaths = await runCli(['--live', 'policies', '--role', ROLE]);
  assert.is(withPaths.code, 2);
  assert.match(withPaths.stderr, /--live reads the documents from AWS; give no paths/);
  const noRole = await runCli(['--live', '--bucket', BUCKET], { cwd: tmp() });
  assert.is(noRole.code, 2);
  assert.match(noRole.stderr, /live mode needs the export role/);
  const badUrl = await runCli(['--live', '--role', ROLE, '--endpoint-url', 'not-a-url']);
  assert.is(badUrl.code, 2);
  assert.match(badUrl.stderr, /--endpoint-url must be an http or https URL, not "not-a-url"/);
  const stray = await runCli(['examples/good', '--save-documents', 'x']);
  assert.is(stray.code, 2);
  assert.match(stray.stderr, /go with --live/);
});

test.run();

// Live audit against the emulator with 50 ms of latency per call and 10 attached policies: wall
// time, calls and sequential waves. The first read also loads the SDK; the timed reads come after,
// at the default concurrency (16, more than this account's widest wave of 11 calls) and at 8.
// Run: node dist/bench/live.js
import { readLiveAccount, type LiveRequest } from '../src/sources/live/index.js';
import { HERMETIC_AWS_ENV, startAwsEmulator, type EmulatorState } from '../test/support/aws-emulator.js';

const LATENCY_MS = 50;
const ATTACHED_POLICIES = 10;
const ACCOUNT = '111122223333';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

function account(): EmulatorState {
  const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::mixpanel-export-bucket/*' }] };
  const attached = Array.from({ length: ATTACHED_POLICIES }, (_, index) => `arn:aws:iam::${ACCOUNT}:policy/export-${index}`);
  return {
    account: ACCOUNT,
    callerArn: `arn:aws:iam::${ACCOUNT}:user/auditor`,
    roles: { 'mixpanel-export': { trust: document, inline: { inline: document }, attached } },
    managedPolicies: Object.fromEntries(attached.map((arn) => [arn, { defaultVersion: 'v1', document }])),
    buckets: { 'mixpanel-export-bucket': { region: 'us-east-1', policy: document, encryption: { algorithm: 'AES256' } } },
    keys: { [KEY_ID]: { region: 'us-east-1', enabled: true, keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', policy: document } },
  };
}

const request: LiveRequest = { role: `arn:aws:iam::${ACCOUNT}:role/mixpanel-export`, bucket: 'mixpanel-export-bucket', kmsKey: KEY_ID };
const emulator = await startAwsEmulator(account(), { latencyMs: LATENCY_MS });
Object.assign(process.env, HERMETIC_AWS_ENV, { AWS_ENDPOINT_URL: emulator.url });
try {
  const coldStart = performance.now();
  await readLiveAccount(request);
  const coldMs = performance.now() - coldStart;
  console.log(`latency per call:          ${LATENCY_MS} ms`);
  console.log(`attached policies:         ${ATTACHED_POLICIES}`);
  console.log(`wall time, first run:      ${Math.round(coldMs)} ms (includes loading the SDK)`);
  for (const concurrency of [16, 8]) {
    const start = performance.now();
    const result = await readLiveAccount(request, { concurrency });
    const wallMs = performance.now() - start;
    console.log(`wall time, concurrency ${String(concurrency).padEnd(2)}: ${Math.round(wallMs)} ms (${result.calls} calls, ${result.waves} sequential waves, ${result.problems.length} problems)`);
  }
} finally {
  await emulator.close();
}

// The KMS key: its metadata (DescribeKey) and its policy named `default` (GetKeyPolicy). Both start
// at once, except for an alias: GetKeyPolicy accepts only a key id or ARN, so it waits for the key
// ARN that DescribeKey resolves the alias to.
import { START, type CallSpec } from './calls.js';
import { virtualName } from './documents.js';
import { regionOfArn } from './sdk.js';
import { addDocument, type LiveSession } from './session.js';
import type { LiveKeyFacts } from './types.js';

/** A key as the calls know it: the reference to send and the key id for names and meta. */
interface KeyRef {
  reference: string;
  keyId: string;
}

export async function readKey(session: LiveSession, key: string): Promise<void> {
  const direct = directKeyRef(key);
  // Named by an alias, the key's policy also depends on DescribeKey.
  const checked = direct === undefined ? 'its state, spec, usage and region, and its key policy' : 'its state, spec, usage and region';
  const described = readKeyMetadata(session, key, checked);
  if (direct !== undefined) {
    await Promise.all([described, readKeyPolicy(session, direct, START)]);
    return;
  }
  const resolved = await described;
  if (resolved !== undefined) await readKeyPolicy(session, { reference: resolved.facts.arn, keyId: resolved.facts.keyId }, resolved.depth);
}

/** A key id or key ARN can be sent as it is; an alias (`alias/x`, `arn:…:alias/x`) cannot. */
function directKeyRef(key: string): KeyRef | undefined {
  if (/(^|:)alias\//.test(key)) return undefined;
  return { reference: key, keyId: key.slice(key.lastIndexOf('/') + 1) };
}

async function readKeyMetadata(session: LiveSession, key: string, checked: string): Promise<{ facts: LiveKeyFacts; depth: number } | undefined> {
  const spec: CallSpec = { call: 'kms:DescribeKey', subject: `KMS key '${key}' (${checked})` };
  const outcome = await session.runner.run(spec, START, async () => {
    const { sdk, client } = await session.clients.kms();
    return client.send(new sdk.DescribeKeyCommand({ KeyId: key }));
  });
  if (outcome.status !== 'ok') return undefined;
  const metadata = outcome.value.KeyMetadata;
  const region = regionOfArn(metadata?.Arn);
  const keySpec = metadata?.KeySpec ?? metadata?.CustomerMasterKeySpec;
  if (metadata?.Arn === undefined || region === undefined || metadata.KeyId === undefined || metadata.Enabled === undefined || keySpec === undefined || metadata.KeyUsage === undefined || metadata.KeyState === undefined) {
    session.runner.report(spec, 'malformed-response', 'the key metadata lacks the ARN, key id, state, spec or usage');
    return undefined;
  }
  const facts = { arn: metadata.Arn, keyId: metadata.KeyId, region, enabled: metadata.Enabled, keySpec, keyUsage: metadata.KeyUsage, keyState: metadata.KeyState };
  session.collected.facts.key = facts;
  return { facts, depth: outcome.depth };
}

async function readKeyPolicy(session: LiveSession, key: KeyRef, after: number): Promise<void> {
  const spec: CallSpec = { call: 'kms:GetKeyPolicy', subject: `the key policy of KMS key '${key.reference}'` };
  const outcome = await session.runner.run(spec, after, async () => {
    const { sdk, client } = await session.clients.kms();
    return client.send(new sdk.GetKeyPolicyCommand({ KeyId: key.reference, PolicyName: 'default' }));
  });
  if (outcome.status !== 'ok') return;
  const meta = { keyId: key.keyId, wrapper: 'live: kms:GetKeyPolicy' };
  addDocument(session, { spec, kind: 'key', name: virtualName('kms', key.keyId, 'key-policy.json'), raw: outcome.value.Policy, encoding: 'plain', meta });
}

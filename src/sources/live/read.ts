// Live mode's reader: the deployed documents and the facts rules need, read-only, in parallel waves.
// Wave 1 is every call that needs nothing (caller identity, role, both policy lists, the bucket's
// policy, encryption and location, the key's metadata and policy); later calls start the moment the
// answer they need arrives, never waiting for a whole wave. Never throws: failures are problems.
import { makeRedactor, secretsIn } from '../../redact.js';
import { CallRunner, START, type CallSpec } from './calls.js';
import { readRole } from './iam.js';
import { readKey } from './kms.js';
import { readProfile } from './profile.js';
import { readBucket } from './s3.js';
import { createClients, DEFAULT_TIMEOUT_MS } from './sdk.js';
import type { Collected, LiveSession } from './session.js';
import type { LiveDocument, LiveOptions, LiveReadResult, LiveRequest } from './types.js';

// Wide enough for a role with a dozen attached policies in one wave; well under IAM's request rate limits.
const DEFAULT_CONCURRENCY = 16;

export async function readLiveAccount(request: LiveRequest, options: LiveOptions = {}): Promise<LiveReadResult> {
  const profile = readProfile(request.profile, process.env);
  const unusable = profileProblem(profile, request);
  if (unusable !== undefined) return { documents: [], facts: {}, problems: [], calls: 0, waves: 0, credentialFailure: unusable };
  const clients = createClients(request, options, profile);
  const session: LiveSession = {
    request,
    clients,
    runner: new CallRunner({
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      // The credentials the SDK resolved may come from a file, not the environment: both are secrets.
      redactor: async () => makeRedactor([...secretsIn(process.env), ...(await clients.secrets())]),
    }),
    collected: { documents: [], facts: {}, foreignRole: false },
  };
  try {
    await Promise.all([
      readCallerIdentity(session),
      readRole(session),
      request.bucket === undefined ? undefined : readBucket(session, request.bucket),
      request.kmsKey === undefined ? undefined : readKey(session, request.kmsKey),
    ]);
  } finally {
    session.clients.destroy();
  }
  const { runner, collected } = session;
  return {
    ...(collected.callerIdentity === undefined ? {} : { callerIdentity: collected.callerIdentity }),
    documents: finalDocuments(collected),
    facts: collected.facts,
    problems: [...runner.problems].sort((a, b) => a.call.localeCompare(b.call) || a.message.localeCompare(b.message)),
    calls: runner.calls,
    waves: runner.waves,
    ...(runner.credentialFailure === undefined ? {} : { credentialFailure: runner.credentialFailure }),
  };
}

/** A profile that was named (--profile, AWS_PROFILE) but is in neither file, or names a services section that is missing. */
function profileProblem(profile: ReturnType<typeof readProfile>, request: LiveRequest): string | undefined {
  const named = request.profile !== undefined || process.env['AWS_PROFILE'] !== undefined;
  if (named && !profile.found) return `the AWS profile '${profile.name}' is not in ${profile.files.join(' or ')}; check --profile and AWS_PROFILE (aws configure list-profiles lists them)`;
  const services = profile.settings['services'];
  if (services !== undefined && profile.services === undefined) return `the AWS profile '${profile.name}' names the services section '${services}', which is not in ${profile.files[0]}`;
  return undefined;
}

async function readCallerIdentity(session: LiveSession): Promise<void> {
  const spec: CallSpec = { call: 'sts:GetCallerIdentity', subject: 'the identity doing the audit' };
  const outcome = await session.runner.run(spec, START, async () => {
    const { sdk, client } = await session.clients.sts();
    return client.send(new sdk.GetCallerIdentityCommand({}));
  });
  if (outcome.status !== 'ok') return;
  const { Account, Arn, UserId } = outcome.value;
  if (Account === undefined || Arn === undefined || UserId === undefined) session.runner.report(spec, 'malformed-response', 'the answer lacks the account, ARN or user id');
  else session.collected.callerIdentity = { account: Account, arn: Arn, userId: UserId };
}

/**
 * Sorted by name so output does not depend on answer order. When the role ARN named another account,
 * the role documents read belong to a namesake in the caller's account: they are dropped.
 */
function finalDocuments(collected: Collected): LiveDocument[] {
  const kept = collected.foreignRole ? collected.documents.filter((document) => document.meta.roleName === undefined) : collected.documents;
  return [...kept].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// The bucket: its policy (none is a fact, not a problem), default encryption and region, read in
// parallel.
import { START, type CallSpec } from './calls.js';
import { virtualName } from './documents.js';
import { addDocument, type LiveSession } from './session.js';

export async function readBucket(session: LiveSession, bucket: string): Promise<void> {
  await Promise.all([readBucketPolicy(session, bucket), readBucketEncryption(session, bucket), readBucketLocation(session, bucket)]);
}

async function readBucketPolicy(session: LiveSession, bucket: string): Promise<void> {
  const spec: CallSpec = { call: 's3:GetBucketPolicy', subject: `the bucket policy of '${bucket}'`, absentOn: ['NoSuchBucketPolicy'] };
  const outcome = await session.runner.run(spec, START, async () => {
    const { sdk, client } = await session.clients.s3();
    return client.send(new sdk.GetBucketPolicyCommand({ Bucket: bucket }));
  });
  if (outcome.status === 'absent') session.collected.facts.bucketPolicy = 'none';
  if (outcome.status !== 'ok') return;
  session.collected.facts.bucketPolicy = 'present';
  const meta = { bucket, wrapper: 'live: s3:GetBucketPolicy' };
  addDocument(session, { spec, kind: 'bucket', name: virtualName('s3', bucket, 'bucket-policy.json'), raw: outcome.value.Policy, encoding: 'plain', meta });
}

async function readBucketEncryption(session: LiveSession, bucket: string): Promise<void> {
  const spec: CallSpec = { call: 's3:GetBucketEncryption', subject: `the default encryption of bucket '${bucket}'`, absentOn: ['ServerSideEncryptionConfigurationNotFoundError'] };
  const outcome = await session.runner.run(spec, START, async () => {
    const { sdk, client } = await session.clients.s3();
    return client.send(new sdk.GetBucketEncryptionCommand({ Bucket: bucket }));
  });
  if (outcome.status !== 'ok') return;
  const rules = outcome.value.ServerSideEncryptionConfiguration?.Rules ?? [];
  const byDefault = rules.find((rule) => rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm !== undefined)?.ApplyServerSideEncryptionByDefault;
  if (byDefault?.SSEAlgorithm === undefined) return;
  const kmsKeyId = byDefault.KMSMasterKeyID;
  const bucketKeyEnabled = rules.find((rule) => rule.ApplyServerSideEncryptionByDefault === byDefault)?.BucketKeyEnabled === true;
  session.collected.facts.bucketEncryption = { algorithm: byDefault.SSEAlgorithm, ...(kmsKeyId === undefined ? {} : { kmsKeyId }), bucketKeyEnabled };
}

async function readBucketLocation(session: LiveSession, bucket: string): Promise<void> {
  const spec: CallSpec = { call: 's3:GetBucketLocation', subject: `the region of bucket '${bucket}'` };
  const outcome = await session.runner.run(spec, START, async () => {
    const { sdk, client } = await session.clients.s3();
    return client.send(new sdk.GetBucketLocationCommand({ Bucket: bucket }));
  });
  if (outcome.status === 'ok') session.collected.facts.bucketRegion = regionOfLocation(outcome.value.LocationConstraint);
}

/** S3's location constraint is empty for us-east-1 and the legacy `EU` for eu-west-1. */
function regionOfLocation(constraint: string | undefined): string {
  if (constraint === undefined || constraint === '') return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

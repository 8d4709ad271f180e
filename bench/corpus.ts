// A deterministic corpus of export setups for the throughput benchmark: one directory per setup
// (under a directory per team), each with its mp-s3-lint.config.json, a trust policy, one to three
// permission policies, a bucket policy and, for SSE-KMS setups, a key policy. Policies carry 1–30
// statements (the Mixpanel ones plus realistic others); about one setup in twenty has a mistake
// people make (no external id, a bucket policy that demands the wrong encryption, a key policy that
// ignores the role, a placeholder), so the rules that report have work to do too.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** mulberry32: a small seeded generator, so the same seed writes the same corpus. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIXPANEL_USER = 'arn:aws:iam::485438090326:user/mixpanel-export';
const SERVICES = ['logs:Get*', 'logs:Describe*', 'cloudwatch:PutMetricData', 'ec2:Describe*', 'glue:GetTable', 'athena:StartQueryExecution', 'sqs:SendMessage', 'lambda:InvokeFunction', 'secretsmanager:GetSecretValue', 'dynamodb:GetItem'];

interface Corpus {
  root: string;
  documents: number;
  setups: number;
  files: number;
}

export type Statement = Record<string, unknown>;

/** The bucket-policy statement that refuses requests without TLS. */
export function denyInsecureTransport(bucket: string): Statement {
  return { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
}

/** The bucket-policy statement that refuses uploads without the given server-side encryption header. */
export function requireEncryption(bucket: string, header: 'AES256' | 'aws:kms'): Statement {
  return { Sid: 'RequireEncryption', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': header } } };
}

/** The trust statement the guide asks for: Mixpanel's export user, with the project token as external id (or, as a mistake, without). */
export function mixpanelTrustStatement(token: string, externalId: boolean): Statement {
  return { Sid: 'MixpanelExport', Effect: 'Allow', Principal: { AWS: MIXPANEL_USER }, Action: 'sts:AssumeRole', ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': token } } } : {}) };
}
const policy = (statements: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) + '\n';

/** Writes setups under `root` until `documents` policy documents exist; returns what it wrote. */
export async function writeCorpus(root: string, documents: number, seed: number): Promise<Corpus> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  let written = 0;
  let setups = 0;
  let files = 0;
  while (written < documents) {
    const index = setups++;
    const account = String(100000000000 + index * 7919).slice(0, 12);
    const bucket = `acme-export-${index}`;
    const role = `arn:aws:iam::${account}:role/mixpanel-export-${index}`;
    const token = index.toString(16).padStart(32, '0');
    const region = pick(['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1']);
    const kms = random() < 0.4;
    const key = `arn:aws:kms:${region}:${account}:key/${index.toString(16).padStart(8, '0')}-12ab-34cd-56ef-1234567890ab`;
    const prefix = random() < 0.5 ? 'mixpanel' : undefined;
    const mistake = random() < 0.05 ? pick(['no-external-id', 'wrong-encryption', 'key-ignores-role', 'placeholder'] as const) : undefined;
    const objects = `arn:aws:s3:::${bucket}/${prefix === undefined ? '' : prefix + '/'}*`;
    // Unrelated statements, as real policies have: other services, other buckets, other principals.
    const others = (count: number, make: (i: number) => Statement) => Array.from({ length: count }, (_, i) => make(i));
    const otherIdentity = (i: number): Statement => ({ Sid: `Other${i}`, Effect: 'Allow', Action: pick(SERVICES), Resource: `arn:aws:logs:${region}:${account}:log-group:/team/${i}/*` });

    const trustStatements: Statement[] = [
      mixpanelTrustStatement(token, mistake !== 'no-external-id'),
      ...others(between(0, 3), (i) => ({ Sid: `Ci${i}`, Effect: 'Allow', Principal: { Service: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com']) }, Action: 'sts:AssumeRole' })),
    ];
    const contents: Record<string, string> = {
      'mp-s3-lint.config.json': JSON.stringify({ bucket, role, token, region, ...(prefix === undefined ? {} : { prefix }), encryption: kms ? 'kms' : 'aes', ...(kms ? { kmsKey: key } : {}) }, null, 2) + '\n',
      'trust.json': policy(trustStatements),
    };
    const permissionFiles = between(1, 3);
    for (let p = 0; p < permissionFiles; p++) {
      const mixpanel: Statement[] =
        p > 0
          ? []
          : [
              { Sid: 'MixpanelObjects', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Resource: mistake === 'placeholder' ? 'arn:aws:s3:::<BUCKET_NAME>/*' : objects },
              { Sid: 'MixpanelList', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` },
              ...(kms ? [{ Sid: 'MixpanelKms', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey'], Resource: key }] : []),
            ];
      contents[`permissions-${p}.json`] = policy([...mixpanel, ...others(between(p === 0 ? 0 : 1, 30 - mixpanel.length), otherIdentity)]);
    }
    contents['bucket-policy.json'] = policy([
      denyInsecureTransport(bucket),
      requireEncryption(bucket, (mistake === 'wrong-encryption') === kms ? 'AES256' : 'aws:kms'),
      ...others(between(0, 10), (i) => ({ Sid: `Reader${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/reader-${i}` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/reports/${i}/*` })),
    ]);
    if (kms) {
      contents['key-policy.json'] = policy([
        { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/key-admin` }, Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:Put*', 'kms:Update*'], Resource: '*' },
        ...(mistake === 'key-ignores-role' ? [] : [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }]),
        ...others(between(0, 5), (i) => ({ Sid: `Use${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/app-${i}` }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' })),
      ]);
    }
    const directory = path.join(root, `team-${String(index % 50).padStart(2, '0')}`, `setup-${String(index).padStart(6, '0')}`);
    await mkdir(directory, { recursive: true });
    for (const [name, text] of Object.entries(contents)) {
      await writeFile(path.join(directory, name), text);
      files++;
    }
    written += Object.keys(contents).length - 1;
  }
  return { root, documents: written, setups, files };
}

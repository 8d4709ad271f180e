// A deployed account whose export setup passes every check (SSE-KMS through the default key policy
// and an IAM grant), for the live-mode and --create tests. Each call returns a fresh copy to modify.
import type { EmulatorState } from './aws-emulator.js';

export const ACCOUNT = '111122223333';
export const ROLE = 'mixpanel-export';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
export const BUCKET = 'acme-mixpanel-export';
export const TOKEN = '0123456789abcdef0123456789abcdef';
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
export const FAST = { maxAttempts: 2, retryDelayMs: 0, timeoutMs: 2000 };

export const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const TRUST = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-export' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': TOKEN } } });
const PERMISSIONS = policy(
  { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Resource: `arn:aws:s3:::${BUCKET}/*` },
  { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` },
  { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptTo', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey', 'kms:ReEncryptFrom'], Resource: KEY_ARN },
);
const KEY_POLICY = policy({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' });

export function goodAccount(): EmulatorState {
  return {
    account: ACCOUNT,
    callerArn: `arn:aws:iam::${ACCOUNT}:user/auditor`,
    roles: { [ROLE]: { trust: TRUST, inline: { 'export-write': PERMISSIONS } } },
    managedPolicies: {},
    buckets: { [BUCKET]: { region: 'us-east-1', encryption: { algorithm: 'aws:kms', keyId: KEY_ARN } } },
    keys: { [KEY_ID]: { region: 'us-east-1', enabled: true, keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', keyState: 'Enabled', policy: KEY_POLICY, aliases: ['alias/mixpanel-export'] } },
  };
}


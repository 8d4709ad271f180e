// The model of Mixpanel's requests that every setup is checked against (written down in the
// README as the contract). Facts from Mixpanel's guide (../shared/seeds) and the Pipelines API
// fact sheet (../shared/reference/mixpanel-pipelines-api.md).
import type { Request } from '../policy/model.js';
import type { PipelineParams } from '../types.js';
import { perObject } from './memo.js';

export const MIXPANEL_ACCOUNT = '485438090326';
export const MIXPANEL_USER_ARN = `arn:aws:iam::${MIXPANEL_ACCOUNT}:user/mixpanel-export`;

/** The four S3 actions the export performs: write, read back, delete, list. */
export const S3_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:ListBucket'] as const;
export type S3Action = (typeof S3_ACTIONS)[number];

/** The seven KMS actions Mixpanel's guide asks for with s3_encryption=kms. */
export const KMS_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:ReEncryptTo',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
  'kms:ReEncryptFrom',
] as const;

/** Regions Mixpanel accepts for s3_region (s3-raw). */
export const MIXPANEL_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1',
  'ap-southeast-2', 'ap-south-1', 'ca-central-1', 'cn-north-1', 'cn-northwest-1', 'eu-central-1', 'eu-north-1', 'eu-west-1',
  'eu-west-2', 'eu-west-3', 'sa-east-1', 'me-south-1',
] as const;

/**
 * Mixpanel calls from its own public addresses, never from your networks: a documentation-range
 * address (RFC 5737 TEST-NET-2) stands for them, so an Allow that needs your aws:SourceIp ranges
 * does not apply and a Deny on NotIpAddress does. aws:SourceVpc and aws:SourceVpce are absent.
 */
export const MIXPANEL_SOURCE_IP = '198.51.100.7';

/** A project id for object keys; any number works, as policies never name Mixpanel's project id. */
const SAMPLE_PROJECT_ID = '1234567';

export function accountOfArn(arn: string | undefined): string | undefined {
  return arn?.match(/^arn:aws[\w-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/)?.[1];
}

export function regionOfArn(arn: string | undefined): string | undefined {
  return arn?.match(/^arn:aws[\w-]*:[a-z0-9-]+:([a-z0-9-]+):\d{12}:/)?.[1];
}

/** The key prefix objects are written under: `PREFIX/` or the top of the bucket. */
function keyPrefix(params: PipelineParams): string {
  const prefix = (params.prefix ?? '').replace(/^\/+|\/+$/g, '');
  return prefix === '' ? '' : `${prefix}/`;
}

/** An object the export writes: BUCKET/PREFIX/PROJECT_ID/YYYY/MM/DD/full_day/… (fact sheet, "Where the data lands"). */
export function sampleObjectArn(params: PipelineParams): string {
  return `arn:aws:s3:::${params.bucket}/${keyPrefix(params)}${SAMPLE_PROJECT_ID}/2026/01/01/full_day/export-0.json.gz`;
}

export function bucketArn(params: PipelineParams): string {
  return `arn:aws:s3:::${params.bucket}`;
}

/**
 * Mixpanel's user calling sts:AssumeRole on the export role over TLS, passing `externalId` (the
 * token unless a probe asks otherwise; `null` = no external id at all).
 */
export function assumeRoleRequest(params: PipelineParams, externalId: string | null | undefined = params.token): Request {
  const context: Record<string, string> = {
    'aws:PrincipalArn': MIXPANEL_USER_ARN,
    'aws:PrincipalAccount': MIXPANEL_ACCOUNT,
    'aws:PrincipalType': 'User',
    'aws:username': 'mixpanel-export',
    'aws:SecureTransport': 'true',
    'aws:SourceIp': MIXPANEL_SOURCE_IP,
    'aws:PrincipalIsAWSService': 'false',
    'aws:ViaAWSService': 'false',
  };
  if (typeof externalId === 'string') context['sts:ExternalId'] = externalId;
  return { principal: { arn: MIXPANEL_USER_ARN, account: MIXPANEL_ACCOUNT, type: 'AWS' }, action: 'sts:AssumeRole', resource: params.role ?? '', context };
}

/**
 * Context keys of every call the role session makes. Availability of each key: "AWS global condition
 * context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html —
 * aws:PrincipalIsAWSService is in every signed request (false: a role session is not a service
 * principal); aws:MultiFactorAuthPresent is in every request signed with temporary credentials, as a role
 * session's are (false: Mixpanel assumes the role without MFA); aws:ViaAWSService is false on the role's
 * own calls to S3 and true on the calls S3 makes to KMS for it.
 */
function roleSessionContext(params: PipelineParams): Record<string, string> {
  const account = accountOfArn(params.role);
  return {
    'aws:PrincipalArn': params.role ?? '',
    ...(account === undefined ? {} : { 'aws:PrincipalAccount': account }),
    'aws:PrincipalType': 'AssumedRole',
    'aws:SecureTransport': 'true',
    'aws:SourceIp': MIXPANEL_SOURCE_IP,
    'aws:PrincipalIsAWSService': 'false',
    'aws:MultiFactorAuthPresent': 'false',
    'aws:ViaAWSService': 'false',
    ...(params.organizationId === undefined ? {} : { 'aws:PrincipalOrgID': params.organizationId }),
  };
}

/** One principal object per setup's parameters, so the evaluator reads the role's ARN once for all its requests. */
const principals = perObject<PipelineParams, Request['principal']>();

function rolePrincipal(params: PipelineParams): Request['principal'] {
  return principals(params, 'role', () => ({ arn: params.role ?? '', account: accountOfArn(params.role), type: 'AWS' }));
}

/** The encryption headers an upload carries under each s3_encryption (fact sheet: this project's model). */
function uploadHeaders(params: PipelineParams): Record<string, string> {
  if (params.encryption === 'aes') return { 's3:x-amz-server-side-encryption': 'AES256' };
  if (params.encryption === 'kms') {
    return { 's3:x-amz-server-side-encryption': 'aws:kms', ...(params.kmsKey === undefined ? {} : { 's3:x-amz-server-side-encryption-aws-kms-key-id': params.kmsKey }) };
  }
  return {};
}

/**
 * Each request is built once per setup's parameters and action and shared by every rule that asks,
 * so the evaluator's per-request indexes (context keys, caller) are built once too. Treat as read-only.
 */
const once = perObject<PipelineParams, Request>();

/** The role session calling one of the four S3 actions; only uploads carry encryption headers. */
export function s3Request(params: PipelineParams, action: S3Action): Request {
  return once(params, action, () => buildS3Request(params, action));
}

function buildS3Request(params: PipelineParams, action: S3Action): Request {
  const context: Record<string, string> = { ...roleSessionContext(params), ...(action === 's3:PutObject' ? uploadHeaders(params) : {}) };
  if (action === 's3:ListBucket' && keyPrefix(params) !== '') context['s3:prefix'] = keyPrefix(params);
  return { principal: rolePrincipal(params), action, resource: action === 's3:ListBucket' ? bucketArn(params) : sampleObjectArn(params), context };
}

/** The role session using the key; S3 calls KMS on its behalf for SSE-KMS, so kms:ViaService is S3 in the bucket's region. */
export function kmsRequest(params: PipelineParams, action: (typeof KMS_ACTIONS)[number]): Request {
  return once(params, action, () => buildKmsRequest(params, action));
}

function buildKmsRequest(params: PipelineParams, action: (typeof KMS_ACTIONS)[number]): Request {
  const region = params.region ?? regionOfArn(params.kmsKey);
  const context: Record<string, string> = { ...roleSessionContext(params) };
  const account = accountOfArn(params.role);
  if (account !== undefined) context['kms:CallerAccount'] = account;
  if (region !== undefined) context['kms:ViaService'] = `s3.${region}.amazonaws.com`;
  context['aws:ViaAWSService'] = 'true';
  return { principal: rolePrincipal(params), action, resource: params.kmsKey ?? '', context };
}

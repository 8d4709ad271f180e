// The model of Mixpanel's requests that every setup is checked against (written down in the
// README as the contract). Facts from Mixpanel's guide (../shared/seeds) and the Pipelines API
// fact sheet (../shared/reference/mixpanel-pipelines-api.md).
import type { ContextValue, Request, Unknown } from '../policy/model.js';
import type { AccountFacts, PipelineParams } from '../types.js';
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

/** What the request model is built from: the pipeline parameters and what is known of the account. */
export interface ModelInput {
  params: PipelineParams;
  facts: AccountFacts;
}

// ---- values the documents do not give -------------------------------------------------------------

const unknown = (fields: Omit<Unknown, 'unknown'>): Unknown => ({ unknown: true, ...fields });

/**
 * Mixpanel calls S3 from its own public addresses, which it does not publish; never from your
 * networks or VPC endpoints, so aws:SourceVpc and aws:SourceVpce are absent. A range of private or
 * reserved space never holds the address; a public range may.
 */
const MIXPANEL_ADDRESS = unknown({
  what: "Mixpanel's public address (Mixpanel does not publish the addresses its export calls AWS from)",
  settle: 'do not make access depend on aws:SourceIp for the export role: except the role from the condition (aws:PrincipalArn)',
  mayBeAbsent: false,
  publicAddress: true,
});

const SESSION_NAME = unknown({
  what: 'the role session name Mixpanel chooses (it does not publish it)',
  settle: 'do not depend on the session name: name the role, or match its sessions with a trailing *',
  mayBeAbsent: false,
});

/** TLS 1.2 is S3's minimum; whether Mixpanel's client negotiates 1.2 or 1.3 is not known. */
const TLS_VERSION = unknown({
  what: "the TLS version of Mixpanel's connection (1.2 or 1.3)",
  settle: 'require at least TLS 1.2 (NumericLessThan s3:TlsVersion 1.2), which every export connection meets',
  mayBeAbsent: false,
  domain: ['1.2', '1.3'],
});

/**
 * The organization facts of the role's account: the id (known, `null` for none, or unknown) and,
 * in an organization, its path (never given by the documents).
 */
function organizationKeys(params: PipelineParams, prefix: 'Principal' | 'Resource', sameAccountAsRole: boolean): Record<string, ContextValue> {
  const org = params.organizationId;
  if (!sameAccountAsRole) {
    return {
      [`aws:${prefix}OrgID`]: unknown({ what: "the AWS Organization of the resource's account", settle: 'use live mode, or do not make access depend on it', mayBeAbsent: true, fact: `${prefix}-organization` }),
      [`aws:${prefix}OrgPaths`]: unknown({ what: "the organization path of the resource's account", settle: 'use live mode, or do not make access depend on it', mayBeAbsent: true, multivalued: true }),
    };
  }
  if (org === null) return {};
  const paths = unknown({
    what: "the organizational-unit path of the role's account",
    settle: 'match the organization with aws:PrincipalOrgID, or a path pattern ending in *',
    mayBeAbsent: org === undefined,
    multivalued: true,
    ...(org === undefined ? {} : { prefix: `${org}/` }),
  });
  return {
    [`aws:${prefix}OrgID`]: org ?? ROLE_ORGANIZATION,
    [`aws:${prefix}OrgPaths`]: paths,
  };
}

/** The role account's organization when the config does not give it; one fact for every key that carries it. */
const ROLE_ORGANIZATION = unknown({
  what: "the AWS Organization of the role's account",
  settle: 'set "organizationId" in mp-s3-lint.config.json to the id from `aws organizations describe-organization` (null when the account is in no organization)',
  mayBeAbsent: true,
  fact: 'role-organization',
});

/** The role's tags when known; otherwise any aws:PrincipalTag/KEY is unknown. */
function principalTags(facts: AccountFacts): Record<string, ContextValue> {
  if (facts.roleTags === undefined) return { 'aws:PrincipalTag/*': unknown({ what: "a tag of the export role (its tags are not among the documents)", settle: 'add the `aws iam get-role` output of the role, or use live mode', mayBeAbsent: true }) };
  return Object.fromEntries(Object.entries(facts.roleTags).map(([key, value]) => [`aws:PrincipalTag/${key}`, value]));
}

/** aws:CurrentTime and aws:EpochTime: the time of the check ("AWS global condition context keys"). */
function timeKeys(facts: AccountFacts): Record<string, string> {
  return { 'aws:CurrentTime': new Date(facts.now).toISOString(), 'aws:EpochTime': String(Math.floor(facts.now / 1000)) };
}

// ---- the requests --------------------------------------------------------------------------------

/** Regions where Mixpanel may call STS (its own choice of endpoint): aws:RequestedRegion of the AssumeRole. */
const STS_REGION = unknown({
  what: 'the Region of the STS endpoint Mixpanel calls',
  settle: 'do not restrict aws:RequestedRegion in the trust policy',
  mayBeAbsent: false,
  domain: [...MIXPANEL_REGIONS],
});

const MIXPANEL_USER_ID = unknown({ what: "the unique id of Mixpanel's IAM user (AIDA…)", settle: "name Mixpanel's user by ARN instead", mayBeAbsent: false, prefix: 'AIDA' });
const MIXPANEL_TAGS = unknown({ what: "a tag of Mixpanel's IAM user", settle: "do not make the trust depend on Mixpanel's tags", mayBeAbsent: true });
const MIXPANEL_ORGANIZATION = unknown({ what: "the AWS Organization of Mixpanel's account", settle: "do not make the trust depend on Mixpanel's organization", mayBeAbsent: true, multivalued: false });
/**
 * Mixpanel's user signs with long-term keys (then aws:MultiFactorAuthPresent and aws:TokenIssueTime
 * are absent) or with temporary credentials of its own (then they are present): which is not known
 * ("AWS global condition context keys").
 */
const MIXPANEL_MFA = unknown({ what: "whether Mixpanel's user signs with temporary credentials", settle: 'do not require MFA of Mixpanel', mayBeAbsent: true, domain: ['false'] });
const MIXPANEL_TOKEN_TIME = unknown({ what: "when Mixpanel's credentials were issued (absent with long-term keys)", settle: "do not make the trust depend on Mixpanel's credentials", mayBeAbsent: true });

/**
 * The keys of the calls S3 makes to KMS for the role session (forward access sessions, "Forward
 * access sessions", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html)
 * that AWS documents inconsistently: that page says aws:CalledVia is set on every such call, while the
 * global keys page lists the services that set it and never listed S3; and no page says whether S3's
 * call to KMS uses TLS (aws:SecureTransport).
 */
const CALLED_VIA = unknown({
  what: "whether S3's calls to KMS carry aws:CalledVia (AWS documents it both ways)",
  settle: 'use kms:ViaService ("s3.REGION.amazonaws.com") instead of aws:CalledVia',
  mayBeAbsent: true,
  domain: [['s3.amazonaws.com']],
  multivalued: true,
  fact: 'called-via',
});
const CALLED_VIA_ONE = unknown({ what: CALLED_VIA.what, settle: CALLED_VIA.settle, mayBeAbsent: true, domain: ['s3.amazonaws.com'], fact: 'called-via' });
const KMS_TRANSPORT = unknown({ what: "whether AWS counts S3's own call to KMS as sent over TLS (no AWS page says)", settle: 'do not condition the key policy on aws:SecureTransport for the export role (the bucket policy can require TLS of Mixpanel)', mayBeAbsent: false, domain: ['true', 'false'] });

/**
 * Mixpanel's user calling sts:AssumeRole on the export role over TLS, passing `externalId` (the
 * token unless a probe asks otherwise; `null` = no external id at all).
 */
export function assumeRoleRequest(model: ModelInput, externalId: string | null | undefined = model.params.token): Request {
  const { params, facts } = model;
  const roleAccount = accountOfArn(params.role);
  const context: Record<string, ContextValue> = {
    'aws:PrincipalArn': MIXPANEL_USER_ARN,
    'aws:PrincipalAccount': MIXPANEL_ACCOUNT,
    'aws:PrincipalType': 'User',
    'aws:username': 'mixpanel-export',
    'aws:userid': MIXPANEL_USER_ID,
    'aws:PrincipalTag/*': MIXPANEL_TAGS,
    'aws:PrincipalOrgID': MIXPANEL_ORGANIZATION,
    'aws:SecureTransport': 'true',
    'aws:SourceIp': MIXPANEL_ADDRESS,
    'aws:PrincipalIsAWSService': 'false',
    'aws:ViaAWSService': 'false',
    'aws:MultiFactorAuthPresent': MIXPANEL_MFA,
    'aws:TokenIssueTime': MIXPANEL_TOKEN_TIME,
    'aws:RequestedRegion': STS_REGION,
    'sts:RoleSessionName': SESSION_NAME,
    ...timeKeys(facts),
    ...(roleAccount === undefined ? {} : { 'aws:ResourceAccount': roleAccount, ...organizationKeys(params, 'Resource', true) }),
  };
  if (typeof externalId === 'string') context['sts:ExternalId'] = externalId;
  return { principal: { arn: MIXPANEL_USER_ARN, account: MIXPANEL_ACCOUNT, type: 'AWS' }, action: 'sts:AssumeRole', resource: params.role ?? '', context };
}

/** Keys that describe the caller, replaced when another principal stands in for Mixpanel's user (aws:username exists only for IAM users). */
const CALLER_KEYS = ['aws:PrincipalArn', 'aws:SourceIp', 'aws:PrincipalAccount', 'aws:PrincipalType', 'aws:username', 'aws:userid', 'aws:PrincipalTag/*', 'aws:PrincipalOrgID', 'aws:MultiFactorAuthPresent'];

/** RFC 5737 TEST-NET-1: an address of the probe's own. */
const PROBE_ADDRESS = '192.0.2.1';

/** A principal the policies do not single out belongs to an organization they do not name, or to none. */
const SOME_OTHER_ORGANIZATION = unknown({ what: "the caller's AWS Organization (one the policies do not name, or none)", settle: 'name the organization allowed with aws:PrincipalOrgID', mayBeAbsent: true, domain: ['o-mp-s3-lint-other'] });

/**
 * The same request made by another principal (a probe: "can anyone else assume the role, read the
 * bucket?"). Its context describes that principal, never the one it stands in for: its ARN, account
 * and type, no tags, no MFA, an organization the policies do not name (or none), and an address
 * of its own (a documentation address no real policy names).
 */
export function requestBy(base: Request, principal: Request['principal']): Request {
  const context: Record<string, ContextValue> = {};
  for (const key in base.context) if (!CALLER_KEYS.includes(key)) context[key] = base.context[key]!;
  context['aws:PrincipalArn'] = principal.arn;
  context['aws:SourceIp'] = PROBE_ADDRESS;
  if (principal.account !== undefined) context['aws:PrincipalAccount'] = principal.account;
  if (principal.type === 'AWS') {
    const isRole = /:role\//.test(principal.arn);
    context['aws:PrincipalType'] = isRole ? 'AssumedRole' : 'User';
    context['aws:userid'] = isRole ? 'AROAMPS3LINTPROBE:probe' : 'AIDAMPS3LINTPROBE';
    context['aws:PrincipalOrgID'] = SOME_OTHER_ORGANIZATION;
  }
  return { ...base, principal, context };
}

/** AssumeRole by a principal other than (or, for Mixpanel's user, the same as) Mixpanel's export user. */
export function assumeRoleRequestBy(model: ModelInput, principal: Request['principal'], externalId: string | null | undefined): Request {
  const base = assumeRoleRequest(model, externalId);
  return principal.arn === MIXPANEL_USER_ARN ? base : requestBy(base, principal);
}

/**
 * Contexts shared by the requests that send the same keys (GetObject and DeleteObject; the KMS
 * calls with S3's encryption context), so they are built and indexed by the evaluator once; and the
 * role session's keys, which every one of them starts from (copied, never changed).
 */
const contexts = perObject<ModelInput, Record<string, ContextValue>>();

/**
 * Context keys of every call the role session makes ("AWS global condition context keys",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html): who
 * calls (the role ARN as aws:PrincipalArn, its account, AssumedRole, ROLEID:SESSION as aws:userid),
 * the role's tags, its organization, TLS, the time, and the flags every signed request carries
 * (aws:PrincipalIsAWSService false; aws:MultiFactorAuthPresent false for a role session, which
 * Mixpanel assumes without MFA). aws:TokenIssueTime is when the session began: the session is
 * taken to begin at the check, as the export's sessions begin after it.
 */
function roleSessionContext(model: ModelInput): Record<string, ContextValue> {
  return contexts(model, 'role-session', () => buildRoleSessionContext(model));
}

function buildRoleSessionContext(model: ModelInput): Record<string, ContextValue> {
  const { params, facts } = model;
  const account = accountOfArn(params.role);
  return {
    'aws:PrincipalArn': params.role ?? '',
    ...(account === undefined ? {} : { 'aws:PrincipalAccount': account }),
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': unknown({
      what: facts.roleId === undefined ? "the role's unique id and the session name (ROLEID:SESSION)" : `the session name after ${facts.roleId}: (Mixpanel chooses it)`,
      settle: facts.roleId === undefined ? 'add the `aws iam get-role` output of the role (it gives the role id), or use live mode' : 'match the role id with a trailing * (`ROLEID:*`)',
      mayBeAbsent: false,
      prefix: facts.roleId === undefined ? 'AROA' : `${facts.roleId}:`,
    }),
    ...principalTags(facts),
    'aws:SecureTransport': 'true',
    'aws:SourceIp': MIXPANEL_ADDRESS,
    'aws:PrincipalIsAWSService': 'false',
    'aws:MultiFactorAuthPresent': 'false',
    'aws:ViaAWSService': 'false',
    'aws:TokenIssueTime': new Date(facts.now).toISOString(),
    ...timeKeys(facts),
    ...organizationKeys(params, 'Principal', true),
  };
}

/** One principal object per model, so the evaluator reads the role's ARN once for all its requests. */
const principals = perObject<ModelInput, Request['principal']>();

function rolePrincipal(model: ModelInput): Request['principal'] {
  const role = model.params.role ?? '';
  return principals(model, 'role', () => ({ arn: role, account: accountOfArn(role), type: 'AWS', session: {} }));
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
 * Each request is built once per model and action and shared by every rule that asks, so the
 * evaluator's per-request indexes (context keys, caller) are built once too. Treat as read-only.
 */
const once = perObject<ModelInput, Request>();

/** The role session calling one of the four S3 actions; only uploads carry encryption headers. */
export function s3Request(model: ModelInput, action: S3Action): Request {
  return once(model, action, () => buildS3Request(model, action));
}

/** The account that owns the bucket: `bucketAccount`, else the role's. */
export function bucketOwner(params: PipelineParams): string | undefined {
  return params.bucketAccount ?? accountOfArn(params.role);
}

/**
 * S3's own keys on each request ("Actions, resources, and condition keys for Amazon S3",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html):
 * Signature Version 4 in the Authorization header, the TLS version (1.2 or later), the bucket
 * owner, and for the listing the prefix (known up to the configured s3_prefix).
 */
function buildS3Request(model: ModelInput, action: S3Action): Request {
  const { params } = model;
  return { principal: rolePrincipal(model), action, resource: action === 's3:ListBucket' ? bucketArn(params) : sampleObjectArn(params), context: s3Context(model, action) };
}


function s3Context(model: ModelInput, action: S3Action): Record<string, ContextValue> {
  const variant = action === 's3:PutObject' || action === 's3:ListBucket' ? action : 's3:object';
  return contexts(model, variant, () => buildS3Context(model, action));
}

function buildS3Context(model: ModelInput, action: S3Action): Record<string, ContextValue> {
  const { params } = model;
  const owner = bucketOwner(params);
  const sameAccount = owner === accountOfArn(params.role);
  const context: Record<string, ContextValue> = {
    ...roleSessionContext(model),
    ...(params.region === undefined ? {} : { 'aws:RequestedRegion': params.region }),
    ...(owner === undefined ? {} : { 'aws:ResourceAccount': owner, 's3:ResourceAccount': owner }),
    ...organizationKeys(params, 'Resource', sameAccount),
    's3:signatureversion': 'AWS4-HMAC-SHA256',
    's3:authType': 'REST-HEADER',
    's3:TlsVersion': TLS_VERSION,
    ...(action === 's3:PutObject' ? uploadHeaders(params) : {}),
  };
  if (action === 's3:ListBucket') {
    const prefix = keyPrefix(params);
    context['s3:prefix'] = unknown({
      what: prefix === '' ? 'the prefix Mixpanel lists under (none is configured)' : `the prefix Mixpanel lists under, which starts with ${prefix}`,
      settle: prefix === '' ? 'set s3_prefix, and allow s3:prefix patterns under it' : `allow s3:prefix values "${prefix}*"`,
      mayBeAbsent: prefix === '',
      ...(prefix === '' ? {} : { prefix }),
    });
  }
  return context;
}

/** KMS operations that carry S3's encryption context (DescribeKey has none). */
const WITH_ENCRYPTION_CONTEXT = new Set<string>(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptTo', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom']);

/**
 * The role session using the key through S3 (SSE-KMS): S3 calls KMS on its behalf, so
 * kms:ViaService is S3 in the bucket's Region, kms:CallerAccount the role's account and
 * aws:ViaAWSService true ("AWS KMS condition keys", https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html);
 * the encryption context S3 sends is the object's ARN, or the bucket's with S3 Bucket Keys
 * ("Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html).
 */
export function kmsRequest(model: ModelInput, action: (typeof KMS_ACTIONS)[number]): Request {
  return once(model, action, () => buildKmsRequest(model, action));
}

function buildKmsRequest(model: ModelInput, action: (typeof KMS_ACTIONS)[number]): Request {
  const withEncryptionContext = WITH_ENCRYPTION_CONTEXT.has(action);
  const context = contexts(model, withEncryptionContext ? 'kms:with-context' : 'kms:without-context', () => buildKmsContext(model, withEncryptionContext));
  return { principal: rolePrincipal(model), action, ...keyResource(model.params), context };
}

function buildKmsContext(model: ModelInput, withEncryptionContext: boolean): Record<string, ContextValue> {
  const { params, facts } = model;
  const region = params.region ?? regionOfArn(params.kmsKey);
  const roleAccount = accountOfArn(params.role);
  const keyAccount = accountOfArn(params.kmsKey) ?? roleAccount;
  const context: Record<string, ContextValue> = {
    ...roleSessionContext(model),
    'aws:ViaAWSService': 'true',
    'aws:SecureTransport': KMS_TRANSPORT,
    'aws:CalledVia': CALLED_VIA,
    'aws:CalledViaFirst': CALLED_VIA_ONE,
    'aws:CalledViaLast': CALLED_VIA_ONE,
    ...(keyAccount === undefined ? {} : { 'aws:ResourceAccount': keyAccount }),
    ...organizationKeys(params, 'Resource', keyAccount === roleAccount),
    ...(region === undefined ? {} : { 'aws:RequestedRegion': region, 'kms:ViaService': `s3.${region}.amazonaws.com` }),
    ...(roleAccount === undefined ? {} : { 'kms:CallerAccount': roleAccount }),
  };
  if (withEncryptionContext && params.bucket !== undefined) {
    const objectArn = sampleObjectArn(params);
    const bucket = bucketArn(params);
    context['kms:EncryptionContext:aws:s3:arn'] =
      facts.bucketKeyEnabled === undefined
        ? unknown({
            what: 'the object ARN, or the bucket ARN when S3 Bucket Keys are on (the bucket\'s setting is not among the documents)',
            settle: 'add the `aws s3api get-bucket-encryption` output of the bucket, or use live mode',
            mayBeAbsent: false,
            domain: [objectArn, bucket],
          })
        : facts.bucketKeyEnabled
          ? bucket
          : objectArn;
    context['kms:EncryptionContextKeys'] = ['aws:s3:arn'];
  }
  return context;
}

/**
 * KMS authorizes on the key ARN, whatever name the caller used: an alias names no resource a policy
 * can grant ("Use aliases to control access to KMS keys", https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html).
 * A key given by alias is a key ARN not yet known beyond its Region and account.
 */
function keyResource(params: PipelineParams): Pick<Request, 'resource' | 'unknownResource'> {
  const key = params.kmsKey ?? '';
  const alias = /^(?:arn:(aws[\w-]*):kms:([a-z0-9-]+):(\d{12}):)?(alias\/.+)$/.exec(key);
  if (alias === null) return { resource: key };
  const [, partition = 'aws', region = params.region, account = accountOfArn(params.role), name] = alias;
  const known = region !== undefined && account !== undefined ? `arn:${partition}:kms:${region}:${account}:key/` : `arn:${partition}:kms:`;
  return {
    resource: `the key ${name} points to`,
    unknownResource: unknown({ what: `the key ARN that ${name} points to`, settle: 'give the key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) as s3_kms_key_id, or use live mode, which resolves the alias', mayBeAbsent: false, prefix: known }) as Unknown & { prefix: string },
  };
}

// An AWS emulator on 127.0.0.1 for the live-mode tests and benchmark. It speaks the wire protocols the
// real SDK v3 clients use for the read calls live mode makes — IAM and STS (query protocol, XML),
// S3 (REST-XML, path-style), KMS (JSON 1.1) — so the program under test runs unchanged, pointed at
// it with AWS_ENDPOINT_URL. Faults can be injected per operation and every request is recorded.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { text as readBody } from 'node:stream/consumers';

/** A policy as an object (served as compact JSON) or as a string (served verbatim, for exact-text tests). */
export type PolicyValue = object | string;

export interface EmulatorRole {
  trust: PolicyValue;
  /** Inline policies by name. */
  inline?: Record<string, PolicyValue>;
  /** ARNs of attached managed policies (keys of `managedPolicies`). */
  attached?: string[];
  /** ARN of the permissions boundary policy. */
  boundary?: string;
}

export interface EmulatorManagedPolicy {
  defaultVersion: string;
  document: PolicyValue;
}

export interface EmulatorBucket {
  region: string;
  policy?: PolicyValue;
  encryption?: { algorithm: 'AES256' | 'aws:kms'; keyId?: string };
}

export interface EmulatorKey {
  region: string;
  enabled: boolean;
  keySpec: string;
  keyUsage: string;
  keyState?: string;
  /** The policy named `default`. */
  policy: PolicyValue;
  /** Alias names such as `alias/export`. */
  aliases?: string[];
}

export interface EmulatorState {
  account: string;
  callerArn: string;
  roles: Record<string, EmulatorRole>;
  /** Managed policies by ARN. */
  managedPolicies: Record<string, EmulatorManagedPolicy>;
  buckets: Record<string, EmulatorBucket>;
  /** Keys by key id. */
  keys: Record<string, EmulatorKey>;
}

export const EMULATED_CALLS = [
  'sts:GetCallerIdentity',
  'iam:GetRole',
  'iam:ListRolePolicies',
  'iam:GetRolePolicy',
  'iam:ListAttachedRolePolicies',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  's3:GetBucketPolicy',
  's3:GetBucketEncryption',
  's3:GetBucketLocation',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
] as const;
export type EmulatedCall = (typeof EMULATED_CALLS)[number];

export interface Fault {
  accessDenied?: true;
  /** Always answer with this HTTP status and the service's server-error code. */
  status?: number;
  /** Fail this many times with the service's throttling error, then succeed. */
  throttle?: number;
  /** Wait this long before answering (on top of `latencyMs`). */
  delayMs?: number;
  /** Answer 200 with the first half of the real body. */
  malformed?: true;
  /** Answer with the service's ExpiredToken error. */
  expiredToken?: true;
  /** Refuse the request with an error whose message echoes its session token, encoded in each of these ways (an error that quotes request headers). */
  echoToken?: TokenEcho[];
  /** Send the real answer one byte every this many ms (the client's timeout must cut it off). */
  trickleMs?: number;
  /** A list call: always truncated, with a new marker every time. */
  endlessPages?: true;
}

/** How an echoed session token is written. */
export type TokenEcho = 'plain' | 'percent' | 'percent-lower' | 'form' | 'html' | 'json' | 'base64' | 'hex' | 'HEX';

export interface EmulatorOptions {
  /** Added to every request. */
  latencyMs?: number;
  /** Items per page of the IAM list calls (real IAM: 100, or the request's MaxItems if smaller). */
  pageSize?: number;
  faults?: Partial<Record<EmulatedCall, Fault>>;
}

type Service = 'sts' | 'iam' | 's3' | 'kms';

export interface RecordedCall {
  service: Service;
  operation: string;
  /** `service:Operation`, as in the faults map. */
  call: string;
  /** The region from the request's signature. */
  region: string;
  params: Record<string, unknown>;
  /** The `host` header: the emulator's address, or another one the request was addressed to (through a proxy). */
  host: string;
  /** The access key id the request was signed with. */
  accessKeyId: string;
  /** The client closed the connection before the whole answer was sent. */
  abandoned?: true;
}

export interface AwsEmulator {
  url: string;
  /** Every request received, retries included, in arrival order. */
  calls: RecordedCall[];
  /** The most requests that were being answered at the same time. */
  peakConcurrency(): number;
  /** Replaces the account and the behaviour; throttling counters start again. */
  setState(state: EmulatorState, options?: EmulatorOptions): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

interface ParsedRequest extends Omit<RecordedCall, 'host' | 'abandoned' | 'accessKeyId'> {
  /** The S3 bucket from the path (path-style requests). */
  bucket?: string;
}

class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Environment for the SDK to reach the emulator hermetically: fake keys, no shared config or
 * credentials files, no instance metadata. Add AWS_ENDPOINT_URL = the emulator's url.
 */
export const HERMETIC_AWS_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAEMULATOR',
  AWS_SECRET_ACCESS_KEY: 'emulator-secret',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
};

const XML = 'text/xml';
const KMS_JSON = 'application/x-amz-json-1.1';
const QUERY_NAMESPACES: Record<'iam' | 'sts', string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};
const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DEFAULT_PAGE_SIZE = 100;
const CREATED = '2024-01-01T00:00:00Z';

export async function startAwsEmulator(initialState: EmulatorState, initialOptions: EmulatorOptions = {}): Promise<AwsEmulator> {
  let state = initialState;
  let options = initialOptions;
  let throttled = new Map<string, number>();
  let inFlight = 0;
  let peak = 0;
  const calls: RecordedCall[] = [];
  // Aborts the waits of requests still being delayed when the emulator closes; every waiting request
  // listens on it, so Node's default limit of 10 listeners does not apply.
  const shutdown = new AbortController();
  setMaxListeners(0, shutdown.signal);

  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    try {
      const parsed = parseRequest(request, await readBody(request));
      const accessKeyId = /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '';
      const recorded: RecordedCall = { service: parsed.service, operation: parsed.operation, call: parsed.call, region: parsed.region, params: parsed.params, host: request.headers.host ?? '', accessKeyId };
      calls.push(recorded);
      const fault = options.faults?.[parsed.call as EmulatedCall];
      await sleep((options.latencyMs ?? 0) + (fault?.delayMs ?? 0), undefined, { signal: shutdown.signal });
      const reply = replyTo(parsed, fault, String(request.headers['x-amz-security-token'] ?? ''));
      if (fault?.trickleMs === undefined) send(response, reply);
      else if (!(await trickle(response, reply, fault.trickleMs, shutdown.signal))) recorded.abandoned = true;
    } catch (error) {
      if (!shutdown.signal.aborted) send(response, { status: 500, contentType: 'text/plain', body: String(error) });
    } finally {
      inFlight -= 1;
    }
  };

  const replyTo = (request: ParsedRequest, fault: Fault | undefined, token: string): Reply => {
    try {
      if (fault?.expiredToken) throw expiredToken(request.service);
      if (fault?.echoToken !== undefined) throw new ServiceError(400, request.service === 'kms' ? 'ValidationException' : 'InvalidRequest', `The header x-amz-security-token (${fault.echoToken.map((how) => echo(token, how)).join(', ')}) is not valid for ${request.call}`);
      if (fault?.accessDenied) throw accessDenied(request, state.callerArn);
      if (fault?.status !== undefined) throw new ServiceError(fault.status, SERVER_ERROR_CODES[request.service], 'We encountered an internal error. Please try again.');
      if (fault?.throttle !== undefined && (throttled.get(request.call) ?? 0) < fault.throttle) {
        throttled.set(request.call, (throttled.get(request.call) ?? 0) + 1);
        throw throttling(request.service);
      }
      const reply = fault?.endlessPages ? endlessPage(request) : operate(request, state, options.pageSize ?? DEFAULT_PAGE_SIZE);
      return fault?.malformed ? { ...reply, body: reply.body.slice(0, Math.floor(reply.body.length / 2)) } : reply;
    } catch (error) {
      if (error instanceof ServiceError) return errorReply(request.service, error);
      throw error;
    }
  };

  const sockets = new Set<Socket>();
  const server = createServer((request, response) => void answer(request, response));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    peakConcurrency: () => peak,
    setState(next, nextOptions = {}) {
      state = next;
      options = nextOptions;
      throttled = new Map();
    },
    close() {
      shutdown.abort();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}


/** Writes the answer a byte at a time; false when the client gave up before its end. */
async function trickle(response: ServerResponse, reply: Reply, everyMs: number, shutdown: AbortSignal): Promise<boolean> {
  if (response.destroyed) return false;
  const bytes = Buffer.from(reply.body);
  response.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': String(bytes.length) });
  for (const byte of bytes) {
    if (response.destroyed || shutdown.aborted) return false;
    response.write(Buffer.of(byte));
    await sleep(everyMs, undefined, { signal: shutdown }).catch(() => undefined);
  }
  response.end();
  return true;
}

function send(response: ServerResponse, reply: Reply): void {
  // The client may have given up (timeout test) and closed the socket while we were waiting.
  if (response.destroyed) return;
  response.writeHead(reply.status, { 'content-type': reply.contentType, 'x-amzn-requestid': randomUUID() });
  response.end(reply.body);
}

// ---- Telling services and operations apart ----

/** The service and region come from the SigV4 credential scope, which every SDK request carries. */
function parseRequest(request: IncomingMessage, body: string): ParsedRequest {
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(request.headers.authorization ?? '');
  if (scope === null) throw new Error('unsigned request');
  const region = scope[1]!;
  const service = scope[2] as Service;
  const url = new URL(request.url ?? '/', 'http://emulator');
  const { operation, params, bucket } = operationOf(service, request, url, body);
  return { service, operation, call: `${service}:${operation}`, region, params, ...(bucket === undefined ? {} : { bucket }) };
}

function operationOf(service: Service, request: IncomingMessage, url: URL, body: string): { operation: string; params: Record<string, unknown>; bucket?: string } {
  switch (service) {
    case 'iam':
    case 'sts': {
      const params = Object.fromEntries(new URLSearchParams(body));
      return { operation: params['Action'] ?? 'Unknown', params };
    }
    case 'kms': {
      const target = String(request.headers['x-amz-target'] ?? '');
      return { operation: target.replace(/^TrentService\./, ''), params: JSON.parse(body || '{}') as Record<string, unknown> };
    }
    case 's3': {
      const bucket = decodeURIComponent(url.pathname.split('/')[1] ?? '');
      const subresource = ['policy', 'encryption', 'location'].find((name) => url.searchParams.has(name));
      const operation = { policy: 'GetBucketPolicy', encryption: 'GetBucketEncryption', location: 'GetBucketLocation' }[subresource ?? ''] ?? 'Unknown';
      return { operation, params: { Bucket: bucket }, bucket };
    }
  }
}

// ---- Operations ----

function operate(request: ParsedRequest, state: EmulatorState, pageSize: number): Reply {
  const handler = HANDLERS[request.call as EmulatedCall];
  if (handler === undefined) throw new ServiceError(400, 'InvalidAction', `The emulator does not implement ${request.call}.`);
  return handler(request, state, pageSize);
}

type Handler = (request: ParsedRequest, state: EmulatorState, pageSize: number) => Reply;

const HANDLERS: Record<EmulatedCall, Handler> = {
  'sts:GetCallerIdentity': (request, state) =>
    queryReply('sts', request.operation, text('Arn', state.callerArn) + text('UserId', 'AIDAEMULATOR') + text('Account', state.account)),

  'iam:GetRole': (request, state) => {
    const { name, role } = findRole(request, state);
    const boundary = role.boundary === undefined ? '' : element('PermissionsBoundary', text('PermissionsBoundaryType', 'Policy') + text('PermissionsBoundaryArn', role.boundary));
    const fields =
      text('Path', '/') +
      text('RoleName', name) +
      text('RoleId', 'AROAEMULATOR') +
      text('Arn', `arn:aws:iam::${state.account}:role/${name}`) +
      text('CreateDate', CREATED) +
      text('AssumeRolePolicyDocument', iamEncode(policyText(role.trust))) +
      text('MaxSessionDuration', '3600') +
      boundary;
    return queryReply('iam', request.operation, element('Role', fields));
  },

  'iam:ListRolePolicies': (request, state, pageSize) => {
    const { role } = findRole(request, state);
    const { items, more } = page(Object.keys(role.inline ?? {}), request.params, pageSize);
    return queryReply('iam', request.operation, element('PolicyNames', items.map((name) => text('member', name)).join('')) + more);
  },

  'iam:GetRolePolicy': (request, state) => {
    const { name, role } = findRole(request, state);
    const policyName = String(request.params['PolicyName']);
    const document = role.inline?.[policyName];
    if (document === undefined) throw noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
    return queryReply('iam', request.operation, text('RoleName', name) + text('PolicyName', policyName) + text('PolicyDocument', iamEncode(policyText(document))));
  },

  'iam:ListAttachedRolePolicies': (request, state, pageSize) => {
    const { role } = findRole(request, state);
    const { items, more } = page(role.attached ?? [], request.params, pageSize);
    const members = items.map((arn) => element('member', text('PolicyName', policyNameOf(arn)) + text('PolicyArn', arn))).join('');
    return queryReply('iam', request.operation, element('AttachedPolicies', members) + more);
  },

  'iam:GetPolicy': (request, state) => {
    const arn = String(request.params['PolicyArn']);
    const policy = findManagedPolicy(arn, state);
    const fields = text('PolicyName', policyNameOf(arn)) + text('PolicyId', 'ANPAEMULATOR') + text('Arn', arn) + text('Path', '/') + text('DefaultVersionId', policy.defaultVersion) + text('AttachmentCount', '1') + text('IsAttachable', 'true') + text('CreateDate', CREATED);
    return queryReply('iam', request.operation, element('Policy', fields));
  },

  'iam:GetPolicyVersion': (request, state) => {
    const arn = String(request.params['PolicyArn']);
    const policy = findManagedPolicy(arn, state);
    const versionId = String(request.params['VersionId']);
    if (versionId !== policy.defaultVersion) throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    const fields = text('Document', iamEncode(policyText(policy.document))) + text('VersionId', versionId) + text('IsDefaultVersion', 'true') + text('CreateDate', CREATED);
    return queryReply('iam', request.operation, element('PolicyVersion', fields));
  },

  's3:GetBucketPolicy': (request, state) => {
    const bucket = findBucket(request, state);
    if (bucket.policy === undefined) throw new ServiceError(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist');
    // S3 answers with the policy itself as the body.
    return { status: 200, contentType: 'application/json', body: policyText(bucket.policy) };
  },

  's3:GetBucketEncryption': (request, state) => {
    const { encryption } = findBucket(request, state);
    if (encryption === undefined) throw new ServiceError(404, 'ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found');
    const byDefault = text('SSEAlgorithm', encryption.algorithm) + (encryption.keyId === undefined ? '' : text('KMSMasterKeyID', encryption.keyId));
    const rule = element('Rule', element('ApplyServerSideEncryptionByDefault', byDefault) + text('BucketKeyEnabled', 'true'));
    return s3Reply(`<ServerSideEncryptionConfiguration xmlns="${S3_NAMESPACE}">${rule}</ServerSideEncryptionConfiguration>`);
  },

  's3:GetBucketLocation': (request, state) => {
    const { region } = findBucket(request, state);
    // us-east-1 buckets have an empty location constraint.
    return s3Reply(`<LocationConstraint xmlns="${S3_NAMESPACE}">${region === 'us-east-1' ? '' : escapeXml(region)}</LocationConstraint>`);
  },

  'kms:DescribeKey': (request, state) => {
    const { id, key } = findKey(request, state, { aliases: true });
    const keyMetadata = {
      AWSAccountId: state.account,
      KeyId: id,
      Arn: keyArn(id, key, state),
      CreationDate: Date.parse(CREATED) / 1000,
      Enabled: key.enabled,
      Description: '',
      KeyUsage: key.keyUsage,
      KeyState: key.keyState ?? (key.enabled ? 'Enabled' : 'Disabled'),
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: key.keySpec,
      KeySpec: key.keySpec,
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    };
    return kmsReply({ KeyMetadata: keyMetadata });
  },

  'kms:GetKeyPolicy': (request, state) => {
    // GetKeyPolicy takes a key id or key ARN, never an alias.
    const { key } = findKey(request, state, { aliases: false });
    const policyName = request.params['PolicyName'] ?? 'default';
    if (policyName !== 'default') throw new ServiceError(400, 'NotFoundException', `No such policy: ${String(policyName)}`);
    return kmsReply({ Policy: policyText(key.policy), PolicyName: 'default' });
  },
};

// ---- Lookups ----

function findRole(request: ParsedRequest, state: EmulatorState): { name: string; role: EmulatorRole } {
  const name = String(request.params['RoleName']);
  const role = state.roles[name];
  if (role === undefined) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return { name, role };
}

function findManagedPolicy(arn: string, state: EmulatorState): EmulatorManagedPolicy {
  const policy = state.managedPolicies[arn];
  if (policy === undefined) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return policy;
}

function findBucket(request: ParsedRequest, state: EmulatorState): EmulatorBucket {
  const bucket = state.buckets[request.bucket ?? ''];
  if (bucket === undefined) throw new ServiceError(404, 'NoSuchBucket', 'The specified bucket does not exist');
  return bucket;
}

/** KMS keys are regional: a key is found only through the region it lives in, as in AWS. */
function findKey(request: ParsedRequest, state: EmulatorState, accept: { aliases: boolean }): { id: string; key: EmulatorKey } {
  const reference = String(request.params['KeyId']);
  const aliasName = /(?:^|:)(alias\/.+)$/.exec(reference)?.[1];
  const found = Object.entries(state.keys).find(([id, key]) =>
    aliasName === undefined ? reference === id || reference === keyArn(id, key, state) : accept.aliases && (key.aliases ?? []).includes(aliasName),
  );
  if (found === undefined || found[1].region !== request.region) throw new ServiceError(400, 'NotFoundException', `Key '${reference}' does not exist`);
  return { id: found[0], key: found[1] };
}

function keyArn(id: string, key: EmulatorKey, state: EmulatorState): string {
  return `arn:aws:kms:${key.region}:${state.account}:key/${id}`;
}

function policyNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function policyText(policy: PolicyValue): string {
  return typeof policy === 'string' ? policy : JSON.stringify(policy);
}

/**
 * IAM returns documents percent-encoded (RFC 3986). A literal `+` is left as it is, so a client that
 * decodes with form rules (`+` → space, as URLSearchParams does) gets a wrong document.
 */
function iamEncode(document: string): string {
  return encodeURIComponent(document).replace(/%2B/g, '+');
}

/** A page of a list call: the items from `Marker` on, and IsTruncated/Marker for the rest. */
function page<T>(all: readonly T[], params: Record<string, unknown>, pageSize: number): { items: T[]; more: string } {
  const start = params['Marker'] === undefined ? 0 : Number(Buffer.from(String(params['Marker']), 'base64').toString('utf8'));
  const size = Math.min(pageSize, Number(params['MaxItems'] ?? DEFAULT_PAGE_SIZE));
  const end = start + size;
  const truncated = end < all.length;
  const more = text('IsTruncated', String(truncated)) + (truncated ? text('Marker', Buffer.from(String(end)).toString('base64')) : '');
  return { items: all.slice(start, end), more };
}

// ---- Errors ----

const SERVER_ERROR_CODES: Record<Service, string> = { iam: 'ServiceFailure', sts: 'InternalFailure', s3: 'InternalError', kms: 'KMSInternalException' };

function noSuchEntity(message: string): ServiceError {
  return new ServiceError(404, 'NoSuchEntity', message);
}

function accessDenied(request: ParsedRequest, callerArn: string): ServiceError {
  const message = `User: ${callerArn} is not authorized to perform: ${request.call} because no identity-based policy allows the ${request.call} action`;
  // KMS reports a denial as a 400 with its own code; the XML services as a 403.
  return request.service === 'kms' ? new ServiceError(400, 'AccessDeniedException', message) : new ServiceError(403, 'AccessDenied', message);
}

function expiredToken(service: Service): ServiceError {
  return service === 'kms' ? new ServiceError(400, 'ExpiredTokenException', 'The security token included in the request is expired') : new ServiceError(400, 'ExpiredToken', 'The security token included in the request is expired');
}

function echo(token: string, how: TokenEcho): string {
  const bytes = Buffer.from(token, 'utf8');
  switch (how) {
    case 'plain':
      return token;
    case 'percent':
      return encodeURIComponent(token);
    case 'percent-lower':
      return encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
    case 'form':
      return new URLSearchParams({ t: token }).toString().slice(2);
    case 'html':
      return token.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    case 'json':
      return JSON.stringify(token).slice(1, -1);
    case 'base64':
      return bytes.toString('base64');
    case 'hex':
      return bytes.toString('hex');
    case 'HEX':
      return bytes.toString('hex').toUpperCase();
  }
}

/** A page of a list call that says there is always more, with a marker never seen before. */
function endlessPage(request: ParsedRequest): Reply {
  const list = request.operation === 'ListRolePolicies' ? element('PolicyNames', '') : element('AttachedPolicies', '');
  return queryReply('iam', request.operation, list + text('IsTruncated', 'true') + text('Marker', randomUUID()));
}

function throttling(service: Service): ServiceError {
  switch (service) {
    case 's3':
      return new ServiceError(503, 'SlowDown', 'Please reduce your request rate.');
    case 'kms':
      return new ServiceError(400, 'ThrottlingException', 'Rate exceeded');
    default:
      return new ServiceError(400, 'Throttling', 'Rate exceeded');
  }
}

function errorReply(service: Service, error: ServiceError): Reply {
  const requestId = randomUUID();
  switch (service) {
    case 'kms':
      return { status: error.status, contentType: KMS_JSON, body: JSON.stringify({ __type: error.code, message: error.message }) };
    case 's3':
      return { status: error.status, contentType: XML, body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${text('Code', error.code)}${text('Message', error.message)}${text('RequestId', requestId)}</Error>` };
    default: {
      const type = error.status >= 500 ? 'Receiver' : 'Sender';
      const detail = element('Error', text('Type', type) + text('Code', error.code) + text('Message', error.message));
      return { status: error.status, contentType: XML, body: `<ErrorResponse xmlns="${QUERY_NAMESPACES[service]}">${detail}${text('RequestId', requestId)}</ErrorResponse>` };
    }
  }
}

// ---- Response bodies ----

function queryReply(service: 'iam' | 'sts', operation: string, result: string): Reply {
  const metadata = element('ResponseMetadata', text('RequestId', randomUUID()));
  const body = `<${operation}Response xmlns="${QUERY_NAMESPACES[service]}">${element(`${operation}Result`, result)}${metadata}</${operation}Response>`;
  return { status: 200, contentType: XML, body };
}

function s3Reply(xml: string): Reply {
  return { status: 200, contentType: 'application/xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}` };
}

function kmsReply(value: object): Reply {
  return { status: 200, contentType: KMS_JSON, body: JSON.stringify(value) };
}

function element(tag: string, children: string): string {
  return `<${tag}>${children}</${tag}>`;
}

function text(tag: string, value: string): string {
  return element(tag, escapeXml(value));
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

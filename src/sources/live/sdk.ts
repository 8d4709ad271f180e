// The AWS SDK clients, loaded on first use with dynamic import() so that file mode never pays for
// them (each client costs ~100 ms of start-up). This is the only module that loads the SDK.
// Configuration follows the AWS CLI where the SDK does not on its own: the named profile's endpoints,
// AWS_DEFAULT_REGION, and HTTP(S)_PROXY / NO_PROXY.
import { isIP } from 'node:net';
import type { Agent } from 'node:http';
import type { Readable } from 'node:stream';
import { endpointFor, readProfile, type ProfileSettings, type ServiceId } from './profile.js';
import type { LiveOptions, LiveRequest } from './types.js';

type IamModule = typeof import('@aws-sdk/client-iam');
type StsModule = typeof import('@aws-sdk/client-sts');
type S3Module = typeof import('@aws-sdk/client-s3');
type KmsModule = typeof import('@aws-sdk/client-kms');

/** A loaded SDK package (for its command classes) and the client built from it. */
export interface Api<Sdk, Client> {
  sdk: Sdk;
  client: Client;
}

export interface AwsClients {
  sts(): Promise<Api<StsModule, InstanceType<StsModule['STSClient']>>>;
  iam(): Promise<Api<IamModule, InstanceType<IamModule['IAMClient']>>>;
  s3(): Promise<Api<S3Module, InstanceType<S3Module['S3Client']>>>;
  kms(): Promise<Api<KmsModule, InstanceType<KmsModule['KMSClient']>>>;
  /** The secret access key and session token the clients signed with, once resolved (for redaction). */
  secrets(): Promise<string[]>;
  /** Closes the clients' keep-alive sockets so the process can exit. */
  destroy(): void;
}

type ClientConfig = Pick<import('@aws-sdk/client-iam').IAMClientConfig, 'region' | 'profile' | 'endpoint' | 'maxAttempts' | 'retryStrategy' | 'requestHandler' | 'ignoreConfiguredEndpointUrls'>;
type RetryStrategyV2 = Extract<NonNullable<ClientConfig['retryStrategy']>, { acquireInitialRetryToken: unknown }>;
/** What of the SDK's request handler the hard limit wraps (the rest is inherited as it is). */
interface HttpHandler {
  handle(request: unknown, options?: { abortSignal?: unknown }): Promise<{ response: { body?: unknown } }>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const SDK_DEFAULT_MAX_ATTEMPTS = 3;
/** The error types the SDK's standard strategy retries; client errors such as AccessDenied are final. */
const RETRYABLE_ERROR_TYPES = new Set(['TRANSIENT', 'THROTTLING']);

export function createClients(request: LiveRequest, options: LiveOptions, profile: ProfileSettings = readProfile(request.profile, process.env)): AwsClients {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const agent = proxyAgent(process.env);
  const built: Array<{ destroy(): void; config: { credentials?: unknown } }> = [];
  const lazily = <Sdk, Client extends { destroy(): void; config: { requestHandler: unknown } }>(service: ServiceId, load: () => Promise<Sdk>, build: (sdk: Sdk, config: ClientConfig) => Client) => {
    let api: Promise<Api<Sdk, Client>> | undefined;
    return () =>
      (api ??= Promise.all([load(), agent]).then(([sdk, proxy]) => {
        const client = build(sdk, clientConfig(service, request, options, profile, proxy));
        // The SDK's own limit is a socket idle time: an answer trickling in never reaches it.
        client.config.requestHandler = withHardLimit(client.config.requestHandler as HttpHandler, timeoutMs);
        built.push(client as unknown as (typeof built)[number]);
        return { sdk, client };
      }));
  };
  return {
    sts: lazily('sts', () => import('@aws-sdk/client-sts'), (sdk, config) => new sdk.STSClient(config)),
    iam: lazily('iam', () => import('@aws-sdk/client-iam'), (sdk, config) => new sdk.IAMClient(config)),
    s3: lazily(
      's3',
      () => import('@aws-sdk/client-s3'),
      // A bucket in another region than the client's answers with a redirect: follow it.
      (sdk, config) => new sdk.S3Client({ ...config, forcePathStyle: needsPathStyle(config.endpoint as string | undefined), followRegionRedirects: true }),
    ),
    // KMS keys are regional: a key ARN is only found through its own region.
    kms: lazily('kms', () => import('@aws-sdk/client-kms'), (sdk, config) => new sdk.KMSClient(withoutUndefined({ ...config, region: regionOfArn(request.kmsKey) ?? config.region }))),
    secrets: async () => {
      const credentials = await (built[0]?.config.credentials as (() => Promise<{ secretAccessKey?: string; sessionToken?: string }>) | undefined)?.().catch(() => undefined);
      return [credentials?.secretAccessKey, credentials?.sessionToken].filter((value): value is string => value !== undefined && value !== '');
    },
    destroy: () => built.forEach((client) => client.destroy()),
  };
}

/**
 * Only what the request sets is passed, so the SDK's own resolution (credential chain, AWS_REGION, the
 * profile's region, AWS_MAX_ATTEMPTS) applies to the rest. Two settings the SDK gets wrong for the AWS
 * CLI's users are resolved here: the endpoint (the SDK looks it up in the default profile, not the
 * client's, so it is resolved from the named one and the SDK's lookup turned off) and the region
 * (AWS_DEFAULT_REGION, which the SDK ignores, comes after AWS_REGION and before the profile's region:
 * "Configuring environment variables for the AWS CLI",
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html).
 */
function clientConfig(service: ServiceId, request: LiveRequest, options: LiveOptions, profile: ProfileSettings, agent: Agent | undefined): ClientConfig {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const env = process.env;
  return withoutUndefined({
    region: request.region ?? (env['AWS_REGION'] ? undefined : env['AWS_DEFAULT_REGION'] || undefined),
    profile: request.profile,
    endpoint: endpointFor(service, request.endpointUrl, profile, env),
    ignoreConfiguredEndpointUrls: true,
    maxAttempts: options.maxAttempts,
    retryStrategy: options.retryDelayMs === undefined ? undefined : fixedDelayRetryStrategy(options.maxAttempts ?? SDK_DEFAULT_MAX_ATTEMPTS, options.retryDelayMs),
    // Without throwOnRequestTimeout the SDK only prints a warning when requestTimeout passes.
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs, throwOnRequestTimeout: true, ...(agent === undefined ? {} : { httpAgent: agent, httpsAgent: agent }) },
  });
}

/**
 * A proxy agent when HTTPS_PROXY, HTTP_PROXY or ALL_PROXY is set (either case), as the AWS CLI uses
 * them, with NO_PROXY's exceptions: "Using an HTTP proxy for the AWS CLI",
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-proxy.html. The agent picks the
 * proxy per request (https endpoints through HTTPS_PROXY, http ones through HTTP_PROXY), so a
 * NO_PROXY host goes direct. Loaded only when a proxy is set.
 */
async function proxyAgent(env: NodeJS.ProcessEnv): Promise<Agent | undefined> {
  const set = ['https_proxy', 'http_proxy', 'all_proxy'].some((name) => Boolean(env[name] || env[name.toUpperCase()]));
  if (!set) return undefined;
  const { ProxyAgent } = await import('proxy-agent');
  return new ProxyAgent();
}

/**
 * `timeoutMs` as a hard limit on each attempt, from sending the request to the last byte of the
 * answer: the request is aborted, or the body destroyed, when it passes. The error is a TimeoutError,
 * which the SDK's retry strategy retries like its own.
 */
function withHardLimit(inner: HttpHandler, timeoutMs: number): HttpHandler {
  const handler: HttpHandler = Object.create(inner) as HttpHandler;
  handler.handle = async (request, options) => {
    const controller = new AbortController();
    const expired = () => Object.assign(new Error(`no complete answer within ${timeoutMs} ms`), { name: 'TimeoutError' });
    let body: Readable | undefined;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort(expired());
        body?.destroy(expired());
        reject(expired());
      }, timeoutMs);
    });
    limit.catch(() => undefined); // it may fire after the race below is over, while the body is read
    try {
      const result = await Promise.race([inner.handle(request, { ...options, abortSignal: controller.signal }), limit]);
      const stream = result.response.body as Readable | undefined;
      if (typeof stream?.once === 'function' && !stream.readableEnded) {
        body = stream;
        stream.once('close', () => clearTimeout(timer));
      } else {
        clearTimeout(timer);
      }
      return result;
    } catch (error) {
      clearTimeout(timer);
      throw error;
    }
  };
  return handler;
}

/** Retries what the SDK's standard strategy retries, up to maxAttempts, after a fixed delay. */
function fixedDelayRetryStrategy(maxAttempts: number, delayMs: number): RetryStrategyV2 {
  const token = (retries: number) => ({ getRetryCount: () => retries, getRetryDelay: () => delayMs });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous, info) => {
      const retries = previous.getRetryCount() + 1;
      // Refusing makes the SDK throw the call's own error.
      if (retries >= maxAttempts || !RETRYABLE_ERROR_TYPES.has(info.errorType)) throw new Error('no retry');
      return token(retries);
    },
    recordSuccess: () => undefined,
  };
}

/**
 * S3 addresses buckets as host names (`bucket.host`) unless told otherwise, which cannot work for an
 * IP address or localhost (LocalStack, test emulators). The SDK already goes path-style for IP
 * addresses; localhost needs forcePathStyle.
 */
function needsPathStyle(endpoint: string | undefined): boolean {
  if (endpoint === undefined || !URL.canParse(endpoint)) return false;
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  return isIP(host) !== 0 || host === 'localhost' || host.endsWith('.localhost');
}

/** The region field of an ARN (`arn:aws:kms:eu-west-1:…`), if `value` is an ARN that has one. */
export function regionOfArn(value: string | undefined): string | undefined {
  const region = value?.startsWith('arn:') ? value.split(':')[3] : undefined;
  return region === '' ? undefined : region;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

// The AWS SDK clients, loaded on first use with dynamic import() so that file mode never pays for
// them (each client costs ~100 ms of start-up). This is the only module that loads the SDK.
import { isIP } from 'node:net';
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
  /** Closes the clients' keep-alive sockets so the process can exit. */
  destroy(): void;
}

type ClientConfig = Pick<import('@aws-sdk/client-iam').IAMClientConfig, 'region' | 'profile' | 'endpoint' | 'maxAttempts' | 'retryStrategy' | 'requestHandler'>;
type RetryStrategyV2 = Extract<NonNullable<ClientConfig['retryStrategy']>, { acquireInitialRetryToken: unknown }>;

export const DEFAULT_TIMEOUT_MS = 10_000;
const SDK_DEFAULT_MAX_ATTEMPTS = 3;
/** The error types the SDK's standard strategy retries; client errors such as AccessDenied are final. */
const RETRYABLE_ERROR_TYPES = new Set(['TRANSIENT', 'THROTTLING']);

export function createClients(request: LiveRequest, options: LiveOptions): AwsClients {
  const config = clientConfig(request, options);
  const built: Array<{ destroy(): void }> = [];
  const lazily = <Sdk, Client extends { destroy(): void }>(load: () => Promise<Sdk>, build: (sdk: Sdk) => Client) => {
    let api: Promise<Api<Sdk, Client>> | undefined;
    return () =>
      (api ??= load().then((sdk) => {
        const client = build(sdk);
        built.push(client);
        return { sdk, client };
      }));
  };
  return {
    sts: lazily(() => import('@aws-sdk/client-sts'), (sdk) => new sdk.STSClient(config)),
    iam: lazily(() => import('@aws-sdk/client-iam'), (sdk) => new sdk.IAMClient(config)),
    s3: lazily(
      () => import('@aws-sdk/client-s3'),
      // A bucket in another region than the client's answers with a redirect: follow it.
      (sdk) => new sdk.S3Client({ ...config, forcePathStyle: needsPathStyle(request.endpointUrl), followRegionRedirects: true }),
    ),
    // KMS keys are regional: a key ARN is only found through its own region.
    kms: lazily(() => import('@aws-sdk/client-kms'), (sdk) => new sdk.KMSClient(withoutUndefined({ ...config, region: regionOfArn(request.kmsKey) ?? config.region }))),
    destroy: () => built.forEach((client) => client.destroy()),
  };
}

/**
 * Only what the request sets is passed, so the SDK's own resolution (credential chain, region,
 * AWS_ENDPOINT_URL(_<SERVICE>), shared-config endpoint_url, AWS_MAX_ATTEMPTS) applies to the rest.
 */
function clientConfig(request: LiveRequest, options: LiveOptions): ClientConfig {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return withoutUndefined({
    region: request.region,
    profile: request.profile,
    endpoint: request.endpointUrl,
    maxAttempts: options.maxAttempts,
    retryStrategy: options.retryDelayMs === undefined ? undefined : fixedDelayRetryStrategy(options.maxAttempts ?? SDK_DEFAULT_MAX_ATTEMPTS, options.retryDelayMs),
    // Without throwOnRequestTimeout the SDK only prints a warning when requestTimeout passes.
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs, throwOnRequestTimeout: true },
  });
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
function needsPathStyle(endpointUrl: string | undefined): boolean {
  const endpoint = endpointUrl ?? process.env['AWS_ENDPOINT_URL_S3'] ?? process.env['AWS_ENDPOINT_URL'];
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

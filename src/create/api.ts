// The calls mp-s3-lint makes to Mixpanel's Data Pipelines API (fact sheet:
// ../shared/reference/mixpanel-pipelines-api.md): `--create` lists the project's pipelines (`jobs`) and
// creates one; `status` reads `jobs`, `status` and `timeline`. Every request has a timeout; the caller
// decides what may be retried.
import { setTimeout as sleep } from 'node:timers/promises';
import { quoted } from '../text.js';

export type DataResidency = 'us' | 'eu' | 'in';
export const DATA_RESIDENCIES: readonly DataResidency[] = ['us', 'eu', 'in'];

/** Fact sheet, "Servers": `data` (US, default), `data-eu`, `data-in`. */
const SERVERS: Record<DataResidency, string> = { us: 'data', eu: 'data-eu', in: 'data-in' };

export function mixpanelBaseUrl(residency: DataResidency): string {
  return `https://${SERVERS[residency]}.mixpanel.com/api/2.0`;
}

/** The base URL requests go to: `apiUrl` (tests, proxies) when given, else the residency's server. */
export function apiBaseUrl(residency: DataResidency, apiUrl: string | undefined): string {
  return (apiUrl ?? mixpanelBaseUrl(residency)).replace(/\/+$/, '');
}

export const JOBS_PATH = '/nessie/pipeline/jobs';
export const CREATE_PATH = '/nessie/pipeline/create';
export const STATUS_PATH = '/nessie/pipeline/status';
export const TIMELINE_PATH = '/nessie/pipeline/timeline';

export interface NetworkOptions {
  /** Per request, including reading the body. */
  timeoutMs: number;
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** Wait before the second attempt; doubled before each further one. */
  retryDelayMs: number;
}

export const DEFAULT_NETWORK: NetworkOptions = { timeoutMs: 15_000, maxAttempts: 3, retryDelayMs: 1_000 };

/** One HTTP exchange as the audit log records it: no headers, no bodies. */
export interface Exchange {
  method: 'GET' | 'POST';
  path: string;
  attempt: number;
  status?: number;
  error?: string;
  ms: number;
}

/**
 * What one request came to. `transient` (5xx, 429, timeout, connection failure) may be retried where
 * a retry cannot duplicate anything; `rejected` (other 4xx) carries Mixpanel's `{"error": …}` text.
 */
export type Answer =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'malformed'; status: number; reason: string }
  | { kind: 'rejected'; status: number; message: string }
  | { kind: 'transient'; reason: string };

/** One entry of `jobs`; a field Mixpanel left out (or sent as another type than string) is absent. */
export interface ListedPipeline {
  name: string;
  /** The project id the entry was listed under. */
  projectId: string;
  frequency?: string;
  dispatcher?: string;
  lastDispatched?: string;
  syncEnabled?: string;
}

export interface Listing {
  /** The project ids the listing is keyed by. */
  projectIds: string[];
  pipelines: ListedPipeline[];
}

export interface ClientOptions {
  baseUrl: string;
  authorization: string;
  fetch: typeof fetch;
  network: NetworkOptions;
  /** Sent with every request when known (required with a service account). */
  projectId?: string;
  /** Every exchange is appended here. */
  exchanges: Exchange[];
  log: (line: string) => void;
  /** Applied to Mixpanel's texts before they are cut to length, so that no part of a secret is left. */
  redact: (text: string) => string;
}

export function backoffMs(network: NetworkOptions, attempt: number): number {
  return network.retryDelayMs * 2 ** (attempt - 1);
}

export class MixpanelClient {
  constructor(private readonly options: ClientOptions) {}

  /** One request, no retry; `signal` (a SIGINT, say) aborts it like a timeout. */
  async send(method: 'GET' | 'POST', path: string, params: URLSearchParams, attempt: number, signal?: AbortSignal): Promise<Answer> {
    const { baseUrl, network } = this.options;
    const withProject = new URLSearchParams(params);
    if (this.options.projectId !== undefined && !withProject.has('project_id')) withProject.set('project_id', this.options.projectId);
    const query = method === 'GET' && [...withProject].length > 0 ? `?${withProject}` : '';
    const started = Date.now();
    const exchange: Exchange = { method, path, attempt, ms: 0 };
    this.options.exchanges.push(exchange);
    try {
      const response = await this.options.fetch(`${baseUrl}${path}${query}`, {
        method,
        headers: {
          authorization: this.options.authorization,
          accept: 'application/json',
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: method === 'POST' ? withProject.toString() : undefined,
        // A redirect would resend the Authorization header somewhere else.
        redirect: 'error',
        // The limit covers reading the body too: a body that trickles in is cut off.
        signal: signal === undefined ? AbortSignal.timeout(network.timeoutMs) : AbortSignal.any([AbortSignal.timeout(network.timeoutMs), signal]),
      });
      const text = await response.text();
      exchange.status = response.status;
      return classify(response.status, text, this.options.redact);
    } catch (error) {
      const reason = signal?.aborted === true ? `interrupted (${String(signal.reason)})` : isTimeout(error) ? `no answer within ${network.timeoutMs} ms` : `network error (${describeNetworkError(error)})`;
      exchange.error = reason;
      return { kind: 'transient', reason };
    } finally {
      exchange.ms = Date.now() - started;
    }
  }

  /** A read: retried on transient failures with backoff, up to maxAttempts, unless `signal` aborts. */
  async read(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<Answer> {
    const { network } = this.options;
    for (let attempt = 1; ; attempt++) {
      const answer = await this.send('GET', path, params, attempt, signal);
      if (answer.kind !== 'transient' || attempt >= network.maxAttempts || signal?.aborted === true) return answer;
      await this.pause(`GET ${path}: ${answer.reason}; retrying (attempt ${attempt + 1} of ${network.maxAttempts})`, attempt, signal);
    }
  }

  /** Logs `what` and waits the backoff after `attempt`, or until `signal` aborts. */
  async pause(what: string, attempt: number, signal?: AbortSignal): Promise<void> {
    const delay = backoffMs(this.options.network, attempt);
    this.options.log(`${what}; waiting ${delay} ms.`);
    await sleep(delay, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);
  }

  /** The project's pipelines, or why they could not be listed (with the HTTP status of a 4xx). */
  async listPipelines(signal?: AbortSignal): Promise<{ ok: true; listing: Listing } | { ok: false; message: string; status?: number }> {
    const answer = await this.read(JOBS_PATH, new URLSearchParams(), signal);
    if (answer.kind !== 'ok') return { ok: false, message: `Listing the project's pipelines failed: ${describeFailure(answer)}`, ...(answer.kind === 'rejected' ? { status: answer.status } : {}) };
    const listing = parseListing(answer.body);
    if (listing === undefined) return { ok: false, message: `Listing the project's pipelines failed: Mixpanel's answer (HTTP ${answer.status}) is not the documented object of pipeline lists keyed by project id.` };
    return { ok: true, listing };
  }
}

export function describeFailure(answer: Exclude<Answer, { kind: 'ok' }>): string {
  if (answer.kind === 'rejected') return `Mixpanel answered HTTP ${answer.status}: ${answer.message}`;
  if (answer.kind === 'malformed') return `Mixpanel's answer (HTTP ${answer.status}) ${answer.reason}`;
  return answer.reason;
}

function classify(status: number, text: string, redact: (text: string) => string): Answer {
  let body: unknown;
  let parsed = true;
  try {
    body = JSON.parse(text);
  } catch {
    parsed = false;
  }
  const error = parsed ? errorText(body) : undefined;
  const message = error === undefined ? undefined : quoted(redact(error));
  if (status >= 500 || status === 429) return { kind: 'transient', reason: `HTTP ${status}${message === undefined ? '' : `: ${message}`}` };
  if (status >= 400) return { kind: 'rejected', status, message: message ?? (quoted(redact(text)) || '(empty body)') };
  if (status < 200 || status >= 300) return { kind: 'malformed', status, reason: 'has an unexpected status' };
  if (!parsed) return { kind: 'malformed', status, reason: 'is not JSON' };
  return { kind: 'ok', status, body };
}

/** Mixpanel's error body: `{"error": "...", "status": "error"}`. */
function errorText(body: unknown): string | undefined {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  return typeof error === 'string' ? error : undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** The optional string fields of a `jobs` entry, by the name Mixpanel gives them. */
const LISTED_FIELDS = { frequency: 'frequency', dispatcher: 'Dispatcher', lastDispatched: 'last_dispatched', syncEnabled: 'sync_enabled' } as const;

/** `jobs`: an object keyed by project id, each a list of `{name, Dispatcher, last_dispatched, frequency, sync_enabled}`. */
export function parseListing(body: unknown): Listing | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const pipelines: Listing['pipelines'] = [];
  for (const [projectId, list] of Object.entries(body)) {
    if (!Array.isArray(list)) return undefined;
    for (const entry of list as unknown[]) {
      const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
      if (typeof fields['name'] !== 'string') return undefined;
      const pipeline: ListedPipeline = { name: fields['name'], projectId };
      for (const [key, field] of Object.entries(LISTED_FIELDS)) if (typeof fields[field] === 'string') pipeline[key as keyof typeof LISTED_FIELDS] = fields[field] as string;
      pipelines.push(pipeline);
    }
  }
  return { projectIds: Object.keys(body), pipelines };
}

/** `create`: `{"pipeline_names": ["..."]}`. */
export function parseCreated(body: unknown): string[] | undefined {
  const names = typeof body === 'object' && body !== null ? (body as { pipeline_names?: unknown }).pipeline_names : undefined;
  return Array.isArray(names) && names.length > 0 && names.every((name) => typeof name === 'string') ? (names as string[]) : undefined;
}

// A stand-in for Mixpanel's Data Pipelines API on 127.0.0.1 for the `--create` and `status` tests:
// `create`, `jobs`, `status` and `timeline` with the request and response shapes of the fact sheet
// (../shared/reference/mixpanel-pipelines-api.md), HTTP Basic auth in both forms (project API secret;
// service account with project_id), form-body validation, the documented limits, state that survives
// between runs, a record of every request, and injectable faults. Error texts Mixpanel does not
// document are this stand-in's own.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { text as readBody } from 'node:stream/consumers';

export type Route = 'create' | 'jobs' | 'status' | 'timeline';

export type Fault =
  /** Answer with this status (5xx, 429) and Mixpanel's error body, without acting; `meanwhile` runs first (another client's doing). */
  | { kind: 'status'; status: number; meanwhile?: () => void }
  /** Act (the pipeline is created), then answer this status (5xx) as if it had failed. */
  | { kind: 'acted-then-status'; status: number }
  /** Hold the request until `until` settles, then handle it normally. */
  | { kind: 'hold'; until: Promise<unknown> }
  /** Wait this long before handling the request normally (longer than the client's timeout: a hang). */
  | { kind: 'delay'; ms: number }
  /** Act, then answer 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** Answer `{"error": message, "status": "error"}` with this 4xx status, without acting. */
  | { kind: 'error'; status: number; message: string }
  /** Act (the pipeline is created), then hold the answer this long: a response lost past the client's timeout. */
  | { kind: 'lost'; ms: number };

/** The documented run states of `status`; a test may also give one Mixpanel does not document. */
export type RunState = 'pending' | 'running' | 'retried' | 'failed' | 'canceled' | 'timed_out';

/** One run as `status` lists it (fields as strings, as Mixpanel sends them; an absent field is left out). */
export interface StandinRun {
  state: RunState | (string & {});
  run_at?: string;
  from_date?: string;
  to_date?: string;
  last_finish?: string;
}

/** One day of `timeline`'s `day_syncs`. */
export interface StandinDay {
  date: string;
  status: string;
  sync_times: string[];
}

export interface StandinPipeline {
  name: string;
  projectId: string;
  params: Record<string, string | string[]>;
  /** `BUCKET/PREFIX` without surrounding slashes. */
  destination: string;
  fromDate?: string;
  toDate?: string;
  frequency: string;
  /** The runs `status` reports; absent: one pending run over the pipeline's dates (a pipeline just created). */
  runs?: StandinRun[];
  /** The days `timeline` reports (none when absent). */
  days?: StandinDay[];
  /** Fields of its `jobs` entry replaced (a string) or left out (undefined). */
  listed?: Partial<Record<'Dispatcher' | 'last_dispatched' | 'frequency' | 'sync_enabled', string | undefined>>;
}

export interface RecordedRequest {
  method: string;
  route: Route | 'unknown';
  /** How the request authenticated; `invalid` when it did not. */
  auth: 'project-secret' | 'service-account' | 'invalid';
  status: number;
  host: string;
  /** Query and form parameters together. */
  params: Record<string, string | string[]>;
}

export interface StandinOptions {
  projectId: string;
  apiSecret?: string;
  serviceAccount?: { username: string; secret: string };
}

export interface MixpanelStandin {
  /** Base URL for `apiUrl`: `http://127.0.0.1:PORT/api/2.0`. */
  url: string;
  /** The project's pipelines (state kept across runs). */
  pipelines: StandinPipeline[];
  requests: RecordedRequest[];
  count(route: Route, method?: string): number;
  /** Adds a pipeline as if created earlier (in Mixpanel's UI or by another tool) and returns it. */
  addPipeline(name: string, fields?: Partial<StandinPipeline>): StandinPipeline;
  /** The pipeline named `name`, which must exist. */
  pipeline(name: string): StandinPipeline;
  /** Queues `fault` for the next `times` requests to `route`. */
  fault(route: Route, fault: Fault, times?: number): void;
  /** Forgets pipelines, requests and pending faults; names count from 1 again. */
  reset(): void;
  close(): Promise<void>;
}

const ALLOWED_CREATE_PARAMS = new Set(['type', 'from_date', 'to_date', 'frequency', 'trial', 'data_source', 'events', 'where', 'data_format', 's3_bucket', 's3_region', 's3_role', 's3_prefix', 's3_encryption', 's3_kms_key_id', 'project_id']);
const REGIONS = 'us-east-1 us-east-2 us-west-1 us-west-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-southeast-1 ap-southeast-2 ap-south-1 ca-central-1 cn-north-1 cn-northwest-1 eu-central-1 eu-north-1 eu-west-1 eu-west-2 eu-west-3 sa-east-1 me-south-1'.split(' ');
const DATE = /^\d{4}-\d{2}-\d{2}$/;

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function collect(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}


export async function startMixpanelStandin(options: StandinOptions): Promise<MixpanelStandin> {
  const pipelines: StandinPipeline[] = [];
  const requests: RecordedRequest[] = [];
  const faults = new Map<Route, Fault[]>();
  let created = 0;
  const shutdown = new AbortController();
  setMaxListeners(0, shutdown.signal);

  const authenticate = (request: IncomingMessage, params: URLSearchParams): 'project-secret' | 'service-account' => {
    const match = /^Basic (.+)$/.exec(request.headers.authorization ?? '');
    if (match === null) throw new ApiError(401, 'Authentication required: HTTP Basic with the project API secret or a service account');
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    if (options.apiSecret !== undefined && user === options.apiSecret && password === '') {
      if (params.has('project_id') && params.get('project_id') !== options.projectId) throw new ApiError(403, 'The API secret does not belong to this project');
      return 'project-secret';
    }
    if (options.serviceAccount !== undefined && user === options.serviceAccount.username && password === options.serviceAccount.secret) {
      if (!params.has('project_id')) throw new ApiError(400, 'project_id is required when authenticating with a service account');
      if (params.get('project_id') !== options.projectId) throw new ApiError(403, 'The service account has no access to this project');
      return 'service-account';
    }
    throw new ApiError(401, 'Invalid credentials');
  };

  const create = (request: IncomingMessage, form: URLSearchParams): unknown => {
    if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) throw new ApiError(400, 'Request body must be application/x-www-form-urlencoded');
    for (const key of form.keys()) if (!ALLOWED_CREATE_PARAMS.has(key)) throw new ApiError(400, `Unknown parameter: ${key}`);
    const one = (key: string) => form.get(key) ?? undefined;
    if (one('type') !== 's3-raw') throw new ApiError(400, 'type must be s3-raw');
    const trial = one('trial') === 'true';
    const fromDate = one('from_date');
    const toDate = one('to_date');
    if (fromDate === undefined && !trial) throw new ApiError(400, 'from_date is required');
    for (const [key, value] of [['from_date', fromDate], ['to_date', toDate]] as const) if (value !== undefined && !DATE.test(value)) throw new ApiError(400, `${key} must be YYYY-MM-DD`);
    for (const key of ['s3_bucket', 's3_region', 's3_role']) if (one(key) === undefined) throw new ApiError(400, `${key} is required`);
    if (!REGIONS.includes(one('s3_region')!)) throw new ApiError(400, 'Invalid s3_region');
    if (!/^arn:aws:iam::\d{12}:role\/.+$/.test(one('s3_role')!)) throw new ApiError(400, 'Invalid s3_role');
    const encryption = one('s3_encryption') ?? 'none';
    if (!['none', 'aes', 'kms'].includes(encryption)) throw new ApiError(400, 'Invalid s3_encryption');
    if (encryption === 'kms' && one('s3_kms_key_id') === undefined) throw new ApiError(400, 's3_kms_key_id is required with s3_encryption=kms');
    const frequency = one('frequency');
    if (frequency !== undefined && (!['daily', 'hourly'].includes(frequency) || toDate !== undefined)) throw new ApiError(400, 'frequency must be daily or hourly and only without to_date');
    // The documented limits: 2 recurring + 1 non-recurring; no two pipelines to one destination.
    const recurring = toDate === undefined && !trial;
    const sameKind = pipelines.filter((pipeline) => (pipeline.toDate === undefined && pipeline.params['trial'] !== 'true') === recurring);
    if (sameKind.length >= (recurring ? 2 : 1)) throw new ApiError(400, `Limit reached: at most 2 recurring and 1 non-recurring pipelines per project`);
    const destination = `${one('s3_bucket')}/${(one('s3_prefix') ?? '').replace(/^\/+|\/+$/g, '')}`;
    const clash = pipelines.find((pipeline) => pipeline.destination === destination);
    if (clash !== undefined) throw new ApiError(400, `Pipeline ${clash.name} already exports to this destination`);
    created += 1;
    const name = `s3-raw-${recurring ? (frequency ?? 'daily') : 'once'}-${created}`;
    pipelines.push({ name, projectId: options.projectId, params: collect(form), destination, fromDate, toDate, frequency: frequency ?? 'daily' });
    return { pipeline_names: [name] };
  };

  const jobs = (): unknown => ({
    [options.projectId]: pipelines.map((pipeline) => {
      const entry: Record<string, string | undefined> = { name: pipeline.name, Dispatcher: 's3', last_dispatched: '', frequency: pipeline.frequency, sync_enabled: 'false', ...pipeline.listed };
      return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
    }),
  });

  const named = (params: URLSearchParams): StandinPipeline => {
    const name = params.get('name');
    if (name === null) throw new ApiError(400, 'name is required');
    const pipeline = pipelines.find((candidate) => candidate.name === name);
    if (pipeline === undefined) throw new ApiError(400, `No pipeline named ${name}`);
    return pipeline;
  };

  /** Runs grouped by state, each with the pipeline's name; `status=` keeps one state, `summary=true` counts. */
  const status = (params: URLSearchParams): unknown => {
    const pipeline = named(params);
    const day = pipeline.fromDate ?? '';
    const runs = pipeline.runs ?? [{ state: 'pending', last_finish: '0000-12-31T16:00:00-08:00', run_at: day, from_date: day, to_date: pipeline.toDate ?? day }];
    const wanted = params.get('status');
    const groups: Record<string, unknown[]> = {};
    for (const run of runs) if (wanted === null || run.state === wanted) (groups[run.state] ??= []).push({ name: pipeline.name, ...run });
    return params.get('summary') === 'true' ? Object.fromEntries(Object.entries(groups).map(([state, list]) => [state, list.length])) : groups;
  };

  const timeline = (params: URLSearchParams): unknown => ({ day_syncs: named(params).days ?? [] });

  const send = (response: ServerResponse, status: number, body: string) => {
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const routes: Partial<Record<string, [string, Route]>> = {
      '/api/2.0/nessie/pipeline/create': ['POST', 'create'],
      '/api/2.0/nessie/pipeline/jobs': ['GET', 'jobs'],
      '/api/2.0/nessie/pipeline/status': ['GET', 'status'],
      '/api/2.0/nessie/pipeline/timeline': ['GET', 'timeline'],
    };
    const [method, route] = routes[url.pathname] ?? ['', 'unknown' as const];
    const text = await readBody(request);
    const params = request.method === 'POST' ? new URLSearchParams(text) : url.searchParams;
    const record: RecordedRequest = { method: request.method ?? '', route, auth: 'invalid', status: 0, host: request.headers.host ?? '', params: collect(params) };
    requests.push(record);
    const reply = (status: number, body: unknown) => {
      record.status = status;
      send(response, status, typeof body === 'string' ? body : JSON.stringify(body));
    };
    try {
      if (route === 'unknown' || request.method !== method) throw new ApiError(404, 'Not found');
      const fault = faults.get(route)?.shift();
      if (fault?.kind === 'delay') await sleep(fault.ms, undefined, { signal: shutdown.signal });
      if (fault?.kind === 'hold') await Promise.race([fault.until, sleep(60_000, undefined, { signal: shutdown.signal })]);
      if (fault?.kind === 'status') {
        fault.meanwhile?.();
        return reply(fault.status, { error: 'Internal server error', status: 'error' });
      }
      if (fault?.kind === 'error') return reply(fault.status, { error: fault.message, status: 'error' });
      record.auth = authenticate(request, params);
      const body = { create: () => create(request, params), jobs, status: () => status(params), timeline: () => timeline(params) }[route]();
      if (fault?.kind === 'lost') await sleep(fault.ms, undefined, { signal: shutdown.signal });
      if (fault?.kind === 'malformed') return reply(200, '<html>502 Bad Gateway</html>');
      if (fault?.kind === 'acted-then-status') return reply(fault.status, { error: 'Internal server error', status: 'error' });
      reply(200, body);
    } catch (error) {
      if (error instanceof ApiError) reply(error.status, { error: error.message, status: 'error' });
      else if (!shutdown.signal.aborted) reply(500, { error: String(error), status: 'error' });
    }
  };

  const server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/2.0`,
    pipelines,
    requests,
    count: (route, method) => requests.filter((request) => request.route === route && (method === undefined || request.method === method)).length,
    addPipeline: (name, fields = {}) => {
      const pipeline: StandinPipeline = { name, projectId: options.projectId, params: {}, destination: `added/${name}`, frequency: 'daily', ...fields };
      pipelines.push(pipeline);
      return pipeline;
    },
    pipeline: (name) => {
      const pipeline = pipelines.find((candidate) => candidate.name === name);
      if (pipeline === undefined) throw new Error(`the stand-in has no pipeline ${name}`);
      return pipeline;
    },
    fault: (route, fault, times = 1) => faults.set(route, [...(faults.get(route) ?? []), ...Array.from({ length: times }, () => fault)]),
    reset: () => {
      pipelines.length = 0;
      requests.length = 0;
      faults.clear();
      created = 0;
    },
    close: async () => {
      shutdown.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

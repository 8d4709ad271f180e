// `mp-s3-lint status`: what Mixpanel's pipelines did, read-only. Lists the project's pipelines (`jobs`),
// reads each one's runs (`status`) and sync dates (`timeline`), and with `explain` runs the live check
// of each failing pipeline's destination (./explain.ts). Only GET requests: status never creates, edits,
// pauses or cancels anything. Mixpanel credentials come from `env`, which the caller passes (src/create
// does the same); the live check finds AWS credentials as live mode does.
import { DEFAULT_NETWORK, MixpanelClient, STATUS_PATH, TIMELINE_PATH, apiBaseUrl, describeFailure, type DataResidency, type ListedPipeline, type NetworkOptions } from '../create/api.js';
import { authorizationHeader, credentialsFromEnv, makeRedactor, type Env } from '../create/credentials.js';
import { explainFailures, type ExplainOptions, type Explanation } from './explain.js';
import { isFailure, latestOutcome, parseRuns, parseTimeline, type DaySync, type Latest, type Parsed, type Run } from './runs.js';

export type { Explanation } from './explain.js';

const EXIT_OK = 0;
/** The latest run of some pipeline failed or timed out. */
const EXIT_FAILED = 1;
/** Usage or credentials, or Mixpanel's or AWS's answers could not tell. */
const EXIT_COULD_NOT_TELL = 2;

export interface StatusOptions {
  env: Env;
  /** One pipeline by name; every pipeline of the project when absent. */
  pipeline?: string;
  /** Mixpanel project id (a number); required with a service account. */
  projectId?: string;
  dataResidency?: DataResidency;
  /** Replaces `https://{data,data-eu,data-in}.mixpanel.com/api/2.0` (tests). */
  apiUrl?: string;
  network?: Partial<NetworkOptions>;
  /** Explain each pipeline whose latest run failed with a live check of its destination. */
  explain?: ExplainOptions;
}

export interface StatusDeps {
  fetch?: typeof fetch;
  /** Progress lines (retries), already redacted. */
  log?: (line: string) => void;
}

/** One pipeline: its `jobs` entry, its runs and sync dates (newest first), and its latest outcome. */
export interface PipelineStatus extends ListedPipeline {
  runs: Run[];
  days: DaySync[];
  latest: Latest;
  /** Why its runs or sync dates could not be read (then `latest.verdict` is `unknown`). */
  error?: string;
}

export interface StatusResult {
  exitCode: 0 | 1 | 2;
  /** Lines for stderr: credential notes, and why the state could not be told. */
  messages: string[];
  baseUrl: string;
  /** The project ids Mixpanel's listing was keyed by. */
  projectIds: string[];
  /** The pipelines shown: the one asked for, or all of the project's. */
  pipelines: PipelineStatus[];
  /** With `explain`: one per pipeline whose latest run failed or timed out; null without `explain`. */
  explanations: Explanation[] | null;
}

/** Every string in `value` passed through `redact` (the result may carry Mixpanel's echoes of a secret). */
function redactDeep<T>(value: T, redact: (text: string) => string): T {
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? redact(item) : item))) as T;
}

export async function pipelineStatus(options: StatusOptions, deps: StatusDeps = {}): Promise<StatusResult> {
  const redact = makeRedactor(options.env);
  const baseUrl = apiBaseUrl(options.dataResidency ?? 'us', options.apiUrl);
  const result: StatusResult = { exitCode: EXIT_OK, messages: [], baseUrl, projectIds: [], pipelines: [], explanations: null };
  const finish = (exitCode: StatusResult['exitCode'], message?: string): StatusResult => redactDeep({ ...result, exitCode, messages: message === undefined ? result.messages : [...result.messages, message] }, redact);

  if (options.projectId !== undefined && !/^\d+$/.test(options.projectId)) return finish(EXIT_COULD_NOT_TELL, `The project id "${options.projectId}" is not a number.`);
  const found = credentialsFromEnv(options.env, options.projectId);
  if (!found.ok) return finish(EXIT_COULD_NOT_TELL, found.message);
  result.messages.push(...found.notes);
  const client = new MixpanelClient({
    baseUrl,
    authorization: authorizationHeader(found.credentials),
    fetch: deps.fetch ?? fetch,
    network: { ...DEFAULT_NETWORK, ...options.network },
    projectId: options.projectId,
    exchanges: [],
    log: (line) => deps.log?.(redact(line)),
    redact,
  });

  const listed = await client.listPipelines();
  if (!listed.ok) return finish(EXIT_COULD_NOT_TELL, `${listed.message}${listed.status === 401 || listed.status === 403 ? ` ${CREDENTIALS_HINT}` : ''}`);
  result.projectIds = listed.listing.projectIds;
  const all = listed.listing.pipelines;
  const chosen = options.pipeline === undefined ? all : all.filter((pipeline) => pipeline.name === options.pipeline);
  if (options.pipeline !== undefined && chosen.length === 0) {
    const names = all.map((pipeline) => pipeline.name);
    return finish(EXIT_COULD_NOT_TELL, `No pipeline named "${options.pipeline}" in project ${result.projectIds.join(', ') || '(none listed)'}: ${names.length === 0 ? 'the project has no pipelines' : `it has ${names.join(', ')}`}. Names are case-sensitive.`);
  }

  // One pipeline after another: Mixpanel publishes no rate limit for this API, and a project has a few.
  for (const pipeline of chosen) result.pipelines.push(await readPipeline(client, pipeline));
  const unread = result.pipelines.filter((pipeline) => pipeline.error !== undefined);
  for (const pipeline of unread) result.messages.push(`${pipeline.name}: ${pipeline.error}`);

  const failing = result.pipelines.filter((pipeline) => isFailure(pipeline.latest.verdict));
  let explainFailed = false;
  if (options.explain !== undefined) {
    const explained = await explainFailures(failing, options.explain);
    result.explanations = explained.explanations;
    result.messages.push(...explained.messages);
    explainFailed = explained.incomplete;
  }
  if (unread.length > 0 || explainFailed) return finish(EXIT_COULD_NOT_TELL);
  return finish(failing.length > 0 ? EXIT_FAILED : EXIT_OK);
}

const CREDENTIALS_HINT =
  'Mixpanel did not accept the credentials for this project: check MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET (a service account with the Admin or Owner role, with --project-id) or MIXPANEL_API_SECRET, and --data-residency.';

/** One GET that must answer with a documented shape, or why it did not. */
async function readShape<T>(client: MixpanelClient, path: string, name: string, parse: (body: unknown) => Parsed<T>): Promise<Parsed<T>> {
  const answer = await client.read(path, new URLSearchParams({ name }));
  const what = `GET ${path}`;
  if (answer.kind !== 'ok') return { ok: false, reason: `${what} failed: ${describeFailure(answer)}${answer.kind === 'rejected' && (answer.status === 401 || answer.status === 403) ? ` ${CREDENTIALS_HINT}` : ''}` };
  const parsed = parse(answer.body);
  return parsed.ok ? parsed : { ok: false, reason: `${what}: Mixpanel's answer (HTTP ${answer.status}) ${parsed.reason}` };
}

async function readPipeline(client: MixpanelClient, listed: ListedPipeline): Promise<PipelineStatus> {
  const unknown = (reason: string, runs: Run[] = []): PipelineStatus => ({ ...listed, runs, days: [], latest: { verdict: 'unknown' }, error: `its state cannot be told: ${reason}` });
  const runs = await readShape(client, STATUS_PATH, listed.name, parseRuns);
  if (!runs.ok) return unknown(runs.reason);
  const days = await readShape(client, TIMELINE_PATH, listed.name, parseTimeline);
  if (!days.ok) return unknown(days.reason, runs.value);
  return { ...listed, runs: runs.value, days: days.value, latest: latestOutcome(runs.value, days.value) };
}

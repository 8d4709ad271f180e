// `--create`: create the Mixpanel s3-raw pipeline only when every check passed, with an audit trail.
// A library the CLI loads lazily (dynamic import) with `--create`; it never imports the AWS SDK (the
// caller passes the STS identity) and never reads process.env (the caller passes `env`).
// Flow, retry and idempotency rules: docs/create.md.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { PipelineParams, Report } from '../types.js';
import { VERSION } from '../version.js';
import { unlessAborted } from '../abort.js';
import { CREATE_PATH, DATA_RESIDENCIES, DEFAULT_NETWORK, MixpanelClient, apiBaseUrl, describeFailure, parseCreated, type DataResidency, type Exchange, type NetworkOptions } from './api.js';
import { AuditLog, DEFAULT_AUDIT_LOG, destinationOf, isRecurring, knownPipelines, normalizePrefix, parseRecords, unsettledRecords, type AuditRecord, type CallerIdentity, type Decision, type DisplayedRequest, type DocumentDigest, type FormParameters } from './audit.js';
import { authorizationHeader, credentialsFromEnv, displayedAuth, makeRedactor, type Credentials, type Env } from './credentials.js';
import { acquireLock, type Lock } from './lock.js';

export { findSecretInArgv, type Env } from './credentials.js';
export { DATA_RESIDENCIES, mixpanelBaseUrl, type DataResidency, type NetworkOptions } from './api.js';
export { DEFAULT_AUDIT_LOG, readCreatedPipelines, type AuditRecord, type CallerIdentity, type CreatedPipeline, type Decision, type DisplayedRequest, type DocumentDigest } from './audit.js';

/** Fact sheet, "Limits": per project. */
export const MAX_RECURRING_PIPELINES = 2;
export const MAX_NON_RECURRING_PIPELINES = 1;

export interface CreateInput {
  /** The full check's report; any error (or warnings over maxWarnings) and nothing is sent. */
  report: Report;
  maxWarnings?: number;
  /** The checked setup's parameters: s3_bucket, s3_region, s3_role, s3_prefix, s3_encryption, s3_kms_key_id, from_date. */
  params: PipelineParams;
  /** Every document checked, for the audit record. */
  documents: readonly DocumentDigest[];
  /** From STS GetCallerIdentity (the CLI has the AWS SDK; this module does not). */
  caller?: CallerIdentity;
  env: Env;
  toDate?: string;
  frequency?: 'daily' | 'hourly';
  events?: readonly string[];
  where?: string;
  trial?: boolean;
  /** Mixpanel project id (a number); required with a service account. */
  projectId?: string;
  dataResidency?: DataResidency;
  /** Replaces `https://{data,data-eu,data-in}.mixpanel.com/api/2.0` (tests). */
  apiUrl?: string;
  /** `already-exists` exits 1 instead of 0. */
  failIfExists?: boolean;
  /** Everything but the POST; the outcome carries the request with the secret as `***`. */
  dryRun?: boolean;
  /** Skip the confirmation prompt. */
  yes?: boolean;
  /** Whether a person can answer `confirm` (stdin and stdout are a TTY). */
  interactive: boolean;
  /** Default `mp-s3-lint-audit.jsonl`, relative to cwd. */
  auditLog?: string;
  cwd?: string;
  network?: Partial<NetworkOptions>;
  /**
   * Settles an earlier create request to this destination whose outcome is unknown, once the user
   * checked in Mixpanel: the name of the listed pipeline that is its, or `none`.
   */
  resolveUnknown?: string;
}

export interface CreateDeps {
  fetch?: typeof fetch;
  now?: () => Date;
  /** Asked before the POST unless `yes`; resolves true to go ahead. */
  confirm?: (summary: string) => Promise<boolean>;
  /** Progress lines (retries), already redacted. */
  log?: (line: string) => void;
  /**
   * Aborted, with `SIGINT` or `SIGTERM` as its reason, when the process is asked to stop. Before the
   * create request the attempt stops at once; after it, the request's answer is awaited (within its
   * timeout) so that the outcome can be recorded, and nothing more is sent.
   */
  interrupt?: AbortSignal;
}

export interface CreateOutcome {
  decision: Decision;
  /** 130 or 143 when interrupted by SIGINT or SIGTERM. */
  exitCode: 0 | 1 | 130 | 143;
  /** Lines for the user, already redacted; the last says what happened. */
  messages: string[];
  /** Pipelines created (or, with `already-exists`, the existing one). */
  pipelines: string[];
  /** The create request with the secret as `***` (null before credentials were known). */
  request: DisplayedRequest | null;
  /**
   * The attempt's last line in the audit log (`pending` when interrupted during the create request),
   * null when it could not be written (then exitCode is 1).
   */
  audit: { file: string; record: AuditRecord } | null;
}

/** Exit codes of a process stopped by a signal, as shells report them (128 + the signal's number). */
const SIGNAL_EXIT_CODES: Readonly<Record<string, 130 | 143>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Why the check does not allow creating, or undefined when it does. The gate is the verdict, which
 * the config's rule levels cannot change; the shaped report (its errors, --max-warnings) can only
 * tighten it.
 */
export function checkGate(report: Report, maxWarnings: number | undefined, toDate?: string): string | undefined {
  const { errors, warnings, files } = report.summary;
  if (report.inputFailure) return 'some input could not be read, so the check is incomplete';
  if (files === 0) return 'no document was checked';
  if (errors > 0) return `the check found ${errors} error${errors === 1 ? '' : 's'}`;
  if (maxWarnings !== undefined && warnings > maxWarnings) return `the check found ${warnings} warnings, more than --max-warnings ${maxWarnings}`;
  if (!report.verdict.passed) return `the check did not pass, whatever the config's rule levels show: ${report.verdict.reasons.join('; ')}`;
  // A pipeline that would run past the date from which its requests are refused (MP030) would start failing then.
  const until = report.verdict.worksUntil;
  if (until !== undefined && (toDate === undefined || until <= `${toDate}T23:59:59.999Z`)) {
    return `the policies stop allowing the export on ${until} (MP030), ${toDate === undefined ? 'and the pipeline has no end date' : `before its end date ${toDate}`}`;
  }
  return undefined;
}

/** The create request's form parameters (fact sheet, "Create: type=s3-raw"). */
function formParameters(input: CreateInput): FormParameters {
  const { params } = input;
  const form: FormParameters = { type: 's3-raw' };
  const set = (key: string, value: string | readonly string[] | undefined) => {
    if (value !== undefined) form[key] = typeof value === 'string' ? value : [...value];
  };
  set('from_date', params.fromDate);
  set('to_date', input.toDate);
  set('frequency', input.frequency);
  set('trial', input.trial === true ? 'true' : undefined);
  set('events', input.events !== undefined && input.events.length > 0 ? input.events : undefined);
  set('where', input.where);
  set('s3_bucket', params.bucket);
  set('s3_region', params.region);
  set('s3_role', params.role);
  set('s3_prefix', params.prefix);
  set('s3_encryption', params.encryption);
  set('s3_kms_key_id', params.encryption === 'kms' ? params.kmsKey : undefined);
  set('project_id', input.projectId);
  return form;
}

function toSearchParams(form: FormParameters): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const item of typeof value === 'string' ? [value] : value) search.append(key, item);
  return search;
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** What the create request needs beyond what the check verified, or undefined when complete. */
function requestProblem(input: CreateInput): string | undefined {
  const { params } = input;
  const missing = (['bucket', 'region', 'role'] as const).filter((name) => params[name] === undefined);
  if (missing.length > 0) return `the pipeline parameters lack ${missing.join(', ')}`;
  if (params.fromDate === undefined && input.trial !== true) return 'from_date is required to create a pipeline (unless it is a trial): give --from-date YYYY-MM-DD';
  if (params.encryption === 'kms' && params.kmsKey === undefined) return 's3_encryption=kms needs s3_kms_key_id';
  if (input.toDate !== undefined && !isCalendarDate(input.toDate)) return `to_date "${input.toDate}" is not a date in the form YYYY-MM-DD`;
  if (input.toDate !== undefined && params.fromDate !== undefined && input.toDate < params.fromDate) return `to_date ${input.toDate} is before from_date ${params.fromDate}`;
  if (input.toDate !== undefined && input.frequency !== undefined) return 'frequency applies only to a pipeline without to_date (an indefinite export)';
  if (input.frequency !== undefined && !['daily', 'hourly'].includes(input.frequency)) return `frequency "${input.frequency}" is not daily or hourly`;
  if (input.projectId !== undefined && !/^\d+$/.test(input.projectId)) return `the project id "${input.projectId}" is not a number`;
  if (input.dataResidency !== undefined && !DATA_RESIDENCIES.includes(input.dataResidency)) return `data residency "${input.dataResidency}" is not one of ${DATA_RESIDENCIES.join(', ')}`;
  if (input.events?.some((event) => event === '')) return 'an event name in the events list is empty';
  return undefined;
}

/** The request as a person reads it: method and URL, curl's `-u` with `***`, one decoded parameter a line. */
export function formatRequest(request: DisplayedRequest): string {
  const parameters = [...new URLSearchParams(request.body)].map(([key, value]) => `  ${key}=${value}`);
  return [`POST ${request.url}`, `  -u ${request.auth}`, ...parameters].join('\n');
}

export async function createPipeline(input: CreateInput, deps: CreateDeps = {}): Promise<CreateOutcome> {
  const redact = makeRedactor(input.env);
  const now = deps.now ?? (() => new Date());
  const network: NetworkOptions = { ...DEFAULT_NETWORK, ...input.network };
  const residency = input.dataResidency ?? 'us';
  const baseUrl = apiBaseUrl(residency, input.apiUrl);
  const auditFile = path.resolve(input.cwd ?? process.cwd(), input.auditLog ?? DEFAULT_AUDIT_LOG);
  const messages: string[] = [];
  const exchanges: Exchange[] = [];
  const form = formParameters(input);
  const destination = destinationOf(form);
  const requestId = randomUUID();
  const interrupt = deps.interrupt;
  // A function, not a test TypeScript would narrow: the signal may come at any await.
  const interrupted = () => interrupt?.aborted === true;
  let credentials: Credentials | undefined;
  let projectId = input.projectId ?? null;
  let request: DisplayedRequest | null = null;
  let response: AuditRecord['response'] = null;
  let listed: string[] | null = null;
  let lock: Lock | undefined;

  let audit: AuditLog;
  try {
    audit = await AuditLog.open(auditFile);
  } catch (error) {
    const reason = `the audit log ${auditFile} cannot be opened for appending (${(error as NodeJS.ErrnoException).code ?? String(error)}); nothing was sent to Mixpanel`;
    return { decision: 'refused', exitCode: 1, messages: [redact(`Not creating the pipeline: ${reason}.`)], pipelines: [], request: null, audit: null };
  }

  const record = (decision: Decision, reason: string, pipelines: string[]): AuditRecord => ({
    time: now().toISOString(),
    tool: { name: 'mp-s3-lint', version: VERSION },
    requestId,
    caller: input.caller ?? null,
    decision,
    reason,
    mixpanel: { baseUrl, dataResidency: residency, projectId, auth: credentials?.kind ?? null, username: credentials?.kind === 'service-account' ? credentials.username : null },
    parameters: form,
    documents: [...input.documents],
    findings: { ...input.report.summary, maxWarnings: input.maxWarnings ?? null, inputFailure: input.report.inputFailure },
    request,
    response,
    exchanges,
    listed,
    pipelines,
  });
  const signalCode = () => SIGNAL_EXIT_CODES[String(interrupt?.reason)] ?? 130;
  const ended = async (outcome: Omit<CreateOutcome, 'messages'>): Promise<CreateOutcome> => {
    await lock?.release();
    await audit.close();
    return { ...outcome, messages: messages.map(redact) };
  };
  const finish = async (decision: Decision, reason: string, pipelines: string[] = []): Promise<CreateOutcome> => {
    messages.push(reason);
    const decided = decision === 'created' || decision === 'dry-run' || (decision === 'already-exists' && input.failIfExists !== true) ? 0 : 1;
    const exitCode = interrupted() ? signalCode() : decided;
    try {
      const line = await audit.append(record(decision, reason, pipelines), redact);
      return ended({ decision, exitCode, pipelines, request, audit: { file: auditFile, record: JSON.parse(line) as AuditRecord } });
    } catch (error) {
      messages.push(`The audit record could not be written to ${auditFile} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
      if (decision === 'created') messages.push(`Mixpanel created ${pipelines.join(', ')}, but the log does not say so: its pending record of request ${requestId} stays, and the next run, once the log can be written, reports it as unknown; then run with --resolve-unknown ${pipelines[0]} to record it.`);
      return ended({ decision, exitCode: exitCode === 0 ? 1 : exitCode, pipelines, request, audit: null });
    }
  };
  const refuse = (reason: string) => finish('refused', `Not creating the pipeline: ${reason}. ${exchanges.length === 0 ? 'Nothing was sent to Mixpanel' : 'Nothing was created'}.`);
  const stopped = () => refuse(`interrupted by ${String(interrupt?.reason)} before the create request was sent`);

  if (interrupted()) return stopped();
  const gate = checkGate(input.report, input.maxWarnings, input.toDate);
  if (gate !== undefined) return refuse(`${gate}; fix ${gate.includes('warnings,') ? 'them' : 'every error'} and run again (no option or rule level skips the check)`);
  const problem = requestProblem(input);
  if (problem !== undefined) return refuse(problem);
  const found = credentialsFromEnv(input.env, input.projectId);
  if (!found.ok) return refuse(found.message);
  credentials = found.credentials;
  messages.push(...found.notes);
  const body = toSearchParams(form);
  request = { method: 'POST', url: `${baseUrl}${CREATE_PATH}`, auth: displayedAuth(credentials), body: body.toString() };
  if (interrupted()) return stopped();

  // From here to the attempt's last record, no other run on this audit log lists, settles or creates.
  const locked = await acquireLock(`${auditFile}.lock`, now());
  if (!locked.ok) return refuse(locked.message);
  lock = locked.lock;
  if (locked.tookOver !== undefined) messages.push(`Took over the lock ${locked.lock.file}, left by process ${locked.tookOver.pid}, which no longer runs on this machine.`);

  const client = new MixpanelClient({
    baseUrl,
    authorization: authorizationHeader(credentials),
    fetch: deps.fetch ?? fetch,
    network,
    projectId: input.projectId,
    exchanges,
    log: (line) => deps.log?.(redact(line)),
    redact,
  });
  const listedFirst = await client.listPipelines(interrupt);
  if (interrupted()) return stopped();
  if (!listedFirst.ok) return finish('failed', `${listedFirst.message} Nothing was created.`);
  const { listing } = listedFirst;
  if (projectId === null && listing.projectIds.length === 1) projectId = listing.projectIds[0]!;
  listed = listing.pipelines.map((pipeline) => pipeline.name);

  // Earlier requests whose outcome is not known are settled before anything else.
  const settled = await settleEarlier({ audit, redact, now, listed, baseUrl, projectId, destination, resolveUnknown: input.resolveUnknown, exchanges });
  messages.push(...settled.notes);
  if (settled.blocking !== undefined) return refuse(settled.blocking);

  // The listing gives names only; what each writes to is known for the pipelines this tool created.
  const names = new Set(listed);
  const known = knownPipelines(await audit.text()).filter((pipeline) => names.has(pipeline.name) && (pipeline.projectId === null || projectId === null || pipeline.projectId === projectId));
  const sameDestination = known.find((pipeline) => pipeline.bucket === form['s3_bucket'] && pipeline.prefix === normalizePrefix(input.params.prefix));
  if (sameDestination !== undefined) {
    const where = `s3://${sameDestination.bucket}/${sameDestination.prefix}`;
    return finish('already-exists', `Pipeline ${sameDestination.name} already exports to ${where} (created by this tool, recorded in ${auditFile}, and still listed by Mixpanel); not creating another.`, [sameDestination.name]);
  }
  const limit = limitProblem(listed, known, isRecurring(form));
  if (limit !== undefined) return refuse(limit);

  if (input.dryRun === true) {
    messages.push(`Dry run: this request would be sent:\n${formatRequest(request)}`);
    return finish('dry-run', 'Dry run: every check passed and nothing was sent to Mixpanel.');
  }
  if (input.yes !== true) {
    if (!input.interactive || deps.confirm === undefined) return refuse('confirmation is needed and there is no terminal to ask on; pass --yes to create without asking');
    // The notes (e.g. that the project secret is deprecated) belong before the question, not after the answer.
    const confirmed = await unlessAborted(deps.confirm(redact([...found.notes, `Create this Mixpanel pipeline?\n${formatRequest(request)}`].join('\n'))), interrupt, false);
    if (interrupted()) return stopped();
    if (!confirmed) return refuse('not confirmed');
  }
  if (interrupted()) return stopped();

  // Write ahead: if this process dies during the request, the next run finds this line and settles it.
  let pending: string;
  try {
    pending = await audit.append(record('pending', `Sending create request ${requestId}; its outcome follows on a line with the same requestId.`, []), redact);
  } catch (error) {
    return finish('failed', `The pending record could not be written to ${auditFile} (${(error as NodeJS.ErrnoException).code ?? String(error)}), so the create request was not sent. Nothing was created.`);
  }
  const leftPending = (what: string) => {
    messages.push(`Interrupted by ${String(interrupt?.reason)}: ${what}, so whether Mixpanel created the pipeline is unknown. The pending record of request ${requestId} stays in ${auditFile}; the next run lists the pipelines and settles it before anything else.`);
    return ended({ decision: 'pending', exitCode: signalCode(), pipelines: [], request, audit: { file: auditFile, record: JSON.parse(pending) as AuditRecord } });
  };

  for (let attempt = 1; ; attempt++) {
    // Not aborted by a signal: the answer, awaited within the timeout, is what tells the outcome.
    const answer = await client.send('POST', CREATE_PATH, body, attempt);
    let what: string;
    if (answer.kind === 'ok') {
      response = { status: answer.status, body: answer.body };
      const created = parseCreated(answer.body);
      if (created !== undefined) return finish('created', `Created Mixpanel pipeline${created.length === 1 ? '' : 's'} ${created.join(', ')}.`, created);
      what = `Mixpanel's answer to the create request (HTTP ${answer.status}) has no pipeline_names`;
    } else if (answer.kind === 'rejected') {
      response = { status: answer.status, body: { error: answer.message } };
      return finish('failed', `Mixpanel refused to create the pipeline (HTTP ${answer.status}): ${answer.message}`);
    } else {
      what = `The create request failed: ${describeFailure(answer)}`;
      response = { error: what };
    }
    if (interrupted()) return leftPending(what);
    // Mixpanel may have created the pipeline without our learning of it: look before sending again,
    // after a pause that lets a create still running on Mixpanel's side finish.
    if (answer.kind === 'transient') await client.pause(`${what}; listing the pipelines again before deciding whether to resend`, attempt, interrupt);
    if (interrupted()) return leftPending(what);
    const relisted = await client.listPipelines(interrupt);
    if (interrupted()) return leftPending(what);
    if (!relisted.ok) return finish('unknown', `${what}, and listing the pipelines again failed (${relisted.message}), so whether Mixpanel created the pipeline is unknown; it was not sent again. ${unknownHint(destination, [])}`);
    const knownNames = new Set(known.map((pipeline) => pipeline.name));
    const appeared = relisted.listing.pipelines.map((pipeline) => pipeline.name).filter((name) => !names.has(name) && !knownNames.has(name));
    if (appeared.length > 0) {
      return finish('unknown', `${what}; since the first listing ${appeared.join(', ')} appeared in the project, and Mixpanel's listing does not say where a pipeline exports, so whether one of them is this request's is unknown; it was not sent again. ${unknownHint(destination, appeared)}`, appeared);
    }
    if (answer.kind !== 'transient' || attempt >= network.maxAttempts) return finish('failed', `${what}; no new pipeline is listed. Nothing was created${attempt > 1 ? ` after ${attempt} attempts` : ''}.`);
  }
}

/** What to do after `unknown`: look in Mixpanel, then tell the next run. */
function unknownHint(destination: string, candidates: readonly string[]): string {
  const look = candidates.length === 0 ? "List the project's pipelines in Mixpanel (Data Pipelines) and" : `In Mixpanel (Data Pipelines),`;
  return `${look} check which bucket and prefix ${candidates.length === 0 ? 'any new pipeline exports' : candidates.length === 1 ? `${candidates[0]} exports` : `each of ${candidates.join(', ')} exports`} to. If one exports to s3://${destination}, it is this request's: run again with --resolve-unknown NAME to record it (nothing is sent). If none does, run again with --resolve-unknown none to create the pipeline.`;
}

interface SettleContext {
  audit: AuditLog;
  redact: (text: string) => string;
  now: () => Date;
  /** The names in this run's listing. */
  listed: readonly string[];
  baseUrl: string;
  projectId: string | null;
  destination: string;
  resolveUnknown: string | undefined;
  exchanges: readonly Exchange[];
}

/**
 * Settles the earlier create requests of this Mixpanel project whose last line is `pending` or
 * `unknown`, appending one line for each that this listing settles. A request created nothing when no
 * pipeline appeared since its listing (other than ones this tool recorded); otherwise which one is its
 * cannot be told from the listing, and only the user can say (`--resolve-unknown`). An unsettled
 * request to this run's destination blocks it.
 */
async function settleEarlier(context: SettleContext): Promise<{ notes: string[]; blocking?: string }> {
  const text = await context.audit.text();
  const records = parseRecords(text);
  const knownNames = new Set(knownPipelines(text).map((pipeline) => pipeline.name));
  const notes: string[] = [];
  let blocking: string | undefined;
  let resolvedHere = false;
  for (const earlier of unsettledRecords(records)) {
    const ours = destinationOf(earlier.parameters) === context.destination;
    if (earlier.mixpanel.baseUrl !== context.baseUrl || (earlier.mixpanel.projectId !== null && context.projectId !== null && earlier.mixpanel.projectId !== context.projectId)) {
      const note = `Create request ${earlier.requestId} (${earlier.time}) to project ${earlier.mixpanel.projectId ?? '(unknown)'} at ${earlier.mixpanel.baseUrl} is not settled; a run with that project's credentials settles it.`;
      if (ours) blocking ??= note.replace(/\.$/, '');
      else notes.push(note);
      continue;
    }
    const before = new Set(earlier.listed ?? []);
    const candidates = context.listed.filter((name) => !before.has(name) && !knownNames.has(name));
    const append = (decision: Decision, reason: string, pipelines: string[]) =>
      context.audit.append({ ...earlier, time: context.now().toISOString(), decision, reason, exchanges: [...context.exchanges], response: null, pipelines }, context.redact);
    if (candidates.length === 0) {
      await append('failed', `Settled create request ${earlier.requestId} of ${earlier.time}: it created no pipeline, as none has appeared in the project's listing since it was sent.`, []);
      notes.push(`Earlier create request ${earlier.requestId} (${earlier.time}) to s3://${destinationOf(earlier.parameters)} created nothing; recorded so.`);
      continue;
    }
    const named = context.resolveUnknown;
    if (ours && named !== undefined) {
      if (named === 'none') {
        await append('failed', `Settled create request ${earlier.requestId} of ${earlier.time}: --resolve-unknown none says that none of ${candidates.join(', ')} exports to s3://${context.destination}, so it created nothing.`, []);
        resolvedHere = true;
        continue;
      }
      if (candidates.includes(named)) {
        await append('created', `Recorded ${named} as the pipeline create request ${earlier.requestId} of ${earlier.time} created: --resolve-unknown ${named} says it exports to s3://${context.destination}. Nothing was sent.`, [named]);
        knownNames.add(named);
        resolvedHere = true;
        continue;
      }
      blocking ??= `--resolve-unknown ${named} is not one of the pipelines that may be create request ${earlier.requestId}'s: ${candidates.join(', ')}`;
      continue;
    }
    if (earlier.decision === 'pending') {
      await append('unknown', `Settling create request ${earlier.requestId} of ${earlier.time}, which has no recorded outcome: since it was sent ${candidates.join(', ')} appeared in the project, and the listing does not say where a pipeline exports. ${unknownHint(destinationOf(earlier.parameters), candidates)}`, candidates);
    }
    const what = `an earlier create request to s3://${destinationOf(earlier.parameters)} (${earlier.requestId}, ${earlier.time}) has an unknown outcome: ${candidates.join(', ')} appeared since it was sent and may be its pipeline. ${unknownHint(destinationOf(earlier.parameters), candidates)}`;
    if (ours) blocking ??= what;
    else notes.push(`Note: ${what}`);
  }
  if (context.resolveUnknown !== undefined && !resolvedHere) blocking ??= `--resolve-unknown ${context.resolveUnknown} was given, but no create request to s3://${context.destination} has an unknown outcome in this audit log`;
  return blocking === undefined ? { notes } : { notes, blocking };
}

/**
 * Mixpanel allows 2 recurring and 1 non-recurring events pipelines per project. The listing does not
 * say which kind an entry is, so: known kinds (pipelines this tool created) are counted per kind, and
 * three listed pipelines of any kind are taken as the limit.
 */
function limitProblem(listed: readonly string[], known: readonly { name: string; recurring: boolean }[], recurring: boolean): string | undefined {
  const sameKind = known.filter((pipeline) => pipeline.recurring === recurring).map((pipeline) => pipeline.name);
  const max = recurring ? MAX_RECURRING_PIPELINES : MAX_NON_RECURRING_PIPELINES;
  const rule = `Mixpanel allows at most ${MAX_RECURRING_PIPELINES} recurring and ${MAX_NON_RECURRING_PIPELINES} non-recurring events pipelines per project`;
  const advice = 'cancel one (POST /nessie/pipeline/cancel, or in Mixpanel\'s UI) before creating another';
  if (sameKind.length >= max) return `${rule}, and the project already has ${sameKind.length} ${recurring ? 'recurring' : 'non-recurring'}: ${sameKind.join(', ')}; ${advice}`;
  if (listed.length >= MAX_RECURRING_PIPELINES + MAX_NON_RECURRING_PIPELINES) return `${rule}, and the project already has ${listed.length} pipelines: ${listed.join(', ')}; ${advice}`;
  return undefined;
}

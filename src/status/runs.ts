// Mixpanel's answers to `status` and `timeline` read as runs and synced days, and what they say about
// a pipeline's latest outcome (fact sheet, "Response shapes of the read endpoints"). Fields stay the
// strings Mixpanel sent; a field it left out stays absent and is shown as "not reported", never filled in.

/** The run states `status` documents. */
const RUN_STATES = ['pending', 'running', 'retried', 'failed', 'canceled', 'timed_out'] as const;

/** States that end a run without an export. */
const FAILED_STATES = new Set(['failed', 'timed_out']);

export interface Run {
  /** The key `status` grouped the run under. */
  state: string;
  /** False for a state Mixpanel does not document (shown, never counted as success or failure). */
  documented: boolean;
  runAt?: string;
  fromDate?: string;
  toDate?: string;
  /** Year 0000 means the run never finished. */
  lastFinish?: string;
}

export interface DaySync {
  date?: string;
  /** `synced` is the only value the API documents. */
  status?: string;
  syncTimes: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The string fields of `entry` by our name, or the name of the first field that is there but not a string. */
function stringFields<K extends string>(entry: Record<string, unknown>, fields: Record<K, string>): Partial<Record<K, string>> | string {
  const out: Partial<Record<K, string>> = {};
  for (const [key, field] of Object.entries(fields) as Array<[K, string]>) {
    const value = entry[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return field;
    out[key] = value;
  }
  return out;
}

const RUN_FIELDS = { runAt: 'run_at', fromDate: 'from_date', toDate: 'to_date', lastFinish: 'last_finish' } as const;

/** `status`: `{ "<state>": [ {name, state, last_finish, run_at, from_date, to_date} ] }`; newest run first. */
export function parseRuns(body: unknown): Parsed<Run[]> {
  if (!isObject(body)) return { ok: false, reason: 'is not the documented object of runs grouped by state' };
  const runs: Run[] = [];
  for (const [state, list] of Object.entries(body)) {
    if (!Array.isArray(list)) return { ok: false, reason: `has "${state}" that is not a list of runs` };
    for (const entry of list as unknown[]) {
      if (!isObject(entry)) return { ok: false, reason: `has a "${state}" run that is not an object` };
      const fields = stringFields(entry, RUN_FIELDS);
      if (typeof fields === 'string') return { ok: false, reason: `has a "${state}" run whose ${fields} is not a string` };
      runs.push({ state, documented: (RUN_STATES as readonly string[]).includes(state), ...fields });
    }
  }
  return { ok: true, value: runs.sort((a, b) => newestFirst(instant(a.runAt), instant(b.runAt))) };
}

/** `timeline`: `{ "day_syncs": [ {date, status, sync_times: [...]} ] }`; newest day first. */
export function parseTimeline(body: unknown): Parsed<DaySync[]> {
  const list = isObject(body) ? body['day_syncs'] : undefined;
  if (!Array.isArray(list)) return { ok: false, reason: 'has no day_syncs list' };
  const days: DaySync[] = [];
  for (const entry of list as unknown[]) {
    if (!isObject(entry)) return { ok: false, reason: 'has a day_syncs entry that is not an object' };
    const fields = stringFields(entry, { date: 'date', status: 'status' });
    if (typeof fields === 'string') return { ok: false, reason: `has a day_syncs entry whose ${fields} is not a string` };
    const times = entry['sync_times'] ?? [];
    if (!Array.isArray(times) || !times.every((time) => typeof time === 'string')) return { ok: false, reason: 'has a day_syncs entry whose sync_times is not a list of strings' };
    days.push({ ...fields, syncTimes: times as string[] });
  }
  return { ok: true, value: days.sort((a, b) => newestFirst(instant(a.date), instant(b.date))) };
}

/** Unknown times sort last. */
function newestFirst(a: number | undefined, b: number | undefined): number {
  return (b ?? -Infinity) - (a ?? -Infinity) || 0;
}

/** `last_finish` of a run that never finished (fact sheet: year 0000). */
export function neverFinished(time: string | undefined): boolean {
  return time !== undefined && /^0000-/.test(time);
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
/** Go's time.String(), as `timeline` writes sync times: `2019-08-19 14:27:46.044605 -0700 PDT`. */
const GO_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? ([+-]\d{2})(\d{2})(?: [A-Za-z0-9+-]+)?$/;

/** Milliseconds since the epoch of a time Mixpanel sent, or undefined (unreadable, or year 0000). */
export function instant(time: string | undefined): number | undefined {
  if (time === undefined || neverFinished(time)) return undefined;
  const go = GO_TIME.exec(time);
  const iso = go === null ? time : `${go[1]}T${go[2]}${(go[3] ?? '').slice(0, 4)}${go[4]}:${go[5]}`;
  if (!ISO.test(iso)) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * What a pipeline's latest finished outcome was. `unknown`: its runs or sync dates could not be read.
 * Runs still `pending`, `running` or `retried` have no outcome yet and do not change it.
 */
export type Verdict = 'synced' | 'failed' | 'timed_out' | 'canceled' | 'no-runs' | 'unknown';

export interface Latest {
  verdict: Verdict;
  /** The run the verdict rests on (failed, timed_out, canceled). */
  run?: Run;
  /** The synced day it rests on. */
  day?: DaySync;
  /** The time it was ordered by, as Mixpanel wrote it. */
  at?: string;
  /** Why the ordering is an assumption (a time that could not be read). */
  note?: string;
}

interface Candidate extends Latest {
  /** Order; ties go to the candidate listed first (a failure before a sync). */
  ms: number;
}

/**
 * The latest outcome among the finished runs (`failed`, `timed_out`, `canceled`: at `last_finish`, or
 * `run_at` when it never finished) and the synced days of the timeline (at their last sync time). The
 * API lists no successful runs, so a success shows only as a sync. Times that cannot be read are
 * ordered so that a failure is never hidden: a failed run's as the newest, a sync's as the oldest, and a
 * synced day without sync times at the start of its date.
 */
export function latestOutcome(runs: readonly Run[], days: readonly DaySync[]): Latest {
  const candidates: Candidate[] = [];
  for (const run of runs) {
    if (!FAILED_STATES.has(run.state) && run.state !== 'canceled') continue;
    const at = instant(run.lastFinish) !== undefined ? run.lastFinish : run.runAt;
    const ms = instant(at);
    const failed = FAILED_STATES.has(run.state);
    candidates.push({
      verdict: run.state as 'failed' | 'timed_out' | 'canceled',
      run,
      ...(at === undefined ? {} : { at }),
      ms: ms ?? (failed ? Infinity : -Infinity),
      ...(ms === undefined && failed ? { note: `its time (${at ?? 'not reported'}) cannot be read, so it is taken as the latest` } : {}),
    });
  }
  for (const day of days) {
    if (day.status !== 'synced') continue;
    const last = lastSync(day);
    const at = last?.time ?? day.date;
    candidates.push({ verdict: 'synced', day, ...(at === undefined ? {} : { at }), ms: last?.ms ?? instant(day.date) ?? -Infinity });
  }
  const latest = candidates.reduce<Candidate | undefined>((best, candidate) => (best === undefined || candidate.ms > best.ms ? candidate : best), undefined);
  if (latest === undefined) return { verdict: 'no-runs' };
  const { ms: _ms, ...outcome } = latest;
  return outcome;
}

/** A day's latest sync time that can be read (their order is not documented). */
export function lastSync(day: DaySync): { time: string; ms: number } | undefined {
  const times = day.syncTimes.map((time) => ({ time, ms: instant(time) })).filter((t): t is { time: string; ms: number } => t.ms !== undefined);
  return times.sort((a, b) => b.ms - a.ms)[0];
}

export function isFailure(verdict: Verdict): boolean {
  return FAILED_STATES.has(verdict);
}

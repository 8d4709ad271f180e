// Pipelines with a history, for the `status` tests: one whose failure a later sync superseded, one whose
// latest run failed, one that timed out, and one just created (a pending run only). Times are written
// as Mixpanel writes them: ISO 8601 with an offset in `status`, Go's time format in `timeline`.
import type { MixpanelStandin, StandinDay, StandinRun } from './mixpanel-standin.js';

export const day = (date: string, ...syncTimes: string[]): StandinDay => ({ date, status: 'synced', sync_times: syncTimes });
export const run = (state: StandinRun['state'], runAt: string, lastFinish = '0000-12-31T16:00:00-08:00'): StandinRun => ({ state, run_at: runAt, from_date: runAt.slice(0, 10), to_date: runAt.slice(0, 10), last_finish: lastFinish });

const HISTORY = {
  /** Failed on the 1st, synced since: the latest outcome is a sync. */
  recovered: {
    runs: [run('failed', '2026-11-01T01:00:00-08:00', '2026-11-01T01:20:00-08:00'), run('pending', '2026-11-04T01:00:00-08:00')],
    days: [day('2026-11-02', '2026-11-03 01:10:00.123456 -0800 PST'), day('2026-10-31', '2026-11-01 00:40:00 -0700 PDT')],
  },
  /** Synced until the 1st, then failed on the 3rd. */
  failed: {
    runs: [run('failed', '2026-11-03T01:00:00-08:00', '2026-11-03T01:20:00-08:00'), run('retried', '2026-11-03T02:00:00-08:00'), run('pending', '2026-11-04T01:00:00-08:00')],
    days: [day('2026-11-01', '2026-11-02 01:05:00 -0800 PST')],
  },
  timedOut: {
    runs: [run('timed_out', '2026-11-03T01:00:00-08:00', '2026-11-03T07:00:00-08:00'), run('canceled', '2026-11-02T01:00:00-08:00', '2026-11-02T01:01:00-08:00')],
    days: [day('2026-11-01', '2026-11-02 01:05:00 -0800 PST')],
  },
} as const;

/** The four pipelines above (plus `fresh`, created and not run yet) in the stand-in; returns their names. */
export function seedHistory(standin: MixpanelStandin): { recovered: string; failed: string; timedOut: string; fresh: string } {
  standin.addPipeline('events-recovered', { runs: [...HISTORY.recovered.runs], days: [...HISTORY.recovered.days], listed: { last_dispatched: '2026-11-03 01:00:00 US/Pacific', sync_enabled: 'true' } });
  standin.addPipeline('events-failed', { runs: [...HISTORY.failed.runs], days: [...HISTORY.failed.days] });
  standin.addPipeline('events-timed-out', { runs: [...HISTORY.timedOut.runs], days: [...HISTORY.timedOut.days], frequency: 'hourly' });
  standin.addPipeline('events-fresh', { fromDate: '2026-11-05', listed: { last_dispatched: undefined, sync_enabled: undefined } });
  return { recovered: 'events-recovered', failed: 'events-failed', timedOut: 'events-timed-out', fresh: 'events-fresh' };
}

// Reading Mixpanel's `status` and `timeline` answers and deciding a pipeline's latest outcome: times in
// both of Mixpanel's formats, year 0000, unreadable times ordered so that a failure is never hidden.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instant, latestOutcome, parseRuns, parseTimeline, type DaySync, type Run } from '../src/status/runs.js';

const failed = (runAt: string, lastFinish?: string): Run => ({ state: 'failed', documented: true, runAt, ...(lastFinish === undefined ? {} : { lastFinish }) });
const synced = (date: string, ...syncTimes: string[]): DaySync => ({ date, status: 'synced', syncTimes });

test('times: ISO 8601 with an offset, a bare date, Go\'s format with a zone name; year 0000 and anything else are unknown', () => {
  assert.is(instant('2016-07-26T00:00:00-07:00'), Date.UTC(2016, 6, 26, 7));
  assert.is(instant('2019-08-19'), Date.UTC(2019, 7, 19));
  assert.is(instant('2019-08-19 14:27:46.044605 -0700 PDT'), Date.UTC(2019, 7, 19, 21, 27, 46, 44));
  assert.is(instant('2019-08-19 14:27:46 +0530'), Date.UTC(2019, 7, 19, 8, 57, 46));
  assert.is(instant('0000-12-31T16:00:00-08:00'), undefined, 'last_finish of a run that never finished');
  for (const bad of ['', 'yesterday', '2019-13-45', '2019-08-19T14:27', '19/08/2019']) assert.is(instant(bad), undefined, bad);
});

test('the latest finished outcome decides: a sync after a failure, a failure after a sync', () => {
  const failure = failed('2026-11-03T01:00:00-08:00', '2026-11-03T01:20:00-08:00');
  assert.is(latestOutcome([failure], [synced('2026-11-03', '2026-11-04 01:00:00 -0800 PST')]).verdict, 'synced');
  const latest = latestOutcome([failure], [synced('2026-11-02', '2026-11-03 00:59:00 -0800 PST')]);
  assert.is(latest.verdict, 'failed');
  assert.is(latest.at, '2026-11-03T01:20:00-08:00');
  assert.is(latest.run, failure);
  // The same instant in two offsets: the failure wins the tie.
  assert.is(latestOutcome([failed('2026-11-03T01:00:00-08:00', '2026-11-03T01:20:00-08:00')], [synced('2026-11-03', '2026-11-03 10:20:00 +0100 CET')]).verdict, 'failed');
});

test('a run that never finished is ordered by run_at; pending, running and retried runs decide nothing', () => {
  const never = failed('2026-11-03T01:00:00-08:00', '0000-12-31T16:00:00-08:00');
  assert.is(latestOutcome([never], [synced('2026-11-02', '2026-11-03 00:30:00 -0800 PST')]).at, '2026-11-03T01:00:00-08:00');
  const inProgress: Run[] = ['pending', 'running', 'retried'].map((state) => ({ state, documented: true, runAt: '2026-11-09T01:00:00-08:00' }));
  assert.is(latestOutcome(inProgress, []).verdict, 'no-runs');
  assert.is(latestOutcome([...inProgress, never], []).verdict, 'failed');
});

test('timed_out fails, canceled does not; an undocumented state and a day not "synced" decide nothing', () => {
  assert.is(latestOutcome([{ state: 'timed_out', documented: true, runAt: '2026-11-03T01:00:00-08:00' }], []).verdict, 'timed_out');
  assert.is(latestOutcome([{ state: 'canceled', documented: true, runAt: '2026-11-03T01:00:00-08:00' }, failed('2026-11-02T01:00:00-08:00')], []).verdict, 'canceled');
  assert.is(latestOutcome([{ state: 'succeeded', documented: false, runAt: '2026-11-04T01:00:00-08:00' }, failed('2026-11-02T01:00:00-08:00')], []).verdict, 'failed');
  assert.is(latestOutcome([failed('2026-11-02T01:00:00-08:00')], [{ date: '2026-11-05', status: 'partial', syncTimes: ['2026-11-06 01:00:00 -0800 PST'] }]).verdict, 'failed');
});

test('unreadable times never hide a failure', () => {
  const unreadable = latestOutcome([failed('not a time')], [synced('2026-11-05', '2026-11-06 01:00:00 -0800 PST')]);
  assert.is(unreadable.verdict, 'failed', 'a failure whose time cannot be read is taken as the latest');
  assert.match(unreadable.note ?? '', /cannot be read, so it is taken as the latest/);
  assert.is(latestOutcome([failed('2026-11-02T01:00:00-08:00')], [synced('2026-11-05', 'garbage'), { status: 'synced', syncTimes: [] }]).verdict, 'synced', 'a day without readable sync times counts at the start of its date');
  assert.is(latestOutcome([failed('2026-11-05T01:00:00-08:00')], [synced('2026-11-05')]).verdict, 'failed', 'a run on the same date is later than the start of the date');
  assert.is(latestOutcome([failed('2026-11-05T01:00:00-08:00')], [{ status: 'synced', syncTimes: ['garbage'] }]).verdict, 'failed');
});

test('parseRuns and parseTimeline: documented shapes in, malformed shapes named', () => {
  const runs = parseRuns({ failed: [{ name: 'p', state: 'failed', run_at: '2026-11-01', last_finish: null }], canceled: [] });
  assert.equal(runs, { ok: true, value: [{ state: 'failed', documented: true, runAt: '2026-11-01' }] });
  for (const [body, reason] of [
    [[], /not the documented object/],
    [{ failed: {} }, /"failed" that is not a list/],
    [{ failed: ['x'] }, /"failed" run that is not an object/],
    [{ failed: [{ to_date: 5 }] }, /to_date is not a string/],
  ] as const) {
    const parsed = parseRuns(body);
    assert.ok(!parsed.ok && reason.test(parsed.reason), JSON.stringify(body));
  }
  assert.equal(parseTimeline({ day_syncs: [{ date: '2026-11-01', status: 'synced', sync_times: ['a'] }, { date: '2026-11-02' }] }), {
    ok: true,
    value: [{ date: '2026-11-02', syncTimes: [] }, { date: '2026-11-01', status: 'synced', syncTimes: ['a'] }],
  });
  for (const body of [{}, { day_syncs: {} }, { day_syncs: [1] }, { day_syncs: [{ sync_times: 'x' }] }, { day_syncs: [{ sync_times: [1] }] }, { day_syncs: [{ status: true }] }]) {
    assert.not.ok(parseTimeline(body).ok, JSON.stringify(body));
  }
});

test.run();

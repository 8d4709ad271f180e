// Time: aws:CurrentTime and aws:EpochTime are the time of the request ("AWS global condition context
// keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html),
// so a Date condition on them gives one answer today and another later. The answer can change only
// at an instant a policy names, so asking at each of them (and one second after, for the inclusive
// operators) finds every change: between two such instants the answer stays the same.
import type { Policy } from '../policy/model.js';
import { parseDate } from '../policy/operators.js';
import type { Setup } from './setup.js';
import { perObject } from './memo.js';
import { exportQuestions, type ExportQuestion } from './export.js';
import { policyOf } from './questions.js';

/** Keys whose value moves with the time of the request (a session's issue time is taken to be the time of its first call). */
const TIME_KEYS = new Set(['aws:currenttime', 'aws:epochtime', 'aws:tokenissuetime']);

/** Instants (ms since the epoch) after `now` that a Date or Numeric condition on a time key names. */
export function timeInstants(policies: readonly Policy[], now: number): number[] {
  const instants = new Set<number>();
  for (const policy of policies) {
    for (const statement of policy.statements) {
      for (const [operator, entries] of Object.entries(statement.condition ?? {})) {
        const base = operator.replace(/^(?:ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
        if (!base.startsWith('Date') && !base.startsWith('Numeric')) continue;
        for (const [key, values] of Object.entries(entries)) {
          const lower = key.toLowerCase();
          if (!TIME_KEYS.has(lower) || (base.startsWith('Numeric') && lower !== 'aws:epochtime')) continue;
          for (const value of values) {
            const at = parseDate(value);
            if (at === undefined || !Number.isFinite(at)) continue;
            // A change happens at the instant (DateLessThan) or just after it (DateLessThanEquals).
            for (const instant of [at, at + 1000]) if (instant > now) instants.add(instant);
          }
        }
      }
    }
  }
  return [...instants].sort((a, b) => a - b);
}

/** The same setup asked at another time: its requests carry that time, its answers are its own. */
export function atTime(setup: Setup, now: number): Setup {
  return { ...setup, facts: { ...setup.facts, now } };
}

/** An export request whose answer changes after the check: from `at` it is `later` instead of allowed. */
export interface Change {
  question: ExportQuestion;
  at: number;
  later: ExportQuestion;
}

const changes = perObject<Setup, Change[]>();

/** For each export request allowed now, the first later instant at which it is not, if any. */
export function laterChanges(setup: Setup): Change[] {
  return changes(setup, 'changes', () => {
    const now = exportQuestions(setup);
    if (!now.some((question) => question.answer.outcome === 'allow')) return [];
    const documents = [...setup.trust, ...setup.identity, ...setup.boundary, ...setup.bucket, ...setup.key];
    const found: Change[] = [];
    const pending = new Set(now.filter((question) => question.answer.outcome === 'allow').map((question) => question.action));
    for (const at of timeInstants(documents.map(policyOf), setup.facts.now)) {
      if (pending.size === 0) break;
      for (const later of exportQuestions(atTime(setup, at))) {
        if (!pending.has(later.action) || later.answer.outcome === 'allow') continue;
        pending.delete(later.action);
        found.push({ question: now.find((question) => question.action === later.action)!, at, later });
      }
    }
    return found;
  });
}

// aws:CurrentTime / aws:EpochTime are the time of each request ("AWS global condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-currenttime);
// Date condition operators compare them ("IAM JSON policy elements: Condition operators",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date).
import type { Rule } from '../src/engine/rule.js';
import type { StatementMatch } from '../src/policy/model.js';
import { laterChanges } from '../src/setup/time.js';
import { TRUST_STATEMENT, json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP030',
    name: 'access-changes-over-time',
    title: 'The export works today but stops at a date a policy names',
    description:
      'A statement with a Date condition on `aws:CurrentTime` or `aws:EpochTime` (an Allow window that ends, a Deny that starts later) lets Mixpanel\'s requests through at the time of the check but not from a later date. Mixpanel exports every day (or hour) for as long as the pipeline exists, so the export will start failing that day. mp-s3-lint asks every request again at each date the policies name and reports the first one from which it is refused, with the statement that decides it.',
    help: 'Remove the date from the condition, or move it past the pipeline\'s end (`to_date`). If the window is meant to end, create the pipeline with a `to_date` before it.',
    defaultLevel: 'warning',
    tags: ['mixpanel', 'access', 'time'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The trust policy lets Mixpanel in only until the end of June 2027: from that day every export fails.',
        files: { 'trust-policy.json': json(policy([{ ...TRUST_STATEMENT, Condition: { ...(TRUST_STATEMENT['Condition'] as object), DateLessThan: { 'aws:CurrentTime': '2027-06-30T00:00:00Z' } } }])) },
      },
      right: { explanation: 'No date in the condition: the role can be assumed for as long as the pipeline runs.', files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    // One finding per deciding statement and date, listing the requests it stops.
    const groups = new Map<string, { match: StatementMatch; at: number; denied: boolean; requests: Map<string, string[]> }>();
    for (const { question, at, later } of laterChanges(setup)) {
      const denied = later.answer.outcome === 'explicit-deny';
      // A Deny that starts decides; otherwise the Allow whose window ended is the statement to change.
      const deciding = denied ? later.answer.deciding : question.answer.deciding;
      for (const match of deciding) {
        if (match.policy.document === undefined) continue;
        const id = `${match.policy.document.file}\u0000${match.statement.path.join('/')}\u0000${at}`;
        const group = groups.get(id) ?? { match, at, denied, requests: new Map<string, string[]>() };
        const target = `by ${question.caller} on ${question.resource}`;
        group.requests.set(target, [...(group.requests.get(target) ?? []), question.action]);
        groups.set(id, group);
      }
    }
    for (const { match, at, denied, requests } of groups.values()) {
      const when = new Date(at).toISOString().replace('.000Z', 'Z');
      report({
        document: match.policy.document!,
        path: [...match.statement.path, 'Condition'],
        message: `From ${when}, ${[...requests].map(([target, actions]) => `${actions.join(', ')} ${target}`).join(' and ')} ${denied ? 'is denied by this statement' : 'is no longer allowed: this statement stops applying'}, so the export stops working that day (it is allowed now).`,
        fix: 'Remove the date from the condition or move it past the end of the pipeline; or create the pipeline with a to_date before it.',
      });
    }
  },
};
export default rule;

// Suppressions are debts with a reason: one that expired or no longer matches anything is said so,
// so that accepted findings are looked at again and stale entries are cleaned up.
import type { Rule, SuppressionStatus } from '../src/engine/rule.js';
import { EXAMPLE_PARAMS, configOf, json } from './examples.js';

function describe(status: SuppressionStatus): string {
  const { suppression } = status;
  return `The suppression of ${suppression.rule} for ${status.file}${suppression.path === undefined ? '' : ` at ${suppression.path}`}`;
}

const rule: Rule = {
  meta: {
    id: 'MP040',
    name: 'suppression-stale',
    title: 'Suppression expired or matching nothing',
    description:
      'A suppression in mp-s3-lint.config.json accepts a finding with a reason, until the date in `expires` (UTC). Once that day has passed it no longer applies: the findings it covered count again, and this rule says why they came back. A suppression whose file was checked but that matched no finding is stale (the problem was fixed, or the rule, file or path changed) and only hides a future finding by accident; one that names a file that does not exist is a typo.',
    help: 'For an expired suppression: fix the finding, or renew the suppression with a new `expires` date and a reason that still holds. For one that matches nothing: delete the entry from `suppressions` (or correct its `file`, `path` or `rule`).',
    defaultLevel: 'warning',
    tags: ['configuration', 'suppressions'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The trust policy requires the external id now, but the suppression accepting its absence (MP102) is still in the config.',
        files: {
          'mp-s3-lint.config.json': json(
            configOf(EXAMPLE_PARAMS, { suppressions: [{ rule: 'MP102', file: 'trust-policy.json', reason: 'Mixpanel project token not known yet; tracked in SEC-142', expires: '2099-12-31' }] }),
          ),
        },
      },
      right: { explanation: 'The suppression is deleted once the finding it accepted is fixed.', files: { 'mp-s3-lint.config.json': json(configOf(EXAMPLE_PARAMS)) } },
    },
  },
  scope: 'run',
  check({ suppressions, report }) {
    for (const status of suppressions) {
      const { suppression } = status;
      const at = { file: status.source, range: suppression.range, path: ['suppressions', suppression.index] };
      if (status.expired) {
        const comeBack = status.matchedIfRenewed === 0 ? 'It would match no finding now either' : `${status.matchedIfRenewed} finding${status.matchedIfRenewed === 1 ? '' : 's'} it covered count${status.matchedIfRenewed === 1 ? 's' : ''} again`;
        report({ ...at, message: `${describe(status)} expired on ${suppression.expires} (reason given: "${suppression.reason}"). ${comeBack}.`, fix: 'Fix the finding, or renew the suppression with a new "expires" date and a reason that still holds.' });
      } else if (!status.exists) {
        report({ ...at, message: `${describe(status)} names a file that does not exist (paths are relative to the config that declares the suppression).`, fix: 'Correct "file" or delete the entry.' });
      } else if (status.checked && status.matched === 0) {
        report({ ...at, message: `${describe(status)} matches no finding: the problem was fixed, or the rule, file or path changed.`, fix: 'Delete the entry from "suppressions".' });
      }
    }
  },
};
export default rule;

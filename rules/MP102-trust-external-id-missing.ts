// The confused-deputy problem and sts:ExternalId:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
import type { Rule } from '../src/engine/rule.js';
import { isFreshValue } from '../src/policy/questions.js';
import { byStatement, otherExternalIds } from '../src/setup/trust-probes.js';
import { TRUST_STATEMENT, json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP102',
    name: 'trust-external-id-missing',
    title: 'Role can be assumed without the right external ID',
    description:
      'Mixpanel passes your project token as `sts:ExternalId`. If the trust policy also lets Mixpanel\'s user in without an external id, or with another value, any other Mixpanel customer could point their pipeline at your role and read or overwrite your export (the confused-deputy problem). A `StringEquals` condition on `sts:ExternalId` with your token closes it. Set the rule to "error" in the config to make it mandatory.',
    help: 'Add to the statement that trusts Mixpanel:\n\n```json\n"Condition": { "StringEquals": { "sts:ExternalId": "YOUR_PROJECT_TOKEN" } }\n```',
    defaultLevel: 'warning',
    tags: ['mixpanel', 'trust', 'security'],
    securitySeverity: 7.5,
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'Mixpanel\'s user may assume the role with any external id, or none.',
        files: { 'trust-policy.json': json(policy([{ ...TRUST_STATEMENT, Condition: undefined }])) },
      },
      right: { explanation: 'The statement requires your project token as `sts:ExternalId`.', files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    const trust = setup.trust[0];
    if (trust === undefined || setup.params.role === undefined) return;
    const token = setup.params.token ?? 'YOUR_PROJECT_TOKEN';
    for (const [match, grants] of byStatement(otherExternalIds(setup))) {
      const ways = grants.map(({ externalId }) =>
        externalId === undefined ? 'without any external ID' : isFreshValue(externalId) ? 'with an arbitrary external ID' : `with ExternalId=${JSON.stringify(externalId)}`,
      );
      report({
        document: trust,
        path: match.statement.path,
        message: `Mixpanel's user can assume the role ${[...new Set(ways)].join(', ')}: this statement does not require sts:ExternalId to equal your project token, so another Mixpanel project could export into your bucket (confused deputy).`,
        fix: `"Condition": { "StringEquals": { "sts:ExternalId": ${JSON.stringify(token)} } }`,
      });
    }
  },
};
export default rule;

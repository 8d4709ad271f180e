// "arn:aws:iam::ACCOUNT:root" (or the bare account id) trusts every principal of that account:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
import type { Rule } from '../src/engine/rule.js';
import { assumeAs, grantingPaths, MIXPANEL_ACCOUNT_OTHER, trustStranger } from '../src/setup/trust-probes.js';
import { MIXPANEL_USER_ARN } from '../src/setup/mixpanel.js';
import { TRUST_STATEMENT, json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP105',
    name: 'trust-account-root',
    title: 'Trust granted to all of Mixpanel\'s account',
    description:
      'The first step of Mixpanel\'s guide trusts account 485438090326 as a whole; the second narrows it to the `mixpanel-export` user. If the narrowing was skipped, every principal in Mixpanel\'s account that its administrators allow can assume your role. The export still works, but narrower trust is possible.',
    help: 'Use `"Principal": { "AWS": "arn:aws:iam::485438090326:user/mixpanel-export" }` instead of the account id or `arn:aws:iam::485438090326:root`.',
    defaultLevel: 'warning',
    tags: ['mixpanel', 'trust', 'security', 'least-privilege'],
    securitySeverity: 4.0,
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The whole of Mixpanel\'s account is trusted (step one of the guide, without step two).',
        files: { 'trust-policy.json': json(policy([{ ...TRUST_STATEMENT, Principal: { AWS: 'arn:aws:iam::485438090326:root' } }])) },
      },
      right: { explanation: 'Only its `mixpanel-export` user is.', files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    const trust = setup.trust[0];
    if (trust === undefined || setup.params.role === undefined) return;
    const grant = assumeAs(setup, MIXPANEL_ACCOUNT_OTHER, setup.params.token);
    // Statements that let in other accounts too are MP103's and MP104's.
    const beyondMixpanel = grantingPaths(setup, trustStranger(setup), setup.params.token);
    for (const statement of grant?.statements ?? []) {
      if (beyondMixpanel.has(statement.statement.path.join('/'))) continue;
      report({
        document: trust,
        path: [...statement.statement.path, 'Principal'],
        message: `Every principal in Mixpanel's account 485438090326 can assume the role, not only its export user; narrow the principal to ${MIXPANEL_USER_ARN}.`,
        fix: `"Principal": { "AWS": "${MIXPANEL_USER_ARN}" }`,
      });
    }
  },
};
export default rule;

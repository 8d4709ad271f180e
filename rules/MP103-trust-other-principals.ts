// Principal element and cross-account trust:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
import type { Rule } from '../src/engine/rule.js';
import { principalStandsFor } from '../src/policy/questions.js';
import { byStatement, grantingPaths, otherPrincipals, trustStranger } from '../src/setup/trust-probes.js';
import type { Request } from '../src/policy/model.js';
import { TRUST_STATEMENT, json, policy } from './examples.js';

function describe(principal: Request['principal']): string {
  const standsFor = principalStandsFor(principal);
  if (standsFor === 'anyone') return 'any principal in any AWS account that passes your project token';
  return standsFor === 'account' ? `any principal in account ${principal.account}` : principal.arn;
}

const rule: Rule = {
  meta: {
    id: 'MP103',
    name: 'trust-other-principals',
    title: 'Principals other than Mixpanel can assume the export role',
    description:
      'The export role can write and delete objects in your bucket. Its trust policy should let in only Mixpanel\'s export user. This rule asks the evaluator whether any principal the policy names, or a principal in an account it never names, can assume the role when it passes your project token as external id — the token is not a secret (it is in your web pages), so it protects nothing on its own. A policy open to everyone without any condition is reported by MP104 instead.',
    help: 'Remove the other principals from the trust policy, or move them to a role of their own. Keep only `"Principal": { "AWS": "arn:aws:iam::485438090326:user/mixpanel-export" }`.',
    defaultLevel: 'warning',
    tags: ['mixpanel', 'trust', 'security'],
    securitySeverity: 6.5,
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'A deployment role of your own account is trusted in the same statement.',
        files: {
          'trust-policy.json': json(policy([{ ...TRUST_STATEMENT, Principal: { AWS: ['arn:aws:iam::485438090326:user/mixpanel-export', 'arn:aws:iam::111122223333:role/ci-deploy'] } }])),
        },
      },
      right: { explanation: 'Only Mixpanel\'s export user is trusted.', files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    const trust = setup.trust[0];
    if (trust === undefined || setup.params.role === undefined) return;
    const publicStatements = grantingPaths(setup, trustStranger(setup), undefined); // MP104's
    for (const [match, grants] of byStatement(otherPrincipals(setup))) {
      if (publicStatements.has(match.statement.path.join('/'))) continue;
      const who = grants.map(({ principal }) => describe(principal));
      report({ document: trust, path: match.statement.path, message: `${[...new Set(who)].join(', ')} can assume the export role, not only Mixpanel's export user.` });
    }
  },
};
export default rule;

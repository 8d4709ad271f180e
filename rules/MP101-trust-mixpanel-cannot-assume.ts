// Cross-account role assumption needs the role's trust policy to allow the caller:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// External ID: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
import type { Rule } from '../src/engine/rule.js';
import { evaluateTrust, closestAllow } from '../src/setup/questions.js';
import { MIXPANEL_USER_ARN } from '../src/setup/mixpanel.js';
import { asFix, trustStatement } from '../src/setup/statements.js';
import { TRUST_STATEMENT, json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP101',
    name: 'trust-mixpanel-cannot-assume',
    title: 'Mixpanel cannot assume the export role',
    description:
      'Mixpanel exports as the IAM user `arn:aws:iam::485438090326:user/mixpanel-export`, which calls `sts:AssumeRole` on the role with your project token as `sts:ExternalId`, over TLS. The trust policy must allow exactly that request. Common causes: the wrong principal (the account id alone, a typo in the user name), the wrong action, an external id other than the token, or a Deny. Mixpanel\'s own account must also allow the call; that side cannot be seen and is taken to allow it.',
    help: 'Make the trust policy contain this statement (with your token):\n\n```json\n{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::485438090326:user/mixpanel-export" }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { "sts:ExternalId": "YOUR_PROJECT_TOKEN" } } }\n```',
    defaultLevel: 'error',
    tags: ['mixpanel', 'trust', 'access'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The user name is misspelt (`mixpanel-exports`), so Mixpanel\'s real user is not trusted.',
        files: { 'trust-policy.json': json(policy([{ ...TRUST_STATEMENT, Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-exports' } }])) },
      },
      right: { explanation: 'Mixpanel\'s export user may assume the role with your project token as external id.', files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    const trust = setup.trust[0];
    if (trust === undefined || setup.params.role === undefined || setup.params.token === undefined) return;
    const result = evaluateTrust(setup);
    if (result.outcome === 'allow' || result.outcome === 'undecided') return; // undecided: MP106
    const request = `AssumeRole by ${MIXPANEL_USER_ARN} with ExternalId=${setup.params.token}`;
    if (result.outcome === 'explicit-deny') {
      for (const deny of result.deciding) {
        report({ document: trust, path: deny.statement.path, message: `${request} → explicit deny by this statement. ${result.explanation}`, fix: 'Remove this Deny or narrow it so that it does not match Mixpanel\'s request.' });
      }
      return;
    }
    const closest = closestAllow(result);
    report({
      document: trust,
      path: closest?.failedPath ?? closest?.statement.path ?? [],
      message: `${request} → implicit deny: ${closest?.reason ?? 'no statement allows it'}.`,
      fix: asFix(trustStatement(setup.params)),
    });
  },
};
export default rule;

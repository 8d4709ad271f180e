// "*" as principal in a role trust policy:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
import type { Rule } from '../src/engine/rule.js';
import { assumeAs, trustStranger } from '../src/setup/trust-probes.js';
import { TRUST_STATEMENT, json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP104',
    name: 'trust-public',
    title: 'Anyone can assume the export role',
    description:
      'A principal in an AWS account that the trust policy never names can assume the role without any external id — typically `"Principal": {"AWS": "*"}` with no condition. Anyone with an AWS account can then read, overwrite and delete your exported data.',
    help: 'Replace the principal with Mixpanel\'s export user and require your token as external id:\n\n```json\n{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::485438090326:user/mixpanel-export" }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { "sts:ExternalId": "YOUR_PROJECT_TOKEN" } } }\n```',
    defaultLevel: 'error',
    tags: ['mixpanel', 'trust', 'security'],
    securitySeverity: 9.8,
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'Every AWS account may assume the role, with no condition.', files: { 'trust-policy.json': json(policy([{ ...TRUST_STATEMENT, Principal: { AWS: '*' }, Condition: undefined }])) } },
      right: { explanation: 'Only Mixpanel\'s export user, with your project token as external id.', files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    const trust = setup.trust[0];
    if (trust === undefined || setup.params.role === undefined) return;
    const grant = assumeAs(setup, trustStranger(setup), undefined);
    for (const statement of grant?.statements ?? []) {
      report({ document: trust, path: statement.statement.path, message: 'Any principal in any AWS account can assume the export role, with no external ID: this statement trusts everyone without a condition.' });
    }
  },
};
export default rule;

// An explicit Deny in any applicable policy overrides every Allow:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
import type { Rule } from '../src/engine/rule.js';
import { S3_ACTIONS, s3Request } from '../src/setup/mixpanel.js';
import { exportTargetKnown, denyingIn, evaluateS3IdentitySide } from '../src/setup/questions.js';

const rule: Rule = {
  meta: {
    id: 'MP202',
    name: 's3-action-denied-by-role',
    title: 'A Deny in the role\'s own policies blocks the export',
    description:
      'A Deny statement in one of the role\'s permission policies (or its permissions boundary) matches one of the export\'s S3 requests. An explicit Deny beats every Allow, so the export fails however much is granted elsewhere. Typical causes: a Deny on `aws:SourceIp` or `aws:SourceVpce` copied from another policy (Mixpanel calls from its own addresses, never from your network), or a Deny on `s3:DeleteObject` (Mixpanel deletes and rewrites objects).',
    help: 'Remove the Deny from the export role\'s policies, or add a condition that excludes Mixpanel\'s requests.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'permissions', 'access'],
    precision: 'very-high',
  },
  scope: 'setup',
  check({ setup, report }) {
    if (setup.identity.length === 0 || !exportTargetKnown(setup.params)) return;
    const roleDocuments = [...setup.identity, ...setup.boundary];
    for (const action of S3_ACTIONS) {
      const result = evaluateS3IdentitySide(setup, action);
      for (const deny of denyingIn(result, roleDocuments)) {
        report({
          document: deny.policy.document!,
          path: deny.statement.path,
          message: `${action} on ${s3Request(setup.params, action).resource} by the export role → explicit deny by this statement. ${result.explanation}`.trim(),
          fix: 'Remove this Deny statement or add a condition that excludes the export role.',
        });
      }
    }
  },
};
export default rule;

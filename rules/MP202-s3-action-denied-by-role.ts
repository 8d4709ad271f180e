// An explicit Deny in any applicable policy overrides every Allow:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
import type { Rule } from '../src/engine/rule.js';
import type { StatementMatch } from '../src/policy/model.js';
import { S3_ACTIONS, s3Request } from '../src/setup/mixpanel.js';
import { exportTargetKnown, denyingIn, evaluateS3IdentitySide } from '../src/setup/questions.js';
import { LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

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
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'A Deny on deletes, meant to protect the data, also stops Mixpanel from replacing its files.',
        files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT, { Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }])) },
      },
      right: { explanation: 'No Deny matches the export\'s requests.', files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    if (setup.identity.length === 0 || !exportTargetKnown(setup.params)) return;
    const roleDocuments = [...setup.identity, ...setup.boundary];
    // One finding per denying statement, listing every request it denies.
    const denials = new Map<string, { match: StatementMatch; requests: string[]; explanation: string }>();
    for (const action of S3_ACTIONS) {
      const result = evaluateS3IdentitySide(setup, action);
      for (const deny of denyingIn(result, roleDocuments)) {
        const id = `${deny.policy.name}\u0000${deny.statement.path.join('/')}`;
        const entry = denials.get(id) ?? { match: deny, requests: [], explanation: result.explanation };
        entry.requests.push(`${action} on ${s3Request(setup, action).resource}`);
        denials.set(id, entry);
      }
    }
    for (const { match, requests, explanation } of denials.values()) {
      report({
        document: match.policy.document!,
        path: match.statement.path,
        message: `${requests.join(', ')} by the export role → explicit deny by this statement. ${explanation}`.trim(),
        fix: 'Remove this Deny statement or add a condition that excludes the export role.',
      });
    }
  },
};
export default rule;

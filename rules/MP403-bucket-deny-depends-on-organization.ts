// aws:PrincipalOrgID / aws:PrincipalOrgPaths carry the AWS Organization of the calling principal's
// account: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
// A "deny unless our organization" bucket policy blocks the export role only if the role's account is
// outside that organization, which the documents alone do not say.
import type { Rule } from '../src/engine/rule.js';
import type { Statement } from '../src/policy/model.js';
import { S3_ACTIONS, accountOfArn } from '../src/setup/mixpanel.js';
import { exportTargetKnown, denyDependsOnOrganization, denyingIn, evaluateS3 } from '../src/setup/questions.js';

const rule: Rule = {
  meta: {
    id: 'MP403',
    name: 'bucket-deny-depends-on-organization',
    title: 'Bucket policy Deny depends on the role\'s AWS Organization',
    description:
      'A bucket-policy Deny that conditions on `aws:PrincipalOrgID` or `aws:PrincipalOrgPaths` (the common "deny everyone outside our organization" data perimeter) blocks the export role only when the role\'s account is outside that organization. The policies do not say which organization the account belongs to, so the finding cannot be certain either way: set `organizationId` in mp-s3-lint.config.json and the check becomes exact (MP401 then reports the Deny if it really blocks the export, and nothing otherwise).',
    help: 'Add `"organizationId": "o-…"` (the id from `aws organizations describe-organization`, run in the role\'s account) to mp-s3-lint.config.json.',
    defaultLevel: 'warning',
    tags: ['mixpanel', 'bucket', 'access'],
    precision: 'medium',
  },
  scope: 'setup',
  check({ setup, report }) {
    const bucket = setup.bucket[0];
    if (bucket === undefined || !exportTargetKnown(setup.params)) return;
    const uncertain = new Map<Statement, { actions: string[]; keys: Set<string> }>();
    for (const action of S3_ACTIONS) {
      for (const deny of denyingIn(evaluateS3(setup, action), setup.bucket)) {
        const keys = denyDependsOnOrganization(setup, action, deny.statement);
        if (keys.length === 0) continue;
        const entry = uncertain.get(deny.statement) ?? { actions: [], keys: new Set<string>() };
        entry.actions.push(action);
        for (const key of keys) entry.keys.add(key);
        uncertain.set(deny.statement, entry);
      }
    }
    for (const [statement, { actions, keys }] of uncertain) {
      report({
        document: bucket,
        path: statement.path,
        message: `This Deny blocks ${actions.join(', ')} by the export role unless account ${accountOfArn(setup.params.role) ?? 'of the role'} is in the organization it names (${[...keys].join(', ')}); mp-s3-lint does not know the account's organization. Set "organizationId" in mp-s3-lint.config.json to check it exactly.`,
        fix: '"organizationId": "o-…" in mp-s3-lint.config.json',
      });
    }
  },
};
export default rule;

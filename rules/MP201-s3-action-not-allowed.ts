// Identity-based policies grant the role session its S3 access; with a permissions boundary the
// action must be allowed by both: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// Within the account a bucket policy naming the role grants it too, so the finding is only for a
// request nothing allows ("Policy evaluation for requests within a single account",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html).
// S3 actions and resources: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
import type { Rule } from '../src/engine/rule.js';
import type { JsonPath, PolicyDocument } from '../src/types.js';
import { S3_ACTIONS, s3Request } from '../src/setup/mixpanel.js';
import { exportTargetKnown, closestAllow, evaluateS3, evaluateS3IdentitySide } from '../src/setup/questions.js';
import { asFix, s3StatementsFor } from '../src/setup/statements.js';
import { LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP201',
    name: 's3-action-not-allowed',
    title: 'Export role lacks an S3 permission',
    description:
      'After assuming the role, Mixpanel writes (`s3:PutObject`), reads back (`s3:GetObject`) and deletes (`s3:DeleteObject`) objects under the prefix, and lists the bucket (`s3:ListBucket` on the bucket ARN itself, not `/*`). Each must be allowed by the role\'s permission policies (and by its permissions boundary, if it has one), or, in the role\'s own account, by a bucket policy that names the role. One finding per statement to fix, listing the actions it misses, with the statement to add.',
    help: 'Add the statement from the finding, or use the permission policy written by `mp-s3-lint init`. Note that `s3:ListBucket` applies to `arn:aws:s3:::BUCKET` and the object actions to `arn:aws:s3:::BUCKET/*`.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'permissions', 'access'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: '`s3:ListBucket` is granted on the objects (`BUCKET/*`), where it never applies.',
        files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, { ...LIST_STATEMENT, Resource: 'arn:aws:s3:::my-export-bucket/*' }])) },
      },
      right: { explanation: '`s3:ListBucket` on the bucket, the object actions on its objects.', files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    if (setup.identity.length === 0 || !exportTargetKnown(setup.params)) return;
    const missing = new Map<string, { document: PolicyDocument; path: JsonPath; actions: string[]; resources: Set<string>; reasons: Set<string>; explanation: string }>();
    for (const action of S3_ACTIONS) {
      // Only a request nothing allows: explicit denies are MP202's and MP401's, undecided ones MP203's and MP403's.
      if (evaluateS3(setup, action).outcome !== 'implicit-deny') continue;
      const result = evaluateS3IdentitySide(setup, action);
      if (result.outcome !== 'implicit-deny') continue; // the role's side allows: the bucket policy is what is missing (MP401)
      const closest = closestAllow(result);
      const document = closest?.policy.document ?? setup.identity[0]!;
      const path = closest?.failedPath ?? closest?.statement.path ?? [];
      const id = `${document.file}\u0000${path.join('/')}`;
      const entry = missing.get(id) ?? { document, path, actions: [], resources: new Set<string>(), reasons: new Set<string>(), explanation: evaluateS3(setup, action).explanation };
      entry.actions.push(action);
      entry.resources.add(s3Request(setup, action).resource);
      entry.reasons.add(closest?.reason ?? 'no statement in the permission policies allows it');
      missing.set(id, entry);
    }
    for (const { document, path, actions, resources, reasons, explanation } of missing.values()) {
      const fixes = s3StatementsFor(setup.params, actions);
      report({
        document,
        path,
        message: `${actions.join(', ')} on ${[...resources].join(' and ')} by the export role → implicit deny: ${[...reasons].join('; ')}. ${explanation}`.trim(),
        fix: fixes.length === 1 ? asFix(fixes[0]) : asFix(fixes),
      });
    }
  },
};
export default rule;

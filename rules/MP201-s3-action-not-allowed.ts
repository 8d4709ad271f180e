// Identity-based policies grant the role session its S3 access; with a permissions boundary the
// action must be allowed by both: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// S3 actions and resources: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
import type { Rule } from '../src/engine/rule.js';
import { S3_ACTIONS, s3Request } from '../src/setup/mixpanel.js';
import { exportTargetKnown, closestAllow, evaluateS3IdentitySide } from '../src/setup/questions.js';
import { asFix, s3StatementFor } from '../src/setup/statements.js';

const rule: Rule = {
  meta: {
    id: 'MP201',
    name: 's3-action-not-allowed',
    title: 'Export role lacks an S3 permission',
    description:
      'After assuming the role, Mixpanel writes (`s3:PutObject`), reads back (`s3:GetObject`) and deletes (`s3:DeleteObject`) objects under the prefix, and lists the bucket (`s3:ListBucket` on the bucket ARN itself, not `/*`). Each must be allowed by the role\'s permission policies (and by its permissions boundary, if it has one). One finding per missing action, with the statement to add.',
    help: 'Add the statement from the finding, or use the permission policy written by `mp-s3-lint init`. Note that `s3:ListBucket` applies to `arn:aws:s3:::BUCKET` and the object actions to `arn:aws:s3:::BUCKET/*`.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'permissions', 'access'],
    precision: 'very-high',
  },
  scope: 'setup',
  check({ setup, report }) {
    if (setup.identity.length === 0 || !exportTargetKnown(setup.params)) return;
    for (const action of S3_ACTIONS) {
      const result = evaluateS3IdentitySide(setup, action);
      if (result.outcome !== 'implicit-deny') continue; // explicit denies: MP202
      const closest = closestAllow(result);
      const document = closest?.policy.document ?? setup.identity[0]!;
      report({
        document,
        path: closest?.failedPath ?? closest?.statement.path ?? [],
        message: `${action} on ${s3Request(setup.params, action).resource} by the export role → implicit deny: ${closest?.reason ?? 'no statement in the permission policies allows it'}. ${result.explanation}`.trim(),
        fix: asFix(s3StatementFor(setup.params, action)),
      });
    }
  },
};
export default rule;

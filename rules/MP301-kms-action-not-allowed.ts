// Key policies and IAM policies together: https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html
// The key policy must allow the principal, or allow the account (root) so that IAM policies count:
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
import type { Rule } from '../src/engine/rule.js';
import { KMS_ACTIONS } from '../src/setup/mixpanel.js';
import { closestAllow, evaluateKms } from '../src/setup/questions.js';
import { asFix, keyPolicyStatement, kmsIdentityStatement } from '../src/setup/statements.js';

const rule: Rule = {
  meta: {
    id: 'MP301',
    name: 'kms-action-not-allowed',
    title: 'Export role cannot use the KMS key',
    description:
      'With `s3_encryption=kms` the role session needs seven KMS actions on the key (`kms:Decrypt`, `kms:Encrypt`, `kms:GenerateDataKey`, `kms:ReEncryptTo`, `kms:GenerateDataKeyWithoutPlaintext`, `kms:DescribeKey`, `kms:ReEncryptFrom`). KMS grants an action only when the key policy allows it: either by naming the role, or by allowing the account root (the default key policy does) so that the role\'s IAM policy can grant it. A key policy that names neither, or an IAM policy without the actions, breaks every encrypted upload.',
    help: 'Either name the role in the key policy, or keep the default "Enable IAM User Permissions" statement and grant the seven actions on the key ARN in the role\'s permission policy.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'kms', 'access'],
    precision: 'very-high',
  },
  scope: 'setup',
  check({ setup, report }) {
    const key = setup.key[0];
    if (setup.params.encryption !== 'kms' || key === undefined || setup.params.kmsKey === undefined || setup.params.role === undefined) return;
    for (const action of KMS_ACTIONS) {
      const result = evaluateKms(setup, action);
      if (result.decision === 'allow') continue;
      if (result.decision === 'explicit-deny') {
        for (const deny of result.deciding) {
          report({ document: deny.policy.document ?? key, path: deny.statement.path, message: `${action} on ${setup.params.kmsKey} by the export role → explicit deny by this statement. ${result.explanation}`.trim() });
        }
        continue;
      }
      const closest = closestAllow(result);
      const document = closest?.policy.document ?? key;
      report({
        document,
        path: closest?.failedPath ?? closest?.statement.path ?? [],
        message: `${action} on ${setup.params.kmsKey} by the export role → implicit deny: ${closest?.reason ?? 'neither the key policy nor a delegated IAM policy allows it'}. ${result.explanation}`.trim(),
        fix: `Add to the key policy:\n${asFix(keyPolicyStatement(setup.params))}\nor, when the key policy allows the account root, to the role's permission policy:\n${asFix(kmsIdentityStatement(setup.params))}`,
      });
    }
  },
};
export default rule;

// Key policies and IAM policies together: https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html
// The key policy must allow the principal, or allow the account (root) so that IAM policies count:
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
import type { Rule } from '../src/engine/rule.js';
import { KMS_ACTIONS, accountOfArn, kmsRequest } from '../src/setup/mixpanel.js';
import { closestAllow, evaluateKms, keyPolicyAdmits } from '../src/setup/questions.js';
import type { JsonPath, PolicyDocument } from '../src/types.js';
import { asFix, keyPolicyStatement, kmsIdentityStatement } from '../src/setup/statements.js';
import { EXAMPLE_KMS_PARAMS, KEY_ADMINS, json, policy } from './examples.js';

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
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The key policy lets only the key administrators in: neither the account (which would let IAM policies grant the key) nor the export role.',
        files: { 'key-policy.json': json(policy([KEY_ADMINS])) },
      },
      right: { explanation: 'The key policy also names the export role.', files: { 'key-policy.json': json(policy([KEY_ADMINS, keyPolicyStatement(EXAMPLE_KMS_PARAMS)])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    const key = setup.key[0];
    const { kmsKey, role } = setup.params;
    if (setup.params.encryption !== 'kms' || key === undefined || kmsKey === undefined || role === undefined) return;
    // One finding per place that needs a change, listing the actions it blocks.
    const missing = new Map<string, { document: PolicyDocument; path: JsonPath; actions: string[]; reason: string; explanation: string; side: 'key' | 'identity' }>();
    const denials = new Map<string, { document: PolicyDocument; path: JsonPath; actions: string[]; explanation: string }>();
    const resource = kmsRequest(setup, 'kms:Decrypt').resource;
    for (const action of KMS_ACTIONS) {
      const result = evaluateKms(setup, action);
      if (result.outcome === 'allow' || result.outcome === 'undecided') continue; // undecided: MP203, MP304
      if (result.outcome === 'explicit-deny') {
        for (const deny of result.deciding) {
          const document = deny.policy.document ?? key;
          const id = `${document.file}\u0000${deny.statement.path.join('/')}`;
          const entry = denials.get(id) ?? { document, path: deny.statement.path, actions: [], explanation: result.explanation };
          entry.actions.push(action);
          denials.set(id, entry);
        }
        continue;
      }
      const side = keyPolicyAdmits(setup, action) ? 'identity' : 'key';
      // A statement that failed only on its condition or resource is the one to fix; one that is
      // about other actions or principals is not, so the finding then points at the Statement list.
      const candidate = closestAllow(result, side === 'key' ? [key] : setup.identity);
      const closest = candidate?.failed === 'condition' || candidate?.failed === 'resource' ? candidate : undefined;
      const document = closest?.policy.document ?? (side === 'key' ? key : setup.identity[0]);
      if (document === undefined) continue; // no permission policy at all: MP200 says so
      const path = closest?.failedPath ?? ['Statement'];
      const id = `${document.file}\u0000${path.join('/')}`;
      const reason =
        closest?.reason ??
        (side === 'key'
          ? `the key policy allows neither the role nor its account (arn:aws:iam::${accountOfArn(role)}:root), so IAM policies have no effect on this key`
          : 'the key policy delegates to IAM, but no permission policy of the role allows it');
      const entry = missing.get(id) ?? { document, path, actions: [], side, explanation: result.explanation, reason };
      entry.actions.push(action);
      missing.set(id, entry);
    }
    for (const { document, path, actions, explanation } of denials.values()) {
      report({ document, path, message: `${actions.join(', ')} on ${resource} by the export role → explicit deny by this statement. ${explanation}`, fix: 'Remove this Deny or add a condition that excludes the export role.' });
    }
    for (const { document, path, actions, reason, explanation, side } of missing.values()) {
      const fix = side === 'key'
        ? `Add to the key policy:\n${asFix(keyPolicyStatement(setup.params))}`
        : `The key policy delegates to IAM; add to the role's permission policy:\n${asFix(kmsIdentityStatement(setup.params))}`;
      report({ document, path, message: `${actions.join(', ')} on ${resource} by the export role → implicit deny: ${reason}. ${explanation}`, fix });
    }
  },
};
export default rule;

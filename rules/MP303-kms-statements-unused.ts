import type { Rule } from '../src/engine/rule.js';
import { KMS_ACTIONS } from '../src/setup/mixpanel.js';
import { policyOf } from '../src/setup/questions.js';
import { evaluatePolicies } from '../src/policy/evaluate.js';
import { kmsRequest } from '../src/setup/mixpanel.js';

const rule: Rule = {
  meta: {
    id: 'MP303',
    name: 'kms-statements-unused',
    title: 'KMS permissions while the export does not use KMS',
    description:
      'The role\'s permission policy grants the KMS actions from Mixpanel\'s guide, but `s3_encryption` is not `kms`, so Mixpanel never uses them. Either the pipeline parameter is wrong (uploads will not be encrypted with your key) or the statement can go.',
    help: 'Pass `--encryption kms --kms-key ARN` (s3_encryption=kms, s3_kms_key_id) if you meant SSE-KMS; otherwise remove the KMS statement.',
    defaultLevel: 'note',
    tags: ['mixpanel', 'kms'],
    precision: 'high',
  },
  scope: 'setup',
  check({ setup, report }) {
    if (setup.params.encryption === 'kms' || setup.params.role === undefined) return;
    const probe = { ...setup.params, kmsKey: setup.params.kmsKey ?? 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000' };
    const seen = new Set<string>();
    for (const document of setup.identity) {
      const result = evaluatePolicies({ identityPolicies: [policyOf(document)], resourceKind: 'none', resourceAccount: undefined }, kmsRequest(probe, KMS_ACTIONS[1]));
      for (const match of result.decision === 'allow' ? result.deciding : []) {
        const key = `${document.file}:${match.statement.path.join('/')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        report({ document, path: match.statement.path, message: `This statement grants KMS actions, but s3_encryption is ${setup.params.encryption}: Mixpanel will not use a KMS key. Use --encryption kms if you meant SSE-KMS.` });
      }
    }
  },
};
export default rule;

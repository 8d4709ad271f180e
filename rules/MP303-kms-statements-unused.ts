import type { Rule } from '../src/engine/rule.js';
import { policyOf } from '../src/setup/questions.js';
import { evaluatePolicies } from '../src/policy/evaluate.js';
import type { Policy } from '../src/policy/model.js';
import { kmsRequest } from '../src/setup/mixpanel.js';
import { KMS_STATEMENT, LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

/** A key ARN standing for any key, in an account no policy names. */
const ANY_KEY = 'arn:aws:kms:us-east-1:000011112222:key/00000000-0000-0000-0000-000000000000';

/** Keys the statements could grant: each KMS resource they name (wildcards filled in), the --kms-key, and any key. */
function candidateKeys(policy: Policy, kmsKey: string | undefined): string[] {
  const named = policy.statements.flatMap((statement) => statement.resource ?? []).filter((arn) => /^arn:[^:]+:kms:/.test(arn));
  return [...new Set([...named.map((arn) => arn.replace(/[*?]/g, 'x')), ...(kmsKey === undefined ? [] : [kmsKey]), ANY_KEY])];
}

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
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The permission policy grants the KMS actions, but the pipeline\'s `"encryption"` is `"none"`.',
        files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT, KMS_STATEMENT])) },
      },
      right: { explanation: 'Without SSE-KMS, the policy grants the S3 actions only.', files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    if (setup.params.encryption === 'kms' || setup.params.role === undefined) return;
    const seen = new Set<string>();
    for (const document of setup.identity) {
      const policy = policyOf(document);
      for (const kmsKey of candidateKeys(policy, setup.params.kmsKey)) {
        const result = evaluatePolicies({ identityPolicies: [policy], resourceKind: 'none' }, kmsRequest({ params: { ...setup.params, kmsKey }, facts: setup.facts }, 'kms:GenerateDataKey'));
        for (const match of result.outcome === 'allow' ? result.deciding : []) {
          const id = match.statement.path.join('/');
          if (seen.has(`${document.file}\u0000${id}`)) continue;
          seen.add(`${document.file}\u0000${id}`);
          report({ document, path: match.statement.path, message: `This statement grants KMS actions, but s3_encryption is ${setup.params.encryption}: Mixpanel will not use a KMS key. Use --encryption kms if you meant SSE-KMS.` });
        }
      }
    }
  },
};
export default rule;

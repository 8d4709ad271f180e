// Bucket policies are resource-based policies; an explicit Deny in them overrides the role's
// Allow: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html ,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html .
// Cross-account access needs the bucket policy to allow too:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
import type { Rule } from '../src/engine/rule.js';
import type { Statement } from '../src/policy/model.js';
import { S3_ACTIONS, bucketArn, s3Request } from '../src/setup/mixpanel.js';
import { asFix, objectResource } from '../src/setup/statements.js';
import { closestAllow, denyDependsOnOrganization, exportTargetKnown, denyingIn, evaluateS3, evaluateS3IdentitySide } from '../src/setup/questions.js';
import type { Encryption, PipelineParams } from '../src/types.js';
import type { Setup } from '../src/setup/setup.js';

const NETWORK_KEYS = /^aws:(SourceIp|SourceVpc|SourceVpce|VpcSourceIp)$/i;
const ENCRYPTION_KEYS = /^s3:x-amz-server-side-encryption/i;

/** Why a Deny's conditions hold for Mixpanel's request, in words. */
function conditionNote(statement: Statement, params: PipelineParams): string {
  const keys = Object.values(statement.condition ?? {}).flatMap((byKey) => Object.keys(byKey));
  const notes: string[] = [];
  if (keys.some((k) => NETWORK_KEYS.test(k))) notes.push('Mixpanel calls from its own public addresses, never from your network or VPC, so a source-IP or VPC condition always fires for it');
  if (keys.some((k) => ENCRYPTION_KEYS.test(k))) {
    const sent = params.encryption === 'aes' ? 'x-amz-server-side-encryption: AES256' : params.encryption === 'kms' ? `x-amz-server-side-encryption: aws:kms${params.kmsKey ? ` with key ${params.kmsKey}` : ''}` : 'no encryption header';
    notes.push(`with s3_encryption=${params.encryption} the pipeline's uploads carry ${sent}`);
  }
  if (keys.length > 0) notes.unshift(`its condition on ${[...new Set(keys)].join(', ')} matches the request`);
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}

/** Another s3_encryption under which this Deny no longer blocks the upload, if there is one. */
function encryptionThatPasses(setup: Setup, statement: Statement): Encryption | undefined {
  const id = statement.path.join('/');
  const others = (['aes', 'kms', 'none'] as const).filter((mode) => mode !== setup.params.encryption);
  return others.find((encryption) => !denyingIn(evaluateS3({ ...setup, params: { ...setup.params, encryption } }, 's3:PutObject'), setup.bucket).some((deny) => deny.statement.path.join('/') === id));
}

/** The fix for a denying statement: send what an encryption Deny demands, else except the role from the Deny. */
function fixFor(setup: Setup, statement: Statement, actions: readonly string[]): string {
  const encryption = actions.length === 1 && actions[0] === 's3:PutObject' ? encryptionThatPasses(setup, statement) : undefined;
  if (encryption !== undefined) return `Create the pipeline with s3_encryption=${encryption} (--encryption ${encryption}${encryption === 'kms' && setup.params.kmsKey === undefined ? ' --kms-key KEY_ARN' : ''}), which sends what this statement demands.`;
  return `Except the export role from this Deny: add "StringNotEquals": { "aws:PrincipalArn": ${JSON.stringify(setup.params.role)} } to its Condition (AND-ed with the existing conditions).`;
}

const rule: Rule = {
  meta: {
    id: 'MP401',
    name: 'bucket-policy-denies',
    title: 'Bucket policy blocks the export',
    description:
      'The bucket policy denies one of the export\'s requests, or — when the bucket is in another account than the role — does not allow it. Typical causes: a Deny unless the request comes from your VPC endpoint or IP ranges (Mixpanel\'s requests never do), a Deny unless uploads carry an encryption header the pipeline will not send (`s3_encryption=none` sends none; `aes` sends AES256; `kms` sends aws:kms with the key), or a Deny on `aws:PrincipalArn`/`aws:PrincipalOrgID` that does not except the export role. The finding cites the denying statement and the condition that fires.',
    help: 'Add the export role as an exception to the Deny, e.g. `"StringNotEquals": { "aws:PrincipalArn": "arn:aws:iam::ACCOUNT:role/ROLE" }` next to the existing condition, or align `s3_encryption` with the encryption the policy demands.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'bucket', 'access'],
    precision: 'very-high',
  },
  scope: 'setup',
  check({ setup, report }) {
    const bucket = setup.bucket[0];
    if (bucket === undefined || !exportTargetKnown(setup.params)) return;
    const { role } = setup.params;
    // One finding per denying statement, listing the export's requests it blocks.
    const denials = new Map<string, { statement: Statement; requests: Map<string, string[]> }>();
    for (const action of S3_ACTIONS) {
      const request = s3Request(setup.params, action);
      const result = evaluateS3(setup, action);
      for (const deny of denyingIn(result, setup.bucket)) {
        if (denyDependsOnOrganization(setup, action, deny.statement).length > 0) continue; // MP403: it may not apply
        const id = deny.statement.path.join('/');
        const entry = denials.get(id) ?? { statement: deny.statement, requests: new Map<string, string[]>() };
        entry.requests.set(request.resource, [...(entry.requests.get(request.resource) ?? []), action]);
        denials.set(id, entry);
      }
      // Cross-account: the role's side allows, but the bucket policy does not.
      if (result.outcome === 'implicit-deny' && evaluateS3IdentitySide(setup, action).outcome === 'allow') {
        const closest = closestAllow(result, setup.bucket);
        report({
          document: bucket,
          path: closest?.statement.path ?? [],
          message: `${action} on ${request.resource} by the export role → implicit deny: the bucket is in another account than the role, and the bucket policy does not allow the role. ${result.explanation}`.trim(),
          fix: asFix({ Effect: 'Allow', Principal: { AWS: role }, Action: action, Resource: action === 's3:ListBucket' ? bucketArn(setup.params) : objectResource(setup.params) }),
        });
      }
    }
    for (const { statement, requests } of denials.values()) {
      report({
        document: bucket,
        path: statement.path,
        message: `${[...requests].map(([resource, actions]) => `${actions.join(', ')} on ${resource}`).join(' and ')} by the export role → explicit deny by this bucket-policy statement${conditionNote(statement, setup.params)}.`,
        fix: fixFor(setup, statement, [...requests.values()].flat()),
      });
    }
  },
};
export default rule;

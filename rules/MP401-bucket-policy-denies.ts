// Bucket policies are resource-based policies; an explicit Deny in them overrides the role's
// Allow: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html ,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html .
// Cross-account access needs the bucket policy to allow too:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
import type { Rule } from '../src/engine/rule.js';
import type { Statement, StatementMatch } from '../src/policy/model.js';
import { whyApplies } from '../src/policy/evaluate.js';
import { S3_ACTIONS, accountOfArn, bucketArn, s3Request } from '../src/setup/mixpanel.js';
import { asFix, objectResource, s3StatementsFor } from '../src/setup/statements.js';
import { bucketAccount, closestAllow, exportTargetKnown, denyingIn, evaluateS3, evaluateS3IdentitySide, withParams, type Answer } from '../src/setup/questions.js';
import type { Encryption, PipelineParams } from '../src/types.js';
import type { Setup } from '../src/setup/setup.js';
import { EXAMPLE_PARAMS, bucketDeny, json, policy } from './examples.js';

/** The common "only through our VPC endpoint" bucket policy. */
const VPCE_DENY = bucketDeny('OnlyThroughOurEndpoint', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } });

const NETWORK_KEYS = /^aws:(SourceIp|SourceVpc|SourceVpce|VpcSourceIp)$/i;
const ENCRYPTION_KEYS = /^s3:x-amz-server-side-encryption/i;

/** Why the Deny applies to Mixpanel's request, condition by condition, with what Mixpanel sends where that explains it. */
function conditionNote(result: Answer, deny: StatementMatch, params: PipelineParams): string {
  const reasons = whyApplies(result, deny);
  const keys = Object.values(deny.statement.condition ?? {}).flatMap((byKey) => Object.keys(byKey));
  const notes: string[] = [];
  if (keys.some((k) => NETWORK_KEYS.test(k))) notes.push('Mixpanel calls from its own public addresses, never from your network or VPC endpoints');
  if (keys.some((k) => ENCRYPTION_KEYS.test(k))) {
    const sent = params.encryption === 'aes' ? 'x-amz-server-side-encryption: AES256' : params.encryption === 'kms' ? `x-amz-server-side-encryption: aws:kms${params.kmsKey ? ` with key ${params.kmsKey}` : ''}` : 'no encryption header';
    notes.push(`with s3_encryption=${params.encryption} the pipeline's uploads carry ${sent}`);
  }
  const all = [...reasons, ...notes];
  return all.length > 0 ? `: ${all.join('; ')}` : '';
}

/**
 * AWS documents NotPrincipal both ways: the current page says the account ARN "must" be listed for
 * the principal to be left out; an earlier one said it is "not required in all cases".
 */
function notPrincipalNote(statement: Statement, role: string): string {
  const listed = statement.notPrincipal === undefined || statement.notPrincipal === '*' ? [] : (statement.notPrincipal['AWS'] ?? []);
  const account = role.split(':')[4] ?? '';
  const namesRole = listed.some((value) => value.toLowerCase() === role.toLowerCase());
  const namesAccount = listed.some((value) => value === account || value === `arn:aws:iam::${account}:root`);
  return namesRole && !namesAccount
    ? ' Its NotPrincipal names the role but not its account: AWS\'s NotPrincipal page says the account must be listed too for the role to be left out (an earlier edition said this is not always required), so mp-s3-lint counts the Deny as applying; AWS\'s documentation is ambiguous here.'
    : '';
}

/** Another s3_encryption under which this Deny no longer blocks the upload, if there is one. */
function encryptionThatPasses(setup: Setup, statement: Statement): Encryption | undefined {
  const id = statement.path.join('/');
  const others = (['aes', 'kms', 'none'] as const).filter((mode) => mode !== setup.params.encryption);
  return others.find((encryption) => !denyingIn(evaluateS3(withParams(setup, { encryption }), 's3:PutObject'), setup.bucket).some((deny) => deny.statement.path.join('/') === id));
}

/** The fix for a denying statement: send what an encryption Deny demands, else except the role from the Deny. */
function fixFor(setup: Setup, statement: Statement, actions: readonly string[]): string {
  const encryption = actions.length === 1 && actions[0] === 's3:PutObject' ? encryptionThatPasses(setup, statement) : undefined;
  if (encryption !== undefined) return `Create the pipeline with s3_encryption=${encryption} (--encryption ${encryption}${encryption === 'kms' && setup.params.kmsKey === undefined ? ' --kms-key KEY_ARN' : ''}), which sends what this statement demands.`;
  return `Except the export role from this Deny: add "ArnNotEquals": { "aws:PrincipalArn": ${JSON.stringify(setup.params.role)} } to its Condition (AND-ed with the existing conditions).`;
}

const rule: Rule = {
  meta: {
    id: 'MP401',
    name: 'bucket-policy-denies',
    title: 'Bucket policy blocks the export',
    description:
      'The bucket policy denies one of the export\'s requests, or — when the bucket is in another account than the role — does not allow it. Typical causes: a Deny unless the request comes from your VPC endpoint or IP ranges (Mixpanel\'s requests never carry aws:SourceVpce and never come from private addresses), a Deny unless uploads carry an encryption header the pipeline will not send (`s3_encryption=none` sends none; `aes` sends AES256; `kms` sends aws:kms with the key), or a Deny on `aws:PrincipalArn`/`aws:PrincipalOrgID` that does not except the export role. The finding cites the denying statement and says, condition by condition, why it applies to Mixpanel\'s request.',
    help: 'Add the export role as an exception to the Deny, e.g. `"ArnNotEquals": { "aws:PrincipalArn": "arn:aws:iam::ACCOUNT:role/ROLE" }` next to the existing condition, or align `s3_encryption` with the encryption the policy demands.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'bucket', 'access'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The bucket may be reached only through your VPC endpoint; Mixpanel\'s requests never come through it.',
        files: { 'bucket-policy.json': json(policy([VPCE_DENY])) },
      },
      right: {
        explanation: 'The export role is excepted: the Deny applies only when both conditions hold.',
        files: { 'bucket-policy.json': json(policy([{ ...VPCE_DENY, Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d', 'aws:PrincipalArn': EXAMPLE_PARAMS.role } } }])) },
      },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    if (!exportTargetKnown(setup.params)) return;
    const { role } = setup.params;
    const bucket = setup.bucket[0];
    if (bucket === undefined) {
      // Across accounts the bucket policy must allow the role too: without one among the documents, the
      // role's own Allow is not enough (the model answers implicit deny) and the setup must not pass.
      const refused = S3_ACTIONS.filter((action) => evaluateS3(setup, action).outcome === 'implicit-deny' && evaluateS3IdentitySide(setup, action).outcome === 'allow');
      if (refused.length === 0) return;
      report({
        message: `${refused.join(', ')} by the export role → implicit deny: the bucket is in account ${bucketAccount(setup)}, the role in ${accountOfArn(role)}, and across accounts the bucket policy must allow the role too; there is no bucket policy among the documents in ${setup.directory}.`,
        fix: `Add to the bucket policy:\n${asFix(s3StatementsFor(setup.params, refused).map((statement) => ({ Effect: statement['Effect'], Principal: { AWS: role }, ...statement })))}`,
      });
      return;
    }
    // One finding per denying statement, listing the export's requests it blocks.
    const denials = new Map<string, { deny: StatementMatch; result: Answer; requests: Map<string, string[]> }>();
    for (const action of S3_ACTIONS) {
      const request = s3Request(setup, action);
      const result = evaluateS3(setup, action);
      for (const deny of denyingIn(result, setup.bucket)) {
        const id = deny.statement.path.join('/');
        const entry = denials.get(id) ?? { deny, result, requests: new Map<string, string[]>() };
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
    for (const { deny, result, requests } of denials.values()) {
      report({
        document: bucket,
        path: deny.statement.path,
        message: `${[...requests].map(([resource, actions]) => `${actions.join(', ')} on ${resource}`).join(' and ')} by the export role → explicit deny by this bucket-policy statement${deny.statement.sid ? ` (Sid ${JSON.stringify(deny.statement.sid)})` : ''}${conditionNote(result, deny, setup.params)}.${notPrincipalNote(deny.statement, role)}`,
        fix: fixFor(setup, deny.statement, [...requests.values()].flat()),
      });
    }
  },
};
export default rule;

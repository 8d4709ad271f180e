// Access questions about a setup, answered by the policy evaluator: can Mixpanel assume the role,
// can the role session do each S3 and KMS action. Rules ask these; they never match strings.
import type { EvaluationInput, EvaluationResult, Policy, Request, Statement, StatementMatch } from '../policy/model.js';
import { candidateValues, withContextValue } from '../policy/questions.js';
import { evaluatePolicies } from '../policy/evaluate.js';
import { normalizePolicy } from '../policy/normalize.js';
import type { PipelineParams, PolicyDocument } from '../types.js';
import type { Setup } from './setup.js';
import { perObject } from './memo.js';
import { accountOfArn, assumeRoleRequest, kmsRequest, s3Request, type KMS_ACTIONS, type S3Action } from './mixpanel.js';

const policies = new WeakMap<PolicyDocument, Policy>();

/** The evaluator's view of a document, normalised once. */
export function policyOf(document: PolicyDocument): Policy {
  let policy = policies.get(document);
  if (policy === undefined) {
    policy = normalizePolicy(document.policy, document.file, document);
    policies.set(document, policy);
  }
  return policy;
}

/** The export's S3 requests can be asked about only when the bucket and the role are known (MP500 reports them missing). */
export function exportTargetKnown(params: PipelineParams): params is PipelineParams & { bucket: string; role: string } {
  return params.bucket !== undefined && params.role !== undefined;
}

export function bucketAccount(setup: Setup): string | undefined {
  return setup.params.bucketAccount ?? accountOfArn(setup.params.role);
}

/** Trust policy alone: Mixpanel's own account side cannot be seen and is taken to allow. */
export function trustInput(setup: Setup): EvaluationInput {
  return {
    identityPolicies: [],
    resourcePolicy: setup.trust[0] === undefined ? undefined : policyOf(setup.trust[0]),
    resourceKind: 'trust',
    resourceAccount: accountOfArn(setup.params.role),
    assumeIdentitySideAllows: true,
  };
}

export function evaluateTrust(setup: Setup, request: Request = assumeRoleRequest(setup.params)): EvaluationResult {
  return evaluatePolicies(trustInput(setup), request);
}

/** The role's own side of every question: its permission policies, limited by its boundary. */
function roleSide(setup: Setup): Pick<EvaluationInput, 'identityPolicies' | 'boundary'> {
  return { identityPolicies: setup.identity.map(policyOf), boundary: setup.boundary[0] === undefined ? undefined : policyOf(setup.boundary[0]) };
}

/**
 * Answers are kept per setup and question, since several rules ask the same one (MP201, MP202 and
 * MP401 all ask whether the role's own side allows each S3 action). Treat them as read-only.
 */
const answer = perObject<Setup, EvaluationResult>();

/** The role's own side: permission policies and permissions boundary, no resource policy. */
export function evaluateS3IdentitySide(setup: Setup, action: S3Action): EvaluationResult {
  return answer(setup, `identity ${action}`, () => evaluatePolicies(
    { ...roleSide(setup), resourceKind: 'none', resourceAccount: bucketAccount(setup) },
    s3Request(setup.params, action),
  ));
}

function s3Input(setup: Setup): EvaluationInput {
  return {
    ...roleSide(setup),
    resourcePolicy: setup.bucket[0] === undefined ? undefined : policyOf(setup.bucket[0]),
    resourceKind: 'bucket',
    resourceAccount: bucketAccount(setup),
  };
}

/** The whole decision for one S3 action: permission policies, boundary and bucket policy together. */
export function evaluateS3(setup: Setup, action: S3Action): EvaluationResult {
  return answer(setup, `s3 ${action}`, () => evaluatePolicies(s3Input(setup), s3Request(setup.params, action)));
}

/**
 * Facts of the role session that depend on the customer's AWS Organization, unknown unless the
 * config gives `organizationId` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid).
 */
const ORGANIZATION_KEYS = ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths'] as const;

const conditionKeys = (statement: Statement) => Object.values(statement.condition ?? {}).flatMap((byKey) => Object.keys(byKey).map((key) => key.toLowerCase()));

/**
 * The organization keys on which this Deny's hold on the S3 action depends: those for which some value
 * (of the ones the policies mention, or any other) makes it stop applying. Empty when organizationId
 * is known, or when the Deny applies whatever the organization.
 */
export function denyDependsOnOrganization(setup: Setup, action: S3Action, statement: Statement): string[] {
  const bucket = setup.bucket[0];
  if (setup.params.organizationId !== undefined || bucket === undefined) return [];
  const mentioned = conditionKeys(statement);
  const request = s3Request(setup.params, action);
  const stillDenies = (result: EvaluationResult) => result.outcome === 'explicit-deny' && result.deciding.some((match) => match.statement === statement);
  return ORGANIZATION_KEYS.filter(
    (key) =>
      mentioned.includes(key.toLowerCase()) &&
      candidateValues([policyOf(bucket)], key).some((value) => !stillDenies(evaluatePolicies(s3Input(setup), withContextValue(request, key, key === 'aws:PrincipalOrgPaths' ? [value] : value)))),
  );
}

function kmsInput(setup: Setup): EvaluationInput {
  return {
    ...roleSide(setup),
    resourcePolicy: setup.key[0] === undefined ? undefined : policyOf(setup.key[0]),
    resourceKind: 'key',
    resourceAccount: accountOfArn(setup.params.kmsKey) ?? accountOfArn(setup.params.role),
  };
}

export function evaluateKms(setup: Setup, action: (typeof KMS_ACTIONS)[number]): EvaluationResult {
  return answer(setup, `kms ${action}`, () => evaluatePolicies(kmsInput(setup), kmsRequest(setup.params, action)));
}

/**
 * Whether the key policy lets the role's IAM side decide (by naming the role or its account), i.e.
 * the key policy is not what stands in the way: the same request with the identity side taken to allow.
 */
export function keyPolicyAdmits(setup: Setup, action: (typeof KMS_ACTIONS)[number]): boolean {
  return evaluatePolicies({ ...kmsInput(setup), assumeIdentitySideAllows: true }, kmsRequest(setup.params, action)).outcome === 'allow';
}

const CLOSENESS: Record<NonNullable<StatementMatch['failed']>, number> = { action: 0, resource: 1, principal: 2, condition: 3 };

/** Of the Allow statements that did not apply (in the given documents, if any), the one that came closest (failed latest). */
export function closestAllow(result: EvaluationResult, documents?: readonly PolicyDocument[]): StatementMatch | undefined {
  const candidates = result.others.filter(
    (m) => m.statement.effect === 'Allow' && m.failed !== undefined && (documents === undefined || (m.policy.document !== undefined && documents.includes(m.policy.document))),
  );
  return candidates.sort((a, b) => CLOSENESS[b.failed!] - CLOSENESS[a.failed!])[0];
}

/** Deciding Deny statements that sit in the given documents. */
export function denyingIn(result: EvaluationResult, documents: readonly PolicyDocument[]): StatementMatch[] {
  return result.outcome === 'explicit-deny' ? result.deciding.filter((m) => m.policy.document !== undefined && documents.includes(m.policy.document)) : [];
}

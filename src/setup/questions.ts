// Access questions about a setup, answered by the policy evaluator: can Mixpanel assume the role,
// can the role session do each S3 and KMS action. Rules ask these; they never match strings.
// An answer the evaluator leaves undecided because of a value with few possibilities (TLS 1.2 or
// 1.3, Bucket Keys on or off, the role account's organization among the ones the policies name) is
// settled here by answering for each possibility: undecided only if they disagree.
import type { ContextValue, EvaluationInput, EvaluationResult, Policy, Request, StatementMatch, Unknown } from '../policy/model.js';
import { candidateValues } from '../policy/questions.js';
import { evaluatePolicies } from '../policy/evaluate.js';
import { normalizePolicy } from '../policy/normalize.js';
import { isUnknown } from '../policy/tri.js';
import type { PipelineParams, PolicyDocument } from '../types.js';
import type { Setup } from './setup.js';
import { perObject } from './memo.js';
import { accountOfArn, assumeRoleRequest, bucketOwner, kmsRequest, s3Request, type KMS_ACTIONS, type ModelInput, type S3Action } from './mixpanel.js';

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
  return bucketOwner(setup.params);
}

/** One possibility of an undecided answer: the values assumed, and the answer under them. */
export interface Branch {
  /** Each unknown value assumed, with the value (undefined = the key absent). */
  assumed: { unknown: Unknown; value: string | readonly string[] | undefined }[];
  result: EvaluationResult;
}

/** An evaluator answer, with the possibilities tried when it was undecided and they disagree. */
export type Answer = EvaluationResult & { branches?: readonly Branch[] };

/** More combinations than this are not tried: the answer stays undecided. */
const MAX_BRANCHES = 64;

/**
 * The evaluator's answer; when undecided, answered again for each value of the unknowns it depends
 * on that have few possible values, which settles it when every possibility gives one answer.
 */
export function decide(input: EvaluationInput, request: Request): Answer {
  const first = evaluatePolicies(input, request);
  if (first.outcome !== 'undecided') return first;
  const options = enumerable(first, input, request);
  if (options === undefined) return first;
  const branches = assignments(options).map((assumed): Branch => ({ assumed, result: evaluatePolicies(input, substitute(request, assumed)) }));
  const outcomes = new Set(branches.map((branch) => branch.result.outcome));
  if (outcomes.size === 1 && !outcomes.has('undecided')) return branches[0]!.result;
  return Object.assign(first, { branches }); // a fresh result of its own: adding to it changes nothing shared
}

/** For each unknown the undecided statements depend on, its possible values; undefined when one has too many to try. */
function enumerable(result: EvaluationResult, input: EvaluationInput, request: Request): { unknown: Unknown; values: (string | readonly string[] | undefined)[] }[] | undefined {
  const seen = new Map<string | Unknown, { unknown: Unknown; values: (string | readonly string[] | undefined)[] }>();
  const all = allPolicies(input);
  for (const match of result.undecided) {
    for (const use of match.dependsOn) {
      const unknown = use.unknown;
      const id = unknown.fact ?? unknown;
      if (seen.has(id)) continue;
      let values: (string | readonly string[] | undefined)[];
      if (unknown.domain !== undefined) values = [...unknown.domain];
      else if (unknown.fact !== undefined) values = keysCarrying(request, unknown).flatMap((key) => candidateValues(all, key));
      else return undefined; // open: no finite set of values stands for it
      if (unknown.mayBeAbsent) values.push(undefined);
      seen.set(id, { unknown, values: [...new Set(values)] });
    }
  }
  const options = [...seen.values()];
  return options.length > 0 && options.reduce((product, option) => product * option.values.length, 1) <= MAX_BRANCHES ? options : undefined;
}

function allPolicies(input: EvaluationInput): Policy[] {
  return [...input.identityPolicies, ...(input.boundary === undefined ? [] : [input.boundary]), ...(input.resourcePolicy === undefined ? [] : [input.resourcePolicy])];
}

/** The context keys whose value is this unknown (or one of the same fact). */
function keysCarrying(request: Request, unknown: Unknown): string[] {
  return Object.entries(request.context).flatMap(([key, value]) => (sameFact(value, unknown) ? [key] : []));
}

function sameFact(value: ContextValue, unknown: Unknown): boolean {
  return isUnknown(value) && (value === unknown || (unknown.fact !== undefined && value.fact === unknown.fact));
}

function assignments(options: readonly { unknown: Unknown; values: readonly (string | readonly string[] | undefined)[] }[]): Branch['assumed'][] {
  let combinations: Branch['assumed'][] = [[]];
  for (const { unknown, values } of options) combinations = combinations.flatMap((partial) => values.map((value) => [...partial, { unknown, value }]));
  return combinations;
}

/** A value of a fact in the shape of the key that carries it: a list for a multivalued key, else one value. */
function shaped(value: string | readonly string[], multivalued: boolean): string | readonly string[] {
  if (multivalued) return typeof value === 'string' ? [value] : value;
  return typeof value === 'string' ? value : (value[0] ?? '');
}

/** The request with each assumed unknown replaced by its value (removed when the value is undefined). */
function substitute(request: Request, assumed: Branch['assumed']): Request {
  const context: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(request.context)) {
    const assumption = assumed.find((a) => sameFact(value, a.unknown));
    if (assumption === undefined) context[key] = value;
    else if (assumption.value !== undefined) context[key] = shaped(assumption.value, (value as Unknown).multivalued === true);
  }
  return { ...request, context };
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

export function evaluateTrust(setup: Setup, request: Request = assumeRoleRequest(setup)): Answer {
  return decide(trustInput(setup), request);
}

type RoleSide = Pick<EvaluationInput, 'identityPolicies' | 'boundary'>;

const roleSides = perObject<Setup, RoleSide>();

/** The role's own side of every question: its permission policies, limited by its boundary (one object per setup, so the evaluator answers it once per request). */
function roleSide(setup: Setup): RoleSide {
  return roleSides(setup, 'role', () => ({ identityPolicies: setup.identity.map(policyOf), boundary: setup.boundary[0] === undefined ? undefined : policyOf(setup.boundary[0]) }));
}

/**
 * Answers are kept per setup and question, since several rules ask the same one (MP201, MP202 and
 * MP401 all ask whether the role's own side allows each S3 action). Treat them as read-only.
 */
const answer = perObject<Setup, Answer>();

/** The role's own side: permission policies and permissions boundary, no resource policy. */
export function evaluateS3IdentitySide(setup: Setup, action: S3Action): Answer {
  return answer(setup, `identity ${action}`, () => decide({ ...roleSide(setup), resourceKind: 'none', resourceAccount: bucketAccount(setup) }, s3Request(setup, action)));
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
export function evaluateS3(setup: Setup, action: S3Action): Answer {
  return answer(setup, `s3 ${action}`, () => decide(s3Input(setup), s3Request(setup, action)));
}

function kmsInput(setup: Setup): EvaluationInput {
  return {
    ...roleSide(setup),
    resourcePolicy: setup.key[0] === undefined ? undefined : policyOf(setup.key[0]),
    resourceKind: 'key',
    resourceAccount: accountOfArn(setup.params.kmsKey) ?? accountOfArn(setup.params.role),
  };
}

export function evaluateKms(setup: Setup, action: (typeof KMS_ACTIONS)[number]): Answer {
  return answer(setup, `kms ${action}`, () => decide(kmsInput(setup), kmsRequest(setup, action)));
}

/**
 * Whether the key policy lets the role's IAM side decide (by naming the role or its account), i.e.
 * the key policy is not what stands in the way: the same request with the identity side taken to allow.
 */
export function keyPolicyAdmits(setup: Setup, action: (typeof KMS_ACTIONS)[number]): boolean {
  return decide({ ...kmsInput(setup), assumeIdentitySideAllows: true }, kmsRequest(setup, action)).outcome === 'allow';
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

/** A setup with other parameters, for "what if" questions (another s3_encryption): its answers are its own. */
export function withParams(setup: Setup, params: Partial<PipelineParams>): Setup {
  return { ...setup, params: { ...setup.params, ...params } };
}

export type { ModelInput };

// AWS's decision for one request over the policies that apply to it ("Policy evaluation logic",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html, and
// "How AWS enforcement code logic evaluates requests to allow or deny access",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
// 1. an applying Deny in any policy (identity, permissions boundary, resource) decides: explicit deny;
// 2. otherwise the request is allowed only when the policies that must allow it do, else it is
//    implicitly denied. Which ones must is decided in decideAllow below.
import type { EvaluationInput, EvaluationResult, Policy, Request, StatementMatch } from './model.js';
import { compiledPolicy } from './compile.js';
import { firstFailure, matchStatement, PreparedRequest, principalVia, type PolicyRole } from './match.js';

/** What one group of policies (identity, boundary, resource) says about the request. */
interface SideResult {
  allows: number;
  denies: number;
  /** An applying Allow names the caller itself (or everyone). */
  direct: boolean;
  /** An applying Allow names the caller only through its account. */
  viaAccount: boolean;
}

/** The policies of one side and how their statements are matched. */
interface Side {
  policies: readonly Policy[];
  role: PolicyRole;
}

/** Sums up which statements of the side apply, appending those to `applying`. */
function evaluateSide({ policies, role }: Side, request: PreparedRequest, applying: StatementMatch[]): SideResult {
  const side: SideResult = { allows: 0, denies: 0, direct: false, viaAccount: false };
  for (const policy of policies) {
    for (const statement of compiledPolicy(policy).statements) {
      if (firstFailure(statement, role, request) !== undefined) continue;
      applying.push({ policy, statement: statement.statement, applies: true });
      if (statement.statement.effect === 'Deny') side.denies++;
      else {
        side.allows++;
        // Identity statements have no principal element: they name the caller itself.
        const via = statement.principal === undefined || role === 'identity' ? 'direct' : principalVia(statement.principal, request.caller);
        if (via === 'account') side.viaAccount = true;
        else side.direct = true;
      }
    }
  }
  return side;
}

/** Every statement of the sides matched with its reason, for `others`: put into words only when a rule reads them. */
function allMatches(sides: readonly Side[], request: PreparedRequest): StatementMatch[] {
  const matches: StatementMatch[] = [];
  for (const { policies, role } of sides) {
    for (const policy of policies) for (const statement of compiledPolicy(policy).statements) matches.push(matchStatement(policy, statement, role, request));
  }
  return matches;
}

/** An answer whose `others` (every statement that did not decide, with why) is worked out on first read. */
class Evaluation implements EvaluationResult {
  private otherMatches: StatementMatch[] | undefined;

  constructor(
    readonly decision: EvaluationResult['decision'],
    readonly deciding: StatementMatch[],
    readonly explanation: string,
    private readonly sides: readonly Side[],
    private readonly request: PreparedRequest,
  ) {}

  get others(): StatementMatch[] {
    if (this.otherMatches === undefined) {
      const effect = this.decision === 'explicit-deny' ? 'Deny' : 'Allow';
      const all = allMatches(this.sides, this.request);
      this.otherMatches = this.decision === 'implicit-deny' ? all : all.filter((match) => !(match.applies && match.statement.effect === effect));
    }
    return this.otherMatches;
  }
}

export function evaluatePolicies(input: EvaluationInput, request: Request): EvaluationResult {
  const prepared = new PreparedRequest(request);
  const applying: StatementMatch[] = [];
  const identitySide: Side = { policies: input.identityPolicies, role: 'identity' };
  const boundarySide: Side | undefined = input.boundary === undefined ? undefined : { policies: [input.boundary], role: 'identity' };
  const resourceSide: Side | undefined = input.resourceKind === 'none' || input.resourcePolicy === undefined ? undefined : { policies: [input.resourcePolicy], role: input.resourceKind };
  const sides = [identitySide, boundarySide, resourceSide].filter((side): side is Side => side !== undefined);
  const identity = evaluateSide(identitySide, prepared, applying);
  const boundary = boundarySide === undefined ? undefined : evaluateSide(boundarySide, prepared, applying);
  const resource = resourceSide === undefined ? undefined : evaluateSide(resourceSide, prepared, applying);

  if (identity.denies + (boundary?.denies ?? 0) + (resource?.denies ?? 0) > 0) {
    const denies = applying.filter((match) => match.statement.effect === 'Deny');
    return new Evaluation('explicit-deny', denies, explainDeny(denies), sides, prepared);
  }
  const verdict = decideAllow(input, prepared, identity, boundary, resource);
  if (!verdict.allowed) return new Evaluation('implicit-deny', [], verdict.explanation, sides, prepared);
  return new Evaluation('allow', applying.filter((match) => match.statement.effect === 'Allow'), verdict.explanation, sides, prepared);
}

function describeStatement(match: StatementMatch): string {
  const { statement, policy } = match;
  return `${statement.sid === undefined ? `statement ${statement.index}` : `statement "${statement.sid}"`} of ${policy.name}`;
}

function explainDeny(denies: StatementMatch[]): string {
  return `Explicitly denied by ${denies.map(describeStatement).join(', ')}. An explicit Deny in any policy overrides every Allow.`;
}

interface Verdict {
  allowed: boolean;
  explanation: string;
}

const RESOURCE_POLICY_NAME: Record<EvaluationInput['resourceKind'], string> = {
  trust: 'the trust policy',
  bucket: 'the bucket policy',
  key: 'the key policy',
  none: 'the resource policy',
};

const CANNOT_SEE = "the principal's own account must also allow this; that side cannot be seen";

/** The principal's own side: its identity policies, limited by its permissions boundary. */
function identitySide(input: EvaluationInput, identity: SideResult, boundary: SideResult | undefined): Verdict {
  if (input.assumeIdentitySideAllows === true) return { allowed: true, explanation: CANNOT_SEE };
  if (identity.allows === 0) {
    return { allowed: false, explanation: input.identityPolicies.length === 0 ? 'no identity policy is attached to the principal' : 'no identity policy allows it' };
  }
  if (boundary === undefined) return { allowed: true, explanation: 'the identity policies allow it' };
  if (boundary.allows === 0) return { allowed: false, explanation: 'the identity policies allow it, but the permissions boundary does not (a boundary only limits: both must allow)' };
  return { allowed: true, explanation: 'the identity policies allow it, and the permissions boundary allows it too' };
}

const sentence = (allowed: boolean, ...parts: string[]) => `${allowed ? 'Allowed' : 'Implicitly denied'}: ${parts.join('; ')}.`;

/**
 * Which policies must allow ("Cross-account policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html;
 * "Key policies in AWS KMS", https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html):
 * - identity-only questions (resourceKind 'none'): the identity side;
 * - services and anonymous callers have no identity side: the resource policy alone;
 * - same account, bucket: the identity side OR a bucket policy naming the principal itself (naming
 *   only its account delegates to the account's IAM policies, which then must allow);
 * - same account, trust and key: the resource policy is required. Naming the principal itself is
 *   enough; naming its account lets the identity side grant it (for KMS: "enables IAM policies");
 * - cross-account: the resource policy must allow the principal (itself or its account) AND the
 *   principal's own account must allow it.
 */
function decideAllow(input: EvaluationInput, request: PreparedRequest, identity: SideResult, boundary: SideResult | undefined, resource: SideResult | undefined): Verdict {
  const kind = input.resourceKind;
  const own = identitySide(input, identity, boundary);
  if (kind === 'none') return { allowed: own.allowed, explanation: sentence(own.allowed, own.explanation) };

  const name = RESOURCE_POLICY_NAME[kind];
  const caller = request.caller;
  if (caller.kind !== 'AWS') {
    const allowed = resource?.direct === true;
    const why =
      resource === undefined
        ? `a ${caller.kind.toLowerCase()} principal has no identity policies, so only ${name} could allow it, and there is none`
        : allowed
          ? `${name} allows ${caller.arn}`
          : `${name} does not allow ${caller.arn}, and a ${caller.kind.toLowerCase()} principal has no identity policies that could`;
    return { allowed, explanation: sentence(allowed, why) };
  }

  const required = kind === 'trust' || kind === 'key';
  if (resource === undefined && required) {
    const why = kind === 'key' ? 'there is no key policy; every KMS key needs one, and IAM policies only count when it allows them' : 'there is no trust policy, and a role can be assumed only when its trust policy allows it';
    return { allowed: false, explanation: sentence(false, why) };
  }
  const direct = resource?.direct === true;
  const viaAccount = resource?.viaAccount === true;

  const crossAccount = input.resourceAccount !== undefined && caller.account !== input.resourceAccount;
  if (crossAccount) {
    const allowed = (direct || viaAccount) && own.allowed;
    const header = `cross-account request (the principal is in account ${caller.account ?? 'unknown'}, the resource in ${input.resourceAccount}), so both accounts must allow it`;
    const resourceSays =
      resource === undefined ? `there is no ${name.replace('the ', '')} to allow it` : direct ? `${name} allows the principal` : viaAccount ? `${name} allows the principal's account` : `${name} does not allow the principal`;
    return { allowed, explanation: sentence(allowed, header, resourceSays, own.explanation) };
  }

  const account = input.resourceAccount === undefined ? 'the same account (the resource account is not known)' : `the same account (${input.resourceAccount})`;
  if (kind === 'bucket') {
    const allowed = own.allowed || direct;
    const resourceSays = direct ? `${name} grants it to the principal directly` : viaAccount ? `${name} names only the principal's account, which leaves it to the identity policies` : `${name} does not grant it`;
    return { allowed, explanation: sentence(allowed, `principal and bucket are in ${account}: the identity policies or the bucket policy may allow it`, resourceSays, own.explanation) };
  }
  const allowed = direct || (viaAccount && own.allowed);
  const delegation = kind === 'key' ? 'which enables IAM policies for this key' : 'which leaves it to the identity policies';
  const resourceSays = direct
    ? `${name} names the principal itself`
    : viaAccount
      ? `${name} allows the principal's account, ${delegation}: ${own.explanation}`
      : `${name} allows neither the principal nor its account${kind === 'key' ? ', so IAM policies have no effect on this key' : ''}`;
  return { allowed, explanation: sentence(allowed, `principal and ${kind === 'key' ? 'key' : 'role'} are in ${account}`, resourceSays) };
}

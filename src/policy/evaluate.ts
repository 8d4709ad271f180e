// AWS's decision for one request over the policies that apply to it ("Policy evaluation logic",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html, and
// "How AWS enforcement code logic evaluates requests to allow or deny access",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
// 1. an applying Deny in any policy (identity, permissions boundary, resource) decides: explicit deny;
// 2. otherwise the request is allowed only when the policies that must allow it do, else it is
//    implicitly denied. Which ones must is decided in decideAllow below.
// Each statement applies YES, NO or MAYBE (src/policy/tri.ts). The outcome is `undecided` when a
// MAYBE could change it: a Deny that may apply beside an Allow that does, or an Allow that may apply
// where nothing else allows. A request that is denied either way is denied.
import type { Decision, EvaluationInput, EvaluationResult, Outcome, Policy, Request, StatementMatch, UndecidedMatch, Unknown } from './model.js';
import { compiledPolicy, type CompiledStatement } from './compile.js';
import { matchStatement, PreparedRequest, principalNamed, statementApplies, undecidedMatch, type PolicyRole } from './match.js';
import { Named } from './principal.js';
import { MAYBE, NO, YES, and, or, type Tri } from './tri.js';

/** What one group of policies (identity, boundary, resource) says about the request. */
interface SideResult {
  allows: Tri;
  denies: Tri;
  /** An applying Allow names the caller itself (its ARN, its session, everyone), or is an identity statement. */
  itself: Tri;
  /** An applying Allow names the caller's role ARN: within the account, the role's permissions boundary limits it. */
  role: Tri;
  /** An applying Allow names the caller only through its account. */
  account: Tri;
  /** An applying Allow names everyone (`"*"`) and picks the caller with a condition on aws:PrincipalArn. */
  everyoneByArn: Tri;
  /** Those statements, to say what an answer depending on them depends on (made only when there are some). */
  everyoneByArnStatements?: Undecided[];
}

/** The policies of one side and how their statements are matched. */
interface Side {
  policies: readonly Policy[];
  role: PolicyRole;
}

/** A statement that may apply, kept with what is needed to say why on request. */
interface Undecided {
  policy: Policy;
  compiled: CompiledStatement;
  /** What it depends on when that is not one of its elements but how AWS treats it. */
  doubt?: Unknown;
}

/**
 * Within one account AWS documents a grant to the role through `Principal: "*"` and aws:PrincipalArn
 * both ways ("How AWS enforcement code logic evaluates requests to allow or deny access"): limited by
 * the role's permissions boundary like any grant to the role ARN, and also "Permissions boundaries …
 * do not limit permissions granted using the aws:PrincipalArn condition key with a wildcard(*) in the
 * Principal element".
 */
export const EVERYONE_BY_ARN: Unknown = {
  unknown: true,
  what: 'whether the role\'s permissions boundary limits a grant made through "Principal": "*" and aws:PrincipalArn (AWS documents it both ways)',
  settle: 'allow the request in the role\'s permissions boundary too, or name the role\'s session (not the role) as the principal',
  mayBeAbsent: false,
};

const PRINCIPAL_ARN = 'aws:principalarn';
const picksByPrincipalArn = (compiled: CompiledStatement) => compiled.conditions.some((condition) => condition.key.toLowerCase() === PRINCIPAL_ARN);

/** Sums up which statements of the side apply, appending those to `applying` and those that may to `undecided`. */
function evaluateSide({ policies, role }: Side, request: PreparedRequest, applying: StatementMatch[], undecided: Undecided[]): SideResult {
  const side: SideResult = { allows: NO, denies: NO, itself: NO, role: NO, account: NO, everyoneByArn: NO };
  for (const policy of policies) {
    for (const statement of compiledPolicy(policy).statements) {
      const applies = statementApplies(statement, role, request);
      if (applies === NO) continue;
      if (applies === YES) applying.push({ policy, statement: statement.statement, applies: true });
      else undecided.push({ policy, compiled: statement });
      if (statement.statement.effect === 'Deny') {
        if (applies > side.denies) side.denies = applies;
        continue;
      }
      if (applies > side.allows) side.allows = applies;
      if (role !== 'identity' && statement.principal?.negated === false && statement.principal.principal.everyone && picksByPrincipalArn(statement)) {
        if (applies > side.everyoneByArn) side.everyoneByArn = applies;
        (side.everyoneByArnStatements ??= []).push({ policy, compiled: statement, doubt: EVERYONE_BY_ARN });
        continue;
      }
      switch (principalNamed(statement, role, request.caller)) {
        case Named.Itself:
        case Named.MaybeItself:
          if (applies > side.itself) side.itself = applies;
          break;
        case Named.Role:
          if (applies > side.role) side.role = applies;
          break;
        case Named.Account:
          if (applies > side.account) side.account = applies;
          break;
        case Named.Not:
          break;
      }
    }
  }
  return side;
}

/** What an identity side said of one request: its result and the statements it added to `applying` and `undecided`. */
interface IdentitySideRecord {
  request: Request;
  callerHasBoundary: boolean;
  result: SideResult;
  applying: readonly StatementMatch[];
  undecided: readonly Undecided[];
}

/** Requests remembered per identity side: a setup's own questions, not every probe and branch made of them. */
const MAX_REMEMBERED_REQUESTS = 32;

/**
 * The role's own side of a request, by its policies array (one per setup) and request object: a setup
 * asks the same request of the identity side alone and again beside the bucket or key policy. Keyed by
 * the policies, not the request: probes and undecided branches make requests by the thousand, and a
 * WeakMap entry each would cost the garbage collector more than the evaluations saved.
 */
const identitySides = new WeakMap<readonly Policy[], IdentitySideRecord[]>();

function evaluateIdentitySide(side: Side, request: PreparedRequest, applying: StatementMatch[], undecided: Undecided[]): SideResult {
  if (side.policies.length === 0) return evaluateSide(side, request, applying, undecided);
  let records = identitySides.get(side.policies);
  if (records === undefined) identitySides.set(side.policies, (records = []));
  let record = records.find((candidate) => candidate.request === request.request && candidate.callerHasBoundary === request.callerHasBoundary);
  if (record === undefined) {
    const own: { applying: StatementMatch[]; undecided: Undecided[] } = { applying: [], undecided: [] };
    record = { request: request.request, callerHasBoundary: request.callerHasBoundary, result: evaluateSide(side, request, own.applying, own.undecided), ...own };
    if (records.length < MAX_REMEMBERED_REQUESTS) records.push(record);
  }
  for (const match of record.applying) applying.push(match);
  for (const match of record.undecided) undecided.push(match);
  return record.result;
}

/** An answer whose `others` (every statement that did not decide, with why) and `undecided` are worked out on first read. */
class Evaluation implements EvaluationResult {
  private otherMatches: StatementMatch[] | undefined;
  private undecidedMatches: UndecidedMatch[] | undefined;

  private explained: string | undefined;

  constructor(
    readonly outcome: Outcome,
    readonly possible: readonly Decision[],
    readonly deciding: StatementMatch[],
    private readonly sides: readonly Side[],
    private readonly request: PreparedRequest,
    private readonly maybe: readonly Undecided[],
    // What the explanation is made from when it is read: the sides' answers.
    private readonly input: EvaluationInput,
    private readonly identity: SideResult,
    private readonly boundary: SideResult | undefined,
    private readonly resource: SideResult | undefined,
    private readonly denies: Tri,
  ) {}

  /** Put into words when first read: most answers are only compared, and words cost more than the decision. */
  get explanation(): string {
    if (this.explained === undefined) {
      if (this.outcome === 'explicit-deny') this.explained = explainDeny(this.deciding);
      else {
        const verdict = decideAllow(this.input, this.request, this.identity, this.boundary, this.resource, true);
        const mayDeny = this.denies === MAYBE ? `${explainMaybe(this.maybe, 'Deny')} ` : '';
        const mayAllow = verdict.allowed === MAYBE ? `${explainMaybe(this.maybe, 'Allow')} ` : '';
        this.explained = `${this.outcome === 'undecided' ? 'Undecided: ' : ''}${mayDeny}${mayAllow}${verdict.words}`;
      }
    }
    return this.explained;
  }

  get others(): StatementMatch[] {
    if (this.otherMatches === undefined) {
      const effect = this.outcome === 'explicit-deny' ? 'Deny' : 'Allow';
      const matches: StatementMatch[] = [];
      for (const { policies, role } of this.sides) {
        for (const policy of policies) {
          for (const statement of compiledPolicy(policy).statements) {
            if (this.maybe.some((m) => m.compiled === statement)) continue;
            const match = matchStatement(policy, statement, role, this.request);
            if (this.outcome === 'implicit-deny' || !(match.applies && match.statement.effect === effect)) matches.push(match);
          }
        }
      }
      this.otherMatches = matches;
    }
    return this.otherMatches;
  }

  get undecided(): UndecidedMatch[] {
    return (this.undecidedMatches ??= this.maybe.map(({ policy, compiled, doubt }) => undecidedMatch(policy, compiled, this.request, doubt)));
  }

  /** Why an applying statement's conditions hold for this request, one phrase per condition: `the request has no aws:SourceVpce`. */
  whyApplies(match: StatementMatch): string[] {
    for (const { policies } of this.sides) {
      if (!policies.includes(match.policy)) continue;
      const compiled = compiledPolicy(match.policy).statements.find((s) => s.statement === match.statement);
      if (compiled !== undefined) return compiled.conditions.map((condition) => condition.explainHolds(this.request.context));
    }
    return [];
  }
}

/** Why the statements' conditions hold, for a result this evaluator gave. */
export function whyApplies(result: EvaluationResult, match: StatementMatch): string[] {
  return result instanceof Evaluation ? result.whyApplies(match) : [];
}

/** Undecided statements of the evaluation under way (evaluation is synchronous): most answers have none, and then no array is made. */
const undecidedScratch: Undecided[] = [];
const NO_UNDECIDED: readonly Undecided[] = [];

/** The sides of an input: identity policies, boundary, resource policy (made once per input object). */
interface Sides {
  all: readonly Side[];
  identity: Side;
  boundary: Side | undefined;
  resource: Side | undefined;
}

const sidesOf = new WeakMap<EvaluationInput, Sides>();

function sides(input: EvaluationInput): Sides {
  let found = sidesOf.get(input);
  if (found === undefined) {
    const identity: Side = { policies: input.identityPolicies, role: 'identity' };
    const boundary: Side | undefined = input.boundary === undefined ? undefined : { policies: [input.boundary], role: 'identity' };
    const resource: Side | undefined = input.resourceKind === 'none' || input.resourcePolicy === undefined ? undefined : { policies: [input.resourcePolicy], role: input.resourceKind };
    found = { all: [identity, ...(boundary === undefined ? [] : [boundary]), ...(resource === undefined ? [] : [resource])], identity, boundary, resource };
    sidesOf.set(input, found);
  }
  return found;
}

export function evaluatePolicies(input: EvaluationInput, request: Request): EvaluationResult {
  const prepared = new PreparedRequest(request, input.boundary !== undefined);
  const applying: StatementMatch[] = [];
  const scratch = undecidedScratch;
  scratch.length = 0;
  const of = sides(input);
  const identity = evaluateIdentitySide(of.identity, prepared, applying, scratch);
  const boundary = of.boundary === undefined ? undefined : evaluateSide(of.boundary, prepared, applying, scratch);
  const resource = of.resource === undefined ? undefined : evaluateSide(of.resource, prepared, applying, scratch);
  const all = of.all;

  const denies = or(or(identity.denies, boundary?.denies ?? NO), resource?.denies ?? NO);
  const verdict = denies === YES ? undefined : decideAllow(input, prepared, identity, boundary, resource, false);
  if (verdict?.boundaryDoubt === true && resource?.everyoneByArnStatements !== undefined) scratch.push(...resource.everyoneByArnStatements);
  const maybe = scratch.length === 0 ? NO_UNDECIDED : scratch.splice(0);
  const answer = (outcome: Outcome, possible: readonly Decision[], deciding: StatementMatch[]) => new Evaluation(outcome, possible, deciding, all, prepared, maybe, input, identity, boundary, resource, denies);
  if (verdict === undefined) return answer('explicit-deny', EXPLICIT, ofEffect(applying, 'Deny'));
  if (verdict.allowed === NO) return answer('implicit-deny', denies === MAYBE ? DENIED_EITHER_WAY : IMPLICIT, []);
  if (verdict.allowed === YES && denies === NO) return answer('allow', ALLOW, ofEffect(applying, 'Allow'));
  return answer('undecided', denies === MAYBE ? (verdict.allowed === MAYBE ? ALL : ALLOW_OR_EXPLICIT) : ALLOW_OR_IMPLICIT, ofEffect(applying, 'Allow'));
}

function ofEffect(matches: readonly StatementMatch[], effect: 'Allow' | 'Deny'): StatementMatch[] {
  const found: StatementMatch[] = [];
  for (const match of matches) if (match.statement.effect === effect) found.push(match);
  return found;
}

const EXPLICIT: readonly Decision[] = ['explicit-deny'];
const IMPLICIT: readonly Decision[] = ['implicit-deny'];
const ALLOW: readonly Decision[] = ['allow'];
const DENIED_EITHER_WAY: readonly Decision[] = ['explicit-deny', 'implicit-deny'];
const ALLOW_OR_EXPLICIT: readonly Decision[] = ['allow', 'explicit-deny'];
const ALLOW_OR_IMPLICIT: readonly Decision[] = ['allow', 'implicit-deny'];
const ALL: readonly Decision[] = ['allow', 'explicit-deny', 'implicit-deny'];

function describeStatement({ statement, policy }: { statement: StatementMatch['statement']; policy: Policy }): string {
  return `${statement.sid === undefined ? `statement ${statement.index}` : `statement "${statement.sid}"`} of ${policy.name}`;
}

function explainDeny(denies: StatementMatch[]): string {
  return `Explicitly denied by ${denies.map(describeStatement).join(', ')}. An explicit Deny in any policy overrides every Allow.`;
}

/** `Statement "X" of bucket.json may deny it: that depends on …`, for the undecided statements of one effect. */
function explainMaybe(maybe: readonly Undecided[], effect: 'Allow' | 'Deny'): string {
  const statements = maybe.filter((m) => m.compiled.statement.effect === effect).map(({ policy, compiled }) => ({ policy, statement: compiled.statement }));
  const names = statements.map(describeStatement).join(', ');
  return `${names} may ${effect === 'Deny' ? 'deny' : 'allow'} it, depending on values the documents do not give.`;
}

/** Whether the policies that must allow do, and (when asked for) why in words. */
interface Verdict {
  allowed: Tri;
  /** The explanation; '' unless words were asked for. */
  words: string;
  /** The answer is undecided because AWS documents a `"*"`-and-aws:PrincipalArn grant under a boundary both ways. */
  boundaryDoubt: boolean;
}

const RESOURCE_POLICY_NAME: Record<EvaluationInput['resourceKind'], string> = {
  trust: 'the trust policy',
  bucket: 'the bucket policy',
  key: 'the key policy',
  none: 'the resource policy',
};

const CANNOT_SEE = "the principal's own account must also allow this; that side cannot be seen";

/** `allows` / `may allow` / `does not allow`. */
const verb = (tri: Tri, yes: string, maybe: string, no: string) => (tri === YES ? yes : tri === MAYBE ? maybe : no);

/** The principal's own side: its identity policies, limited by its permissions boundary (words only when asked for). */
function identitySide(input: EvaluationInput, identity: SideResult, boundary: SideResult | undefined, words: boolean): { allowed: Tri; words: string } {
  if (input.assumeIdentitySideAllows === true) return { allowed: YES, words: CANNOT_SEE };
  if (identity.allows === NO) {
    return { allowed: NO, words: !words ? '' : input.identityPolicies.length === 0 ? 'no identity policy is attached to the principal' : 'no identity policy allows it' };
  }
  const identityWords = words ? verb(identity.allows, 'the identity policies allow it', 'the identity policies may allow it', '') : '';
  if (boundary === undefined) return { allowed: identity.allows, words: identityWords };
  if (boundary.allows === NO) return { allowed: NO, words: words ? `${identityWords}, but the permissions boundary does not (a boundary only limits: both must allow)` : '' };
  return { allowed: and(identity.allows, boundary.allows), words: words ? `${identityWords}, and the permissions boundary ${verb(boundary.allows, 'allows it too', 'may allow it', '')}` : '' };
}

function sentence(allowed: Tri, ...parts: string[]): string {
  let text = allowed === YES ? 'Allowed: ' : allowed === MAYBE ? 'Maybe allowed: ' : 'Implicitly denied: ';
  let first = true;
  for (const part of parts) {
    if (part === '') continue;
    text += first ? part : `; ${part}`;
    first = false;
  }
  return `${text}.`;
}

/**
 * Which policies must allow ("Cross-account policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html;
 * "Key policies in AWS KMS", https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html;
 * "Permissions boundaries for IAM entities", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html):
 * - identity-only questions (resourceKind 'none'): the identity side;
 * - services and anonymous callers have no identity side: the resource policy alone;
 * - same account, bucket: the identity side OR a bucket policy naming the principal itself (naming
 *   only its account delegates to the account's IAM policies, which then must allow);
 * - same account, trust and key: the resource policy is required. Naming the principal itself is
 *   enough; naming its account lets the identity side grant it (for KMS: "enables IAM policies");
 * - same account, a grant to the role ARN (rather than to the caller's session) counts only as far
 *   as the role's permissions boundary allows it;
 * - cross-account: the resource policy must allow the principal (itself or its account) AND the
 *   principal's own account must allow it.
 * The words are put together only when an explanation is read.
 */
function decideAllow(input: EvaluationInput, request: PreparedRequest, identity: SideResult, boundary: SideResult | undefined, resource: SideResult | undefined, words: boolean): Verdict {
  const kind = input.resourceKind;
  const own = identitySide(input, identity, boundary, words);
  if (kind === 'none') return { allowed: own.allowed, words: words ? sentence(own.allowed, own.words) : '', boundaryDoubt: false };

  const name = RESOURCE_POLICY_NAME[kind];
  const caller = request.caller;
  if (caller.kind !== 'AWS') {
    const allowed = resource?.itself ?? NO;
    const why = !words
      ? ''
      : resource === undefined
        ? `a ${caller.kind.toLowerCase()} principal has no identity policies, so only ${name} could allow it, and there is none`
        : `${name} ${verb(allowed, 'allows', 'may allow', 'does not allow')} ${caller.arn}${allowed === NO ? `, and a ${caller.kind.toLowerCase()} principal has no identity policies that could` : ''}`;
    return { allowed, words: words ? sentence(allowed, why) : '', boundaryDoubt: false };
  }

  const required = kind === 'trust' || kind === 'key';
  if (resource === undefined && required) {
    const why = kind === 'key' ? 'there is no key policy; every KMS key needs one, and IAM policies only count when it allows them' : 'there is no trust policy, and a role can be assumed only when its trust policy allows it';
    return { allowed: NO, words: words ? sentence(NO, why) : '', boundaryDoubt: false };
  }
  const everyoneByArn = resource?.everyoneByArn ?? NO;
  const itself = resource?.itself ?? NO;
  const viaRole = resource?.role ?? NO;
  const viaAccount = resource?.account ?? NO;

  const crossAccount = input.resourceAccount !== undefined && caller.account !== input.resourceAccount;
  if (crossAccount) {
    const names = or(or(or(itself, viaRole), viaAccount), everyoneByArn);
    const allowed = and(names, own.allowed);
    if (!words) return { allowed, words: '', boundaryDoubt: false };
    const header = `cross-account request (the principal is in account ${caller.account ?? 'unknown'}, the resource in ${input.resourceAccount}), so both accounts must allow it`;
    const resourceSays =
      resource === undefined
        ? `there is no ${name.replace('the ', '')} to allow it`
        : names === NO
          ? `${name} does not allow the principal`
          : `${name} ${verb(names, 'allows', 'may allow', '')} the principal${itself === NO && viaRole === NO ? "'s account" : ''}`;
    return { allowed, words: sentence(allowed, header, resourceSays, own.words), boundaryDoubt: false };
  }

  // Within the account a grant to the role ARN is limited by the role's permissions boundary; a grant to its session is not.
  const boundaryAllows = boundary === undefined ? YES : boundary.allows;
  const roleGrant = and(viaRole, boundaryAllows);
  // Limited by the boundary, or not: AWS documents both (EVERYONE_BY_ARN).
  const arnGrant = boundaryAllows === YES ? everyoneByArn : and(everyoneByArn, MAYBE);
  const allowed = kind === 'bucket' ? or(or(or(own.allowed, itself), roleGrant), arnGrant) : or(or(or(itself, roleGrant), and(viaAccount, own.allowed)), arnGrant);
  const boundaryDoubt = allowed === MAYBE && arnGrant === MAYBE && everyoneByArn === YES;
  if (!words) return { allowed, words: '', boundaryDoubt };

  /** What the resource policy says about the principal. */
  const resourceSays = (otherwise: string, accountWords: string) => {
    if (itself !== NO) return `${name} ${verb(itself, kind === 'bucket' ? 'grants it' : 'names', kind === 'bucket' ? 'may grant it' : 'may name', '')} ${kind === 'bucket' ? 'to the principal directly' : 'the principal itself'}`;
    if (viaRole !== NO) {
      return boundary === undefined
        ? `${name} ${verb(viaRole, 'grants it', 'may grant it', '')} to the role`
        : `${name} ${verb(viaRole, 'grants it', 'may grant it', '')} to the role ARN, which counts only as far as the permissions boundary allows (${verb(boundaryAllows, 'it does', 'it may', 'it does not')})`;
    }
    if (viaAccount !== NO) return accountWords;
    if (everyoneByArn !== NO) return `${name} ${verb(everyoneByArn, 'grants it', 'may grant it', '')} to "*" picked by aws:PrincipalArn${boundaryAllows === YES ? '' : ', which the permissions boundary may or may not limit (AWS documents both)'}`;
    return otherwise;
  };
  const account = input.resourceAccount === undefined ? 'the same account (the resource account is not known)' : `the same account (${input.resourceAccount})`;
  if (kind === 'bucket') {
    const says = resourceSays(`${name} does not grant it`, `${name} names only the principal's account, which leaves it to the identity policies`);
    return { allowed, words: sentence(allowed, `principal and bucket are in ${account}: the identity policies or the bucket policy may allow it`, says, own.words), boundaryDoubt };
  }
  const delegation = kind === 'key' ? 'which enables IAM policies for this key' : 'which leaves it to the identity policies';
  const says = resourceSays(
    `${name} allows neither the principal nor its account${kind === 'key' ? ', so IAM policies have no effect on this key' : ''}`,
    `${name} ${verb(viaAccount, 'allows', 'may allow', '')} the principal's account, ${delegation}: ${own.words}`,
  );
  return { allowed, words: sentence(allowed, `principal and ${kind === 'key' ? 'key' : 'role'} are in ${account}`, says), boundaryDoubt };
}

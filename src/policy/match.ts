// Whether one statement applies to a request: YES, NO, or MAYBE when that depends on a value the
// documents do not give; and if not, which element failed and why. Elements are checked in the
// order action, resource, principal, condition, so a failure further along means the statement came
// closer to applying.
import type { JsonPath } from '../types.js';
import type { Policy, Request, StatementMatch, UndecidedMatch, Unknown, UnknownUse } from './model.js';
import type { CompiledCondition } from './conditions.js';
import { describeValues, type ActionPattern, type CompiledStatement, type PrincipalTest, type ResourcePattern } from './compile.js';
import { contextLookup, type ContextLookup } from './context.js';
import { callerPrincipal, describePrincipalSpec, matchPrincipal, Named, notPrincipalApplies, principalDoubt, type CallerPrincipal } from './principal.js';
import { MAYBE_UNRESOLVED, resolveTemplate, templateUnknowns, UNDETERMINED, UNRESOLVED, variablesNote } from './variables.js';
import { globMatches, globOverPrefix } from './wildcard.js';
import { MAYBE, NO, YES, join, type Tri } from './tri.js';

/** The request, read once for all statements. */
export class PreparedRequest {
  /** Lower-cased service prefix and action name (action names are not case-sensitive). */
  readonly service: string;
  readonly actionName: string;
  readonly caller: CallerPrincipal;
  /** The resource ARN, and its known beginning when the rest is unknown (read once: every statement asks). */
  readonly resource: string;
  readonly unknownResource: Request['unknownResource'];
  private lookup: ContextLookup | undefined;

  /** @param callerHasBoundary the caller is a role with a permissions boundary (a Deny with NotPrincipal then always applies to it). */
  constructor(
    readonly request: Request,
    readonly callerHasBoundary = false,
  ) {
    const action = request.action.toLowerCase();
    const colon = action.indexOf(':');
    this.service = colon < 0 ? action : action.slice(0, colon);
    this.actionName = colon < 0 ? '' : action.slice(colon + 1);
    this.caller = callerPrincipal(request.principal);
    this.resource = request.resource;
    this.unknownResource = request.unknownResource;
  }

  /** The context indexed by lower-cased key, built when a condition or policy variable first needs it: most questions are settled by Action, Resource and Principal alone. */
  get context(): ContextLookup {
    return (this.lookup ??= contextLookup(this.request.context));
  }
}

/** Identity-based policies (and boundaries) or a resource-based policy of some kind. */
export type PolicyRole = 'identity' | 'trust' | 'bucket' | 'key';

/** How an Allow statement's Principal names the caller (identity statements name the caller itself). */
export function principalNamed(compiled: CompiledStatement, role: PolicyRole, caller: CallerPrincipal): Named {
  const principal = compiled.principal;
  if (principal === undefined || role === 'identity') return Named.Itself;
  return principal.negated ? Named.Itself : matchPrincipal(principal.principal, caller);
}

function principalApplies(principal: PrincipalTest, effect: 'Allow' | 'Deny', request: PreparedRequest): Tri {
  if (principal.negated) return notPrincipalApplies(principal.principal, request.caller, effect, request.callerHasBoundary);
  const named = matchPrincipal(principal.principal, request.caller);
  return named === Named.Not ? NO : named === Named.MaybeItself ? MAYBE : YES;
}

/** YES when the statement applies, NO when it does not, MAYBE when that depends on values the documents do not give. Allocates nothing on the definite path. */
export function statementApplies(compiled: CompiledStatement, role: PolicyRole, request: PreparedRequest): Tri {
  const action = compiled.action;
  if (action === undefined) return NO;
  let answer = actionApplies(action.negated, action.patterns, request);
  if (answer === NO) return NO;
  const resource = compiled.resource;
  // A trust policy has no Resource element: it is attached to the role it guards. Everywhere
  // else a statement without Resource matches no resource.
  if (resource === undefined) {
    if (role !== 'trust') return NO;
  } else {
    const applies = resourceApplies(resource.negated, resource.patterns, resource.templates.length > 0, request);
    if (applies === NO) return NO;
    if (applies < answer) answer = applies;
  }
  if (role !== 'identity') {
    if (compiled.principal === undefined) return NO;
    const principal = principalApplies(compiled.principal, compiled.statement.effect, request);
    if (principal === NO) return NO;
    if (principal < answer) answer = principal;
  }
  for (const condition of compiled.conditions) {
    const holds = condition.holds(request.context);
    if (holds === NO) return NO;
    if (holds < answer) answer = holds;
  }
  return answer;
}

type Failed = NonNullable<StatementMatch['failed']>;

/** Whether the statement applies (YES) or, if not, which element failed and why. Call for a statement that does not apply MAYBE. */
export function matchStatement(policy: Policy, compiled: CompiledStatement, role: PolicyRole, request: PreparedRequest): StatementMatch {
  const statement = compiled.statement;
  const failure = (element: Failed, failedPath: JsonPath, reason: string): StatementMatch => ({ policy, statement, applies: false, failed: element, failedPath, reason });
  const action = compiled.action;
  if (action === undefined) return failure('action', statement.path, 'The statement has neither Action nor NotAction, so it matches no action');
  if (actionApplies(action.negated, action.patterns, request) === NO) {
    const verb = action.negated ? 'is excluded by NotAction' : 'is not matched by Action';
    return failure('action', [...statement.path, action.negated ? 'NotAction' : 'Action'], `Action ${request.request.action} ${verb} ${describeValues(action.values)}`);
  }
  const resource = compiled.resource;
  if (resource === undefined && role !== 'trust') return failure('resource', statement.path, 'The statement has neither Resource nor NotResource, so it matches no resource');
  if (resource !== undefined && resourceApplies(resource.negated, resource.patterns, resource.templates.length > 0, request) === NO) {
    const verb = resource.negated ? 'is excluded by NotResource' : 'is not matched by Resource';
    const note = resource.templates.length === 0 ? '' : variablesNote(resource.templates, request.context);
    return failure('resource', [...statement.path, resource.negated ? 'NotResource' : 'Resource'], `Resource ${request.request.resource} ${verb} ${describeValues(resource.values)}${note}`);
  }
  if (role !== 'identity') {
    const principal = compiled.principal;
    if (principal === undefined) return failure('principal', statement.path, 'The statement has neither Principal nor NotPrincipal, so it applies to no principal');
    if (principalApplies(principal, statement.effect, request) === NO) {
      const verb = principal.negated ? 'is excluded by NotPrincipal' : 'is not named by Principal';
      return failure('principal', [...statement.path, principal.negated ? 'NotPrincipal' : 'Principal'], `Principal ${request.caller.arn} ${verb} ${describePrincipalSpec(principal.spec)}`);
    }
  }
  const condition = failedCondition(compiled.conditions, request.context);
  if (condition !== undefined) return failure('condition', condition.path, condition.explain(request.context));
  return { policy, statement, applies: true };
}

function failedCondition(conditions: readonly CompiledCondition[], context: ContextLookup): CompiledCondition | undefined {
  for (const condition of conditions) if (condition.holds(context) === NO) return condition;
  return undefined;
}

/** What an undecided statement depends on: each element that answered MAYBE, with its unknown values. */
export function undecidedMatch(policy: Policy, compiled: CompiledStatement, request: PreparedRequest, doubt?: Unknown): UndecidedMatch {
  const statement = compiled.statement;
  const uses: UnknownUse[] = doubt === undefined ? [] : [{ key: 'Principal', unknown: doubt, path: [...statement.path, 'Principal'] }];
  const action = compiled.action;
  if (action !== undefined && actionApplies(action.negated, action.patterns, request) === MAYBE) {
    uses.push({ key: action.negated ? 'NotAction' : 'Action', unknown: SERVICE_WILDCARD, path: [...statement.path, action.negated ? 'NotAction' : 'Action'] });
  }
  const resource = compiled.resource;
  if (resource !== undefined && resourceApplies(resource.negated, resource.patterns, resource.templates.length > 0, request) === MAYBE) {
    const path = [...statement.path, resource.negated ? 'NotResource' : 'Resource'];
    if (request.request.unknownResource !== undefined) uses.push({ key: 'Resource', unknown: request.request.unknownResource, path });
    for (const template of resource.templates) for (const unknown of templateUnknowns(template, request.context)) uses.push({ key: 'Resource', unknown, path });
  }
  const principal = compiled.principal;
  if (principal !== undefined && principalApplies(principal, statement.effect, request) === MAYBE) {
    uses.push({ key: principal.negated ? 'NotPrincipal' : 'Principal', unknown: principalDoubt(principal.principal, request.caller), path: [...statement.path, principal.negated ? 'NotPrincipal' : 'Principal'] });
  }
  for (const condition of compiled.conditions) {
    if (condition.holds(request.context) === MAYBE) for (const unknown of condition.unknowns(request.context)) uses.push({ key: condition.key, unknown, path: condition.path });
  }
  return { policy, statement, dependsOn: uses };
}

/** AWS does not document what a wildcard in an Action's service prefix matches (src/policy/compile.ts). */
export const SERVICE_WILDCARD: Unknown = {
  unknown: true,
  what: 'what a wildcard in the service prefix of an action matches (AWS documents wildcards only in the action name)',
  settle: 'write the service prefix in full (s3:GetBucket*, not *:GetBucket*)',
  mayBeAbsent: false,
};

function actionApplies(negated: boolean, patterns: readonly ActionPattern[], request: PreparedRequest): Tri {
  let matched: Tri = NO;
  for (const pattern of patterns) {
    const one = actionMatches(pattern, request);
    if (one > matched) matched = one;
    if (matched === YES) break;
  }
  return negated ? ((2 - matched) as Tri) : matched;
}

function actionMatches(pattern: ActionPattern, request: PreparedRequest): Tri {
  if (pattern.any) return YES;
  if ('never' in pattern) return NO;
  if (!globMatches(pattern.service, request.service) || !globMatches(pattern.name, request.actionName)) return NO;
  return pattern.wildService && pattern.service.text !== request.service ? MAYBE : YES;
}

/**
 * Resource or NotResource: YES, NO or MAYBE. A value whose policy variable AWS cannot resolve "will
 * not match any resource" ("IAM policy elements: Variables and tags"), yet the same page says the
 * statement "might" then be invalid: where the two readings differ (another value matches, or
 * NotResource excludes nothing else) the answer is MAYBE.
 */
function resourceApplies(negated: boolean, patterns: readonly ResourcePattern[], hasTemplates: boolean, request: PreparedRequest): Tri {
  let matched: Tri = NO;
  let unresolved = false;
  let maybeUnresolved = false;
  for (const pattern of patterns) {
    const one = pattern.any ? YES : 'glob' in pattern && request.unknownResource === undefined ? (globMatches(pattern.glob, request.resource) ? YES : NO) : resourceMatches(pattern, request);
    if (one === UNRESOLVED_PATTERN) unresolved = true;
    else if (one === MAYBE_UNRESOLVED_PATTERN) maybeUnresolved = true;
    else if (one > matched) matched = one;
    // Every pattern counts when one may be unresolvable: the answer must not depend on their order.
    if (matched === YES && !negated && !hasTemplates) break;
  }
  const withUnresolved: Tri = negated ? (matched === YES ? NO : MAYBE) : matched === NO ? NO : MAYBE;
  if (unresolved) return withUnresolved;
  if (maybeUnresolved) {
    const present: Tri = matched > MAYBE ? matched : MAYBE;
    return join(negated ? ((2 - present) as Tri) : present, withUnresolved);
  }
  return negated ? ((2 - matched) as Tri) : matched;
}

const UNRESOLVED_PATTERN = 3;
const MAYBE_UNRESOLVED_PATTERN = 4;

function resourceMatches(pattern: ResourcePattern, request: PreparedRequest): Tri | typeof UNRESOLVED_PATTERN | typeof MAYBE_UNRESOLVED_PATTERN {
  if (pattern.any) return YES;
  let glob;
  if ('glob' in pattern) glob = pattern.glob;
  else {
    const resolved = resolveTemplate(pattern.template, request.context);
    if (resolved === UNRESOLVED) return UNRESOLVED_PATTERN;
    if (resolved === MAYBE_UNRESOLVED) return MAYBE_UNRESOLVED_PATTERN;
    if (resolved === UNDETERMINED) return MAYBE;
    glob = resolved;
  }
  const partly = request.unknownResource;
  if (partly !== undefined) return globOverPrefix(glob, partly.prefix);
  return globMatches(glob, request.resource) ? YES : NO;
}

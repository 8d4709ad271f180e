// Whether one statement applies to a request, and if not, which element failed and why. Elements
// are checked in the order action, resource, principal, condition, so a failure further along
// means the statement came closer to applying.
import type { JsonPath } from '../types.js';
import type { Policy, Request, StatementMatch } from './model.js';
import type { CompiledCondition } from './conditions.js';
import { describeValues, type ActionPattern, type CompiledStatement, type PrincipalTest, type ResourcePattern } from './compile.js';
import { contextLookup, type ContextLookup } from './context.js';
import { callerPrincipal, describePrincipalSpec, excludedByNotPrincipal, matchPrincipal, type CallerPrincipal, type PrincipalVia } from './principal.js';
import { resolveTemplate, variablesNote } from './variables.js';
import { globMatches } from './wildcard.js';

/** The request, read once for all statements. */
export class PreparedRequest {
  /** Lower-cased service prefix and action name (action names are not case-sensitive). */
  readonly service: string;
  readonly actionName: string;
  readonly caller: CallerPrincipal;
  private lookup: ContextLookup | undefined;

  constructor(readonly request: Request) {
    const action = request.action.toLowerCase();
    const colon = action.indexOf(':');
    this.service = colon < 0 ? action : action.slice(0, colon);
    this.actionName = colon < 0 ? '' : action.slice(colon + 1);
    this.caller = callerPrincipal(request.principal);
  }

  /** The context indexed by lower-cased key, built when a condition or policy variable first needs it: most questions are settled by Action, Resource and Principal alone. */
  get context(): ContextLookup {
    return (this.lookup ??= contextLookup(this.request.context));
  }
}

/** Identity-based policies (and boundaries) or a resource-based policy of some kind. */
export type PolicyRole = 'identity' | 'trust' | 'bucket' | 'key';

/** How the statement's Principal or NotPrincipal names the caller; undefined when it leaves the caller out. */
export function principalVia(principal: PrincipalTest, caller: CallerPrincipal): PrincipalVia | undefined {
  if (principal.negated) return excludedByNotPrincipal(principal.principal, caller) ? undefined : 'direct';
  return matchPrincipal(principal.principal, caller);
}

type Failed = NonNullable<StatementMatch['failed']>;

/**
 * The first element that keeps the statement from applying (the condition itself for a condition),
 * or undefined when it applies. Allocates nothing: most statements fail here for most questions,
 * and their reasons are put into words only when asked for (matchStatement).
 */
export function firstFailure(compiled: CompiledStatement, role: PolicyRole, request: PreparedRequest): Exclude<Failed, 'condition'> | CompiledCondition | undefined {
  const action = compiled.action;
  if (action === undefined || anyAction(action.patterns, request) === action.negated) return 'action';
  const resource = compiled.resource;
  // A trust policy has no Resource element: it is attached to the role it guards. Everywhere
  // else a statement without Resource matches no resource.
  if (resource === undefined ? role !== 'trust' : anyResource(resource.patterns, request) === resource.negated) return 'resource';
  if (role !== 'identity' && (compiled.principal === undefined || principalVia(compiled.principal, request.caller) === undefined)) return 'principal';
  for (const condition of compiled.conditions) if (!condition.holds(request.context)) return condition;
  return undefined;
}

/** Whether the statement applies, and if not, which element failed and why. */
export function matchStatement(policy: Policy, compiled: CompiledStatement, role: PolicyRole, request: PreparedRequest): StatementMatch {
  const statement = compiled.statement;
  const failed = firstFailure(compiled, role, request);
  if (failed === undefined) return { policy, statement, applies: true };
  const failure = (element: Failed, failedPath: JsonPath, reason: string): StatementMatch => ({ policy, statement, applies: false, failed: element, failedPath, reason });
  if (typeof failed !== 'string') return failure('condition', failed.path, failed.explain(request.context));
  switch (failed) {
    case 'action': {
      const action = compiled.action;
      if (action === undefined) return failure('action', statement.path, 'The statement has neither Action nor NotAction, so it matches no action');
      const verb = action.negated ? 'is excluded by NotAction' : 'is not matched by Action';
      return failure('action', [...statement.path, action.negated ? 'NotAction' : 'Action'], `Action ${request.request.action} ${verb} ${describeValues(action.values)}`);
    }
    case 'resource': {
      const resource = compiled.resource;
      if (resource === undefined) return failure('resource', statement.path, 'The statement has neither Resource nor NotResource, so it matches no resource');
      const verb = resource.negated ? 'is excluded by NotResource' : 'is not matched by Resource';
      const note = resource.templates.length === 0 ? '' : variablesNote(resource.templates, request.context);
      return failure('resource', [...statement.path, resource.negated ? 'NotResource' : 'Resource'], `Resource ${request.request.resource} ${verb} ${describeValues(resource.values)}${note}`);
    }
    case 'principal': {
      const principal = compiled.principal;
      if (principal === undefined) return failure('principal', statement.path, 'The statement has neither Principal nor NotPrincipal, so it applies to no principal');
      const verb = principal.negated ? 'is excluded by NotPrincipal' : 'is not named by Principal';
      return failure('principal', [...statement.path, principal.negated ? 'NotPrincipal' : 'Principal'], `Principal ${request.caller.arn} ${verb} ${describePrincipalSpec(principal.spec)}`);
    }
  }
}

function anyAction(patterns: readonly ActionPattern[], request: PreparedRequest): boolean {
  for (const pattern of patterns) if (actionMatches(pattern, request)) return true;
  return false;
}

function anyResource(patterns: readonly ResourcePattern[], request: PreparedRequest): boolean {
  for (const pattern of patterns) if (resourceMatches(pattern, request)) return true;
  return false;
}

function actionMatches(pattern: ActionPattern, request: PreparedRequest): boolean {
  if (pattern.any) return true;
  if ('never' in pattern) return false;
  return globMatches(pattern.service, request.service) && globMatches(pattern.name, request.actionName);
}

function resourceMatches(pattern: ResourcePattern, request: PreparedRequest): boolean {
  if (pattern.any) return true;
  if ('glob' in pattern) return globMatches(pattern.glob, request.request.resource);
  const glob = resolveTemplate(pattern.template, request.context);
  return glob !== undefined && globMatches(glob, request.request.resource);
}

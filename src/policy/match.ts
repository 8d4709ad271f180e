// Whether one statement applies to a request, and if not, which element failed and why. Elements
// are checked in the order action, resource, principal, condition, so a failure further along
// means the statement came closer to applying.
import type { Policy, Request, StatementMatch } from './model.js';
import type { ActionPattern, CompiledStatement, ElementTest, ResourcePattern } from './compile.js';
import { contextLookup, type ContextLookup } from './context.js';
import { callerPrincipal, describePrincipalSpec, matchPrincipal, type CallerPrincipal, type PrincipalVia } from './principal.js';
import { resolveTemplate, unresolvedVariables } from './variables.js';
import { globMatches } from './wildcard.js';

/** The request, read once for all statements. */
export interface PreparedRequest {
  readonly request: Request;
  /** Lower-cased service prefix and action name (action names are not case-sensitive). */
  readonly service: string;
  readonly actionName: string;
  readonly context: ContextLookup;
  readonly caller: CallerPrincipal;
}

export function prepareRequest(request: Request): PreparedRequest {
  const action = request.action.toLowerCase();
  const colon = action.indexOf(':');
  return {
    request,
    service: colon < 0 ? action : action.slice(0, colon),
    actionName: colon < 0 ? '' : action.slice(colon + 1),
    context: contextLookup(request.context),
    caller: callerPrincipal(request.principal),
  };
}

/** Identity-based policies (and boundaries) or a resource-based policy of some kind. */
export type PolicyRole = 'identity' | 'trust' | 'bucket' | 'key';

export interface StatementOutcome {
  readonly match: StatementMatch;
  /** For a resource-based statement that applies: how its principal element named the caller. */
  readonly via: PrincipalVia | undefined;
}

const list = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(', ');

export function matchStatement(policy: Policy, compiled: CompiledStatement, role: PolicyRole, request: PreparedRequest): StatementOutcome {
  const statement = compiled.statement;
  const fail = (failed: NonNullable<StatementMatch['failed']>, failedPath: StatementMatch['failedPath'], reason: string): StatementOutcome => ({
    match: { policy, statement, applies: false, failed, failedPath, reason },
    via: undefined,
  });

  const action = compiled.action;
  if (action === undefined) return fail('action', statement.path, 'The statement has neither Action nor NotAction, so it matches no action');
  if (action.patterns.some((p) => actionMatches(p, request)) === action.negated) {
    const verb = action.negated ? 'is excluded by NotAction' : 'is not matched by Action';
    return fail('action', action.path, `Action ${request.request.action} ${verb} ${list(action.values)}`);
  }

  const resource = compiled.resource;
  // A trust policy has no Resource element: it is attached to the role it guards. Everywhere
  // else a statement without Resource matches no resource.
  if (resource === undefined && role !== 'trust') return fail('resource', statement.path, 'The statement has neither Resource nor NotResource, so it matches no resource');
  if (resource !== undefined && resource.patterns.some((p) => resourceMatches(p, request)) === resource.negated) {
    const verb = resource.negated ? 'is excluded by NotResource' : 'is not matched by Resource';
    return fail('resource', resource.path, `Resource ${request.request.resource} ${verb} ${list(resource.values)}${resourceVariablesNote(resource, request.context)}`);
  }

  let via: PrincipalVia | undefined;
  if (role !== 'identity') {
    const principal = compiled.principal;
    if (principal === undefined) return fail('principal', statement.path, 'The statement has neither Principal nor NotPrincipal, so it applies to no principal');
    const named = matchPrincipal(principal.principal, request.caller);
    if ((named !== undefined) === principal.negated) {
      const spec = principal.negated ? statement.notPrincipal! : statement.principal!;
      const verb = principal.negated ? 'is excluded by NotPrincipal' : 'is not named by Principal';
      return fail('principal', principal.path, `Principal ${request.caller.arn} ${verb} ${describePrincipalSpec(spec)}`);
    }
    via = named ?? 'direct';
  }

  for (const condition of compiled.conditions) {
    if (!condition.holds(request.context)) return fail('condition', condition.path, condition.explain(request.context));
  }
  return { match: { policy, statement, applies: true }, via };
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

function resourceVariablesNote(resource: ElementTest<ResourcePattern>, context: ContextLookup): string {
  const missing = resource.patterns.flatMap((p) => ('template' in p ? unresolvedVariables(p.template, context) : []));
  return missing.length === 0 ? '' : ` (policy variable ${[...new Set(missing)].join(', ')} has no value in this request)`;
}

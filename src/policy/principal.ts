// Principal and NotPrincipal of resource-based policies ("AWS JSON policy elements: Principal",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
// - `"*"` and `{"AWS": "*"}` are everyone, anonymous callers included;
// - `arn:aws:iam::A:root` and the bare id `A` name the account, not only its root user: they
//   delegate to account A, whose own IAM policies must then grant the access (so a match through
//   the account is reported as 'account', not 'direct');
// - a role ARN also matches the sessions of that role (`arn:aws:sts::A:assumed-role/NAME/SESSION`);
// - no wildcard matches part of a principal ARN, so other values compare exactly.
// NotPrincipal ("AWS JSON policy elements: NotPrincipal",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html)
// excludes a caller only when every level of its identity is listed: AWS checks the account, then
// the user or role (a role session counts as its role), so a list without the account still
// applies to the principal it names.
import type { PrincipalSpec, Request } from './model.js';
import { isAccountId, parsePrincipalArn } from './arn.js';

/** How a principal was named: itself (or everyone), or only through its account. */
export type PrincipalVia = 'direct' | 'account';

export type PrincipalKind = 'AWS' | 'Service' | 'Federated' | 'Anonymous';

/** The request's principal, read once per request. */
export interface CallerPrincipal {
  readonly arn: string;
  readonly kind: PrincipalKind;
  readonly account: string | undefined;
  /** partition:account:role-name when the caller is a role session. */
  readonly sessionOf: string | undefined;
  /** The account's root user, whose identity is the account alone. */
  readonly root: boolean;
}

export interface CompiledPrincipal {
  readonly everyone: boolean;
  readonly arns: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
  readonly accounts: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonicalUsers: ReadonlySet<string>;
}

const callers = new WeakMap<Request['principal'], CallerPrincipal>();

function kindOf(principal: Request['principal']): PrincipalKind {
  if (principal.type !== undefined) return principal.type;
  if (principal.arn === '*') return 'Anonymous';
  return principal.arn.startsWith('arn:') ? 'AWS' : 'Service';
}

export function callerPrincipal(principal: Request['principal']): CallerPrincipal {
  let caller = callers.get(principal);
  if (caller === undefined) {
    const parsed = parsePrincipalArn(principal.arn);
    caller = {
      arn: principal.arn,
      kind: kindOf(principal),
      account: principal.account ?? parsed?.account,
      sessionOf: parsed?.kind === 'assumed-role' ? `${parsed.partition}:${parsed.account}:${parsed.roleName}` : undefined,
      root: parsed?.kind === 'root',
    };
    callers.set(principal, caller);
  }
  return caller;
}

/** Most principals name one kind; the others share this empty set instead of one each. */
const NONE: ReadonlySet<string> = new Set();
const setOf = (values: readonly string[] | undefined): ReadonlySet<string> => (values === undefined || values.length === 0 ? NONE : new Set(values));

export function compilePrincipal(spec: PrincipalSpec): CompiledPrincipal {
  if (spec === '*') return { everyone: true, arns: NONE, roles: NONE, accounts: NONE, services: NONE, federated: NONE, canonicalUsers: NONE };
  let everyone = false;
  const arns = new Set<string>();
  const roles = new Set<string>();
  const accounts = new Set<string>();
  for (const value of spec['AWS'] ?? []) {
    const parsed = parsePrincipalArn(value);
    if (value === '*') everyone = true;
    else if (isAccountId(value)) accounts.add(value);
    else if (parsed?.kind === 'root') accounts.add(parsed.account);
    else {
      arns.add(value);
      if (parsed?.kind === 'role') roles.add(`${parsed.partition}:${parsed.account}:${parsed.roleName}`);
    }
  }
  return { everyone, arns, roles, accounts, services: setOf(spec['Service']), federated: setOf(spec['Federated']), canonicalUsers: setOf(spec['CanonicalUser']) };
}

/** The caller itself (not merely its account) is listed, or everyone is. */
function namesItself(compiled: CompiledPrincipal, caller: CallerPrincipal): boolean {
  if (compiled.everyone || compiled.canonicalUsers.has(caller.arn)) return true;
  switch (caller.kind) {
    case 'AWS':
      return compiled.arns.has(caller.arn) || (caller.sessionOf !== undefined && compiled.roles.has(caller.sessionOf));
    case 'Service':
      return compiled.services.has(caller.arn);
    case 'Federated':
      return compiled.federated.has(caller.arn);
    case 'Anonymous':
      return false;
  }
}

const namesAccount = (compiled: CompiledPrincipal, caller: CallerPrincipal) => caller.kind === 'AWS' && caller.account !== undefined && compiled.accounts.has(caller.account);

/** How a Principal element names the caller, or undefined when it does not. */
export function matchPrincipal(compiled: CompiledPrincipal, caller: CallerPrincipal): PrincipalVia | undefined {
  if (namesItself(compiled, caller)) return 'direct';
  return namesAccount(compiled, caller) ? 'account' : undefined;
}

/** Whether a NotPrincipal element leaves the caller out: its account and itself must both be listed. */
export function excludedByNotPrincipal(compiled: CompiledPrincipal, caller: CallerPrincipal): boolean {
  if (compiled.everyone) return true;
  if (caller.kind !== 'AWS') return namesItself(compiled, caller);
  return namesAccount(compiled, caller) && (caller.root || namesItself(compiled, caller));
}

/** `AWS arn:…, 123456789012; Service s3.amazonaws.com`, for reasons. */
export function describePrincipalSpec(spec: PrincipalSpec): string {
  if (spec === '*') return '"*" (everyone)';
  const parts = Object.entries(spec).map(([key, values]) => `${key} ${values.map((v) => JSON.stringify(v)).join(', ')}`);
  return parts.length === 0 ? 'no principal' : parts.join('; ');
}

// Principal and NotPrincipal of resource-based policies ("AWS JSON policy elements: Principal",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
// - `"*"` and `{"AWS": "*"}` are everyone, anonymous callers included;
// - `arn:aws:iam::A:root` and the bare id `A` name the account, not only its root user: they
//   delegate to account A, whose own IAM policies must then grant the access (a match through the
//   account is ACCOUNT, not ITSELF);
// - a role ARN names the role: its sessions match through it (ROLE), and within the account a
//   permissions boundary limits what a resource policy grants to the role ARN but not what it grants
//   to a session ARN (`arn:aws:sts::A:assumed-role/NAME/SESSION`) ("Permissions boundaries for IAM
//   entities", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html);
// - a role or user named in another case is undecided: IAM names are unique whatever their case
//   ("IAM and AWS STS quotas, name requirements, and character limits") and a saved policy names
//   the principal by its unique id ("AWS JSON policy elements: Principal"), yet the same Principal
//   page says "the user name part of the Amazon Resource Name (ARN) is case sensitive";
// - no wildcard matches part of a principal ARN, so other values compare exactly.
// NotPrincipal ("AWS JSON policy elements: NotPrincipal",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html)
// goes with Deny: it leaves a caller out only when every level of its identity is listed (the
// account, then the user or role; a role session counts as its role), and never leaves out a
// principal with a permissions boundary ("The NotPrincipal element with a Deny effect will always
// deny any IAM principal that has a permissions boundary policy attached"). With Allow it is not
// supported; it is taken not to grant a principal it names at any level.
import type { PrincipalSpec, Request, Unknown } from './model.js';
import { isAccountId, parsePrincipalArn } from './arn.js';
import { MAYBE, NO, YES, type Tri } from './tri.js';

/** How a Principal element names the caller. */
export const enum Named {
  Not = 0,
  /** Only through its account: the account's own IAM policies decide. */
  Account = 1,
  /** Through its role's ARN: a permissions boundary limits the grant. */
  Role = 2,
  /** The caller itself (its own ARN, its session ARN, its service, or everyone). */
  Itself = 3,
  /** A session ARN of the caller's role whose session name the documents do not give, or the caller's name in another case. */
  MaybeItself = 4,
}

/** The session name Mixpanel gives its role session: it is chosen by Mixpanel and never stated. */
export const SESSION_NAME: Unknown = {
  unknown: true,
  what: 'the role session name Mixpanel chooses, which it does not publish',
  settle: 'name the role (arn:aws:iam::ACCOUNT:role/NAME) instead of one of its sessions',
  mayBeAbsent: false,
};

/** Whether a role or user named in another case is the same principal: AWS documents it both ways. */
export const NAME_CASE: Unknown = {
  unknown: true,
  what: "whether a role or user name written in another case names the same principal (AWS documents IAM names as unique without regard to case, but the user name part of a Principal ARN as case-sensitive)",
  settle: 'write the ARN exactly as AWS returns it (aws iam get-role --query Role.Arn)',
  mayBeAbsent: false,
};

export type PrincipalKind = 'AWS' | 'Service' | 'Federated' | 'Anonymous';

/** The request's principal, read once per request. */
export interface CallerPrincipal {
  readonly arn: string;
  readonly kind: PrincipalKind;
  readonly account: string | undefined;
  /** `partition:account:role-name` when the caller is a role session. */
  readonly role: string | undefined;
  /** The session name; undefined for a session whose name is not known. */
  readonly sessionName: string | undefined;
  /** `partition:account:user-name` when the caller is an IAM user. */
  readonly user: string | undefined;
  /** The account's root user, whose identity is the account alone. */
  readonly root: boolean;
}

export interface CompiledPrincipal {
  readonly everyone: boolean;
  readonly arns: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
  readonly users: ReadonlySet<string>;
  /** Role and user keys with lower-cased names, to tell a name written in another case. */
  readonly rolesFolded: ReadonlySet<string>;
  readonly usersFolded: ReadonlySet<string>;
  /** `partition:account:role-name` → the session names listed for it. */
  readonly sessions: ReadonlyMap<string, ReadonlySet<string>>;
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

const nameKey = (partition: string, account: string, name: string) => `${partition}:${account}:${name}`;
/** A name written in another case: checked only when the exact name is not listed. */
const inAnotherCase = (folded: ReadonlySet<string>, key: string) => folded.size > 0 && folded.has(key.toLowerCase());

/**
 * The same caller comes in request after request (a probe builds new request objects): callers are
 * also remembered by ARN, bounded in count, and reused when the rest of what was given matches.
 */
const callersByArn = new Map<string, CallerPrincipal>();
const MAX_REMEMBERED_CALLERS = 10_000;

/** Whether a caller read from the same ARN stands for this principal too (same kind, account and session name). */
function sameCaller(known: CallerPrincipal, principal: Request['principal']): boolean {
  if (known.kind !== kindOf(principal) || (principal.account !== undefined && principal.account !== known.account)) return false;
  // An assumed-role ARN carries its own session name; a role's session is named by the principal.
  return known.arn.includes(':assumed-role/') || known.sessionName === principal.session?.name;
}

export function callerPrincipal(principal: Request['principal']): CallerPrincipal {
  let caller = callers.get(principal);
  if (caller !== undefined) return caller;
  const known = callersByArn.get(principal.arn);
  const sessionName = principal.session?.name;
  if (known !== undefined && sameCaller(known, principal)) caller = known;
  else {
    const parsed = parsePrincipalArn(principal.arn);
    // A role calls only through its sessions: a role ARN as the caller is a session of that role.
    const role = parsed?.kind === 'role' || parsed?.kind === 'assumed-role' ? nameKey(parsed.partition, parsed.account, parsed.roleName) : undefined;
    caller = {
      arn: principal.arn,
      kind: kindOf(principal),
      account: principal.account ?? parsed?.account,
      role,
      sessionName: parsed?.kind === 'assumed-role' ? parsed.sessionName : sessionName,
      user: parsed?.kind === 'user' ? nameKey(parsed.partition, parsed.account, parsed.userName) : undefined,
      root: parsed?.kind === 'root',
    };
    if (callersByArn.size >= MAX_REMEMBERED_CALLERS) callersByArn.clear();
    callersByArn.set(principal.arn, caller);
  }
  callers.set(principal, caller);
  return caller;
}

/** Most principals name one kind; the others share this empty set instead of one each. */
const NONE: ReadonlySet<string> = new Set();
const NO_SESSIONS: ReadonlyMap<string, ReadonlySet<string>> = new Map();
const setOf = (values: readonly string[] | undefined): ReadonlySet<string> => (values === undefined || values.length === 0 ? NONE : new Set(values));

export function compilePrincipal(spec: PrincipalSpec): CompiledPrincipal {
  if (spec === '*') return { everyone: true, arns: NONE, roles: NONE, users: NONE, rolesFolded: NONE, usersFolded: NONE, sessions: NO_SESSIONS, accounts: NONE, services: NONE, federated: NONE, canonicalUsers: NONE };
  let everyone = false;
  const arns = new Set<string>();
  const roles = new Set<string>();
  const users = new Set<string>();
  const sessions = new Map<string, Set<string>>();
  const accounts = new Set<string>();
  for (const value of spec['AWS'] ?? []) {
    const parsed = parsePrincipalArn(value);
    if (value === '*') everyone = true;
    else if (isAccountId(value)) accounts.add(value);
    else if (parsed?.kind === 'root') accounts.add(parsed.account);
    else {
      arns.add(value);
      if (parsed?.kind === 'role') roles.add(nameKey(parsed.partition, parsed.account, parsed.roleName));
      if (parsed?.kind === 'user') users.add(nameKey(parsed.partition, parsed.account, parsed.userName));
      if (parsed?.kind === 'assumed-role') {
        const role = nameKey(parsed.partition, parsed.account, parsed.roleName);
        sessions.set(role, (sessions.get(role) ?? new Set()).add(parsed.sessionName));
      }
    }
  }
  return {
    everyone,
    arns,
    roles: roles.size === 0 ? NONE : roles,
    users: users.size === 0 ? NONE : users,
    rolesFolded: roles.size === 0 ? NONE : new Set([...roles].map((key) => key.toLowerCase())),
    usersFolded: users.size === 0 ? NONE : new Set([...users].map((key) => key.toLowerCase())),
    sessions: sessions.size === 0 ? NO_SESSIONS : sessions,
    accounts,
    services: setOf(spec['Service']),
    federated: setOf(spec['Federated']),
    canonicalUsers: setOf(spec['CanonicalUser']),
  };
}

/** How the caller itself is named: by its own ARN or session (Itself), a session of unknown name (MaybeItself), its role (Role), or not. */
function namesItself(compiled: CompiledPrincipal, caller: CallerPrincipal): Named {
  if (compiled.everyone || compiled.canonicalUsers.has(caller.arn)) return Named.Itself;
  switch (caller.kind) {
    case 'AWS': {
      if (caller.user !== undefined) {
        if (compiled.users.has(caller.user)) return Named.Itself;
        return inAnotherCase(compiled.usersFolded, caller.user) ? Named.MaybeItself : Named.Not;
      }
      if (caller.role === undefined) return compiled.arns.has(caller.arn) ? Named.Itself : Named.Not;
      const sessions = compiled.sessions.size === 0 ? undefined : compiled.sessions.get(caller.role);
      if (sessions !== undefined && caller.sessionName !== undefined && sessions.has(caller.sessionName)) return Named.Itself;
      if (compiled.roles.has(caller.role)) return Named.Role;
      return (sessions !== undefined && caller.sessionName === undefined) || inAnotherCase(compiled.rolesFolded, caller.role) ? Named.MaybeItself : Named.Not;
    }
    case 'Service':
      return compiled.services.has(caller.arn) ? Named.Itself : Named.Not;
    case 'Federated':
      return compiled.federated.has(caller.arn) ? Named.Itself : Named.Not;
    case 'Anonymous':
      return Named.Not;
  }
}

const namesAccount = (compiled: CompiledPrincipal, caller: CallerPrincipal) => caller.kind === 'AWS' && caller.account !== undefined && compiled.accounts.has(caller.account);

/** How a Principal element names the caller. A session of unknown name listed beside its role or account counts as the surer grant. */
export function matchPrincipal(compiled: CompiledPrincipal, caller: CallerPrincipal): Named {
  const itself = namesItself(compiled, caller);
  if (itself === Named.Itself || itself === Named.Role) return itself;
  if (namesAccount(compiled, caller)) return Named.Account;
  return itself;
}

/**
 * Whether a NotPrincipal element lets the statement apply to the caller: YES when it leaves the
 * caller in, NO when it leaves the caller out, MAYBE when that depends on a session name the
 * documents do not give.
 */
export function notPrincipalApplies(compiled: CompiledPrincipal, caller: CallerPrincipal, effect: 'Allow' | 'Deny', callerHasBoundary: boolean): Tri {
  if (compiled.everyone) return NO;
  const itself = namesItself(compiled, caller);
  if (effect === 'Allow') {
    // Not supported with Allow: a principal it names at any level is not granted.
    if (itself === Named.MaybeItself) return MAYBE;
    return itself !== Named.Not || namesAccount(compiled, caller) ? NO : YES;
  }
  if (caller.kind !== 'AWS') return itself === Named.Itself ? NO : YES;
  if (callerHasBoundary) return YES;
  if (!namesAccount(compiled, caller)) return YES;
  if (caller.root) return NO;
  return itself === Named.Not ? YES : itself === Named.MaybeItself ? MAYBE : NO;
}

/** What a MaybeItself match depends on: the caller's name written in another case, or its session name. */
export function principalDoubt(compiled: CompiledPrincipal, caller: CallerPrincipal): Unknown {
  const exact = caller.user !== undefined ? compiled.users.has(caller.user) : caller.role !== undefined && (compiled.roles.has(caller.role) || compiled.sessions.has(caller.role));
  return exact ? SESSION_NAME : NAME_CASE;
}

/** `AWS arn:…, 123456789012; Service s3.amazonaws.com`, for reasons. */
export function describePrincipalSpec(spec: PrincipalSpec): string {
  if (spec === '*') return '"*" (everyone)';
  const parts = Object.entries(spec).map(([key, values]) => `${key} ${values.map((v) => JSON.stringify(v)).join(', ')}`);
  return parts.length === 0 ? 'no principal' : parts.join('; ');
}

// Negative questions ("can anyone other than Mixpanel assume the role?", "does any external id
// other than the token work?") answered by evaluating a finite set of representative requests.
import type { ContextValue, EvaluationInput, Policy, Request, RequestContextValues } from './model.js';
import { isAccountId, parsePrincipalArn } from './arn.js';
import { evaluatePolicies } from './evaluate.js';
import { parseDate } from './operators.js';
import { globMatches, parseGlob } from './wildcard.js';

interface Mention {
  /** The operator without set prefix and IfExists suffix, e.g. `StringLike`. */
  base: string;
  value: string;
}

function baseOperator(operator: string): string {
  return operator.replace(/^(?:ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
}

/** Every value the policies compare the key with (key names are not case-sensitive). */
function mentions(policies: readonly Policy[], key: string): Mention[] {
  const wanted = key.toLowerCase();
  const found: Mention[] = [];
  for (const policy of policies) {
    for (const statement of policy.statements) {
      for (const [operator, entries] of Object.entries(statement.condition ?? {})) {
        for (const [name, values] of Object.entries(entries)) {
          if (name.toLowerCase() === wanted) for (const value of values) found.push({ base: baseOperator(operator), value: String(value) });
        }
      }
    }
  }
  return found;
}

const swapCase = (text: string) => [...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');

/** Values standing for the classes a mentioned value opens, besides the value itself. */
function neighbours({ base, value }: Mention): string[] {
  if (base.includes('IgnoreCase')) return [swapCase(value)];
  if (base.endsWith('Like')) return [value.replace(/\*/g, '').replace(/\?/g, 'x')];
  if (base.startsWith('Numeric') && value.trim() !== '' && Number.isFinite(Number(value))) return [String(Number(value) - 1), String(Number(value) + 1)];
  if (base.startsWith('Date')) {
    const ms = parseDate(value);
    return ms === undefined ? [] : [new Date(ms - 1000).toISOString(), new Date(ms + 1000).toISOString()];
  }
  return [];
}

const FRESH_VALUE = 'mp-s3-lint-fresh-value';

/** Whether a candidate value is the fresh one, standing for "any value the policy does not mention". */
export function isFreshValue(value: string): boolean {
  return /^#*$/.test(value.replace(FRESH_VALUE, ''));
}

/**
 * A value equal to none of the mentioned values (in any case) and matched by none of their
 * patterns but all-`*` ones. Shapes vary in prefix, suffix and length so that prefix, suffix,
 * containment and fixed-length (`???`) patterns can each be escaped. When every shape is taken,
 * the mentioned values already cover every class, and the first shape is as good as any.
 */
function freshValue(mentioned: readonly string[]): string {
  const patterns = mentioned.filter((value) => !/^\**$/.test(value)).map(parseGlob);
  const folded = new Set(mentioned.map((value) => value.toLowerCase()));
  const free = (value: string) => !folded.has(value.toLowerCase()) && !patterns.some((glob) => globMatches(glob, value));
  const base = FRESH_VALUE;
  for (let k = 0; k < 64; k++) {
    const pad = '#'.repeat(k);
    for (const candidate of [`${pad}${base}${pad}`, pad]) if (free(candidate)) return candidate;
  }
  return base;
}

/**
 * The values a condition key can usefully take: the literal values the policies mention for it,
 * the neighbours they imply, and one fresh value. Evaluating each of them, plus the request
 * without the key, answers "is any value other than T accepted?":
 * - equality operators (StringEquals, NumericEquals, DateEquals, Bool, BinaryEquals and their
 *   negations) give every value outside the mentioned set the same answer, so one fresh value
 *   stands for all of them; IgnoreCase operators also get each value in another case;
 * - Like operators answer by which patterns match: each pattern's own text and a plain instance of
 *   it (wildcards dropped) represent "matches", the fresh value (matched by no pattern but an
 *   all-`*` one, which every value matches) represents "matches none". This is exact unless two
 *   patterns partly overlap (e.g. `a*` and `*b`), where a value matching both is represented only
 *   if one of the listed values happens to be one;
 * - ordered operators (Numeric*, Date*) change answer only at the mentioned thresholds, so each
 *   threshold and one step below and above it stand for the intervals (exact for integer
 *   thresholds and whole-second dates).
 */
export function candidateValues(policies: readonly Policy[], key: string): string[] {
  const found = mentions(policies, key);
  const values = new Set<string>();
  for (const mention of found) values.add(mention.value);
  for (const mention of found) for (const value of neighbours(mention)) values.add(value);
  values.add(freshValue(found.map((mention) => mention.value)));
  return [...values];
}

const FRESH_NAME = 'mp-s3-lint-fresh-principal';
const STRANGER_NAME = 'mp-s3-lint-stranger';

/**
 * What a candidate principal stands for: a principal the policies name (`named`), any principal
 * of an account they name (`account`), or any principal of any account they never name (`anyone`).
 */
export function principalStandsFor(principal: Request['principal']): 'named' | 'account' | 'anyone' {
  if (principal.type === 'Anonymous' || principal.arn.endsWith(`:user/${STRANGER_NAME}`)) return 'anyone';
  return principal.arn.endsWith(`:user/${FRESH_NAME}`) ? 'account' : 'named';
}

/** A principal the policies do not name, in the given account. */
function freshIn(account: string, partition = 'aws', name = FRESH_NAME): Request['principal'] {
  return { arn: `arn:${partition}:iam::${account}:user/${name}`, account, type: 'AWS' };
}

function awsPrincipal(value: string): Request['principal'] | undefined {
  if (value === '*' || /[*?]/.test(value)) return undefined;
  if (isAccountId(value)) return freshIn(value);
  const parsed = parsePrincipalArn(value);
  if (parsed === undefined) return undefined;
  return parsed.kind === 'root' ? freshIn(parsed.account, parsed.partition) : { arn: value, account: parsed.account, type: 'AWS' };
}

/** Principals named in Principal/NotPrincipal and in conditions on aws:PrincipalArn / aws:PrincipalAccount. */
function namedPrincipals(policies: readonly Policy[]): Request['principal'][] {
  const named: (Request['principal'] | undefined)[] = [];
  for (const policy of policies) {
    for (const statement of policy.statements) {
      for (const spec of [statement.principal, statement.notPrincipal]) {
        if (spec === undefined || spec === '*') continue;
        for (const value of spec['AWS'] ?? []) named.push(awsPrincipal(value));
        for (const value of spec['Service'] ?? []) named.push({ arn: value, type: 'Service' });
        for (const value of spec['Federated'] ?? []) named.push({ arn: value, type: 'Federated' });
      }
    }
  }
  for (const { value } of mentions(policies, 'aws:PrincipalArn')) named.push(awsPrincipal(value));
  for (const { value } of mentions(policies, 'aws:PrincipalAccount')) named.push(isAccountId(value) ? freshIn(value) : undefined);
  return named.filter((p): p is Request['principal'] => p !== undefined);
}

function strangerAmong(named: readonly Request['principal'][]): Request['principal'] {
  const accounts = new Set(named.map((p) => p.account));
  let stranger = 999999999999;
  while (accounts.has(String(stranger))) stranger--;
  return freshIn(String(stranger), 'aws', STRANGER_NAME);
}

/** A principal in an account the policies never name: it stands for anyone in any other account. */
export function strangerTo(policies: readonly Policy[]): Request['principal'] {
  return strangerAmong(namedPrincipals(policies));
}

/**
 * The principals that can be told apart by the policies: each user, role and service they name,
 * a fresh principal in each account they name (an account in Principal stands for all of its
 * principals), a fresh principal in an account they never name, and anonymous (`*`).
 */
export function candidatePrincipals(policies: readonly Policy[]): Request['principal'][] {
  const named = namedPrincipals(policies);
  const all = [...named, strangerAmong(named), { arn: '*', type: 'Anonymous' as const }];
  const seen = new Set<string>();
  return all.filter((p) => {
    const id = `${p.type ?? ''}\u0000${p.arn}`;
    return !seen.has(id) && seen.add(id);
  });
}

/** The request with the key set to the value, or removed (in any spelling) when it is undefined. */
export function withContextValue(request: Request, key: string, value: ContextValue | undefined): Request {
  const lower = key.toLowerCase();
  const context: Record<string, ContextValue> = {};
  for (const [name, item] of Object.entries(request.context)) if (name.toLowerCase() !== lower) context[name] = item;
  if (value !== undefined) context[key] = value;
  return { ...request, context: context as RequestContextValues };
}

/** Of the key's candidate values and its absence (undefined), those for which the request is allowed. */
export function allowedValues(input: EvaluationInput, template: Request, key: string): (string | undefined)[] {
  const policies = [...input.identityPolicies, ...(input.boundary === undefined ? [] : [input.boundary]), ...(input.resourcePolicy === undefined ? [] : [input.resourcePolicy])];
  return [undefined, ...candidateValues(policies, key)].filter((value) => evaluatePolicies(input, withContextValue(template, key, value)).outcome === 'allow');
}

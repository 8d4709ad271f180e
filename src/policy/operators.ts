// The condition operators and how each compares one request value with the policy's values
// ("IAM JSON policy elements: Condition operators",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
// Several values for one key are ORed: a tester answers "does any policy value match?". A negated
// operator (StringNotEquals, NotIpAddress, …) is the negation of its positive twin, so several
// values there mean "matches none of them".
import type { ConditionValue } from './model.js';
import type { ContextLookup } from './context.js';
import { ARN_PARTS, splitArn, splitArnGlob } from './arn.js';
import { ipInRange, parseCidr, parseIp, type IpRange } from './ip.js';
import { parseTemplate, resolveTemplate, type Template } from './variables.js';
import { globMatches, parseGlob, type Glob } from './wildcard.js';

/** True when some policy value matches the request value. */
export type ValueTest = (requestValue: string, context: ContextLookup) => boolean;

export interface BaseOperator {
  /** The condition holds when the positive test fails. */
  readonly negated: boolean;
  /** Words for a failed check, e.g. `is not`: `request value "x" is not "tok"`. */
  readonly failure: string;
  /** Whether policy variables apply to its values (string and ARN operators only). */
  readonly variables: boolean;
  compile(values: readonly ConditionValue[], variables: boolean): ValueTest;
}

// ---- strings ---------------------------------------------------------------------------------

/** A policy value that is either fixed or, with policy variables, resolved per request. */
type StringValue = { fixed: string } | { template: Template };

function stringValues(values: readonly ConditionValue[], variables: boolean): StringValue[] {
  return values.map((value) => {
    const text = String(value);
    const template = variables ? parseTemplate(text) : undefined;
    return template === undefined ? { fixed: text } : { template };
  });
}

/** A policy value as a wildcard pattern: fixed, or resolved per request when it holds variables. */
type PatternValue = { glob: Glob } | { template: Template };

function patternValues(values: readonly ConditionValue[], variables: boolean): PatternValue[] {
  return stringValues(values, variables).map((value) => ('fixed' in value ? { glob: parseGlob(value.fixed) } : value));
}

/** The pattern for this request; undefined when its variables cannot be resolved. */
function patternOf(value: PatternValue, context: ContextLookup): Glob | undefined {
  return 'glob' in value ? value.glob : resolveTemplate(value.template, context);
}

function stringEquals(ignoreCase: boolean): BaseOperator['compile'] {
  const fold = (text: string) => (ignoreCase ? text.toLowerCase() : text);
  return (values, variables) => {
    const parsed = stringValues(values, variables);
    const fixed = new Set(parsed.flatMap((v) => ('fixed' in v ? [fold(v.fixed)] : [])));
    const templates = parsed.flatMap((v) => ('template' in v ? [v.template] : []));
    return (request, context) => {
      const folded = fold(request);
      if (fixed.has(folded)) return true;
      // A resolved variable is literal text: `${*}` is the character *, not a wildcard.
      return templates.some((template) => {
        const resolved = resolveTemplate(template, context);
        return resolved !== undefined && fold(resolved.text) === folded;
      });
    };
  };
}

function stringLike(values: readonly ConditionValue[], variables: boolean): ValueTest {
  const patterns = patternValues(values, variables);
  return (request, context) =>
    patterns.some((value) => {
      const glob = patternOf(value, context);
      return glob !== undefined && globMatches(glob, request);
    });
}

// ---- ARNs ------------------------------------------------------------------------------------

/**
 * ArnEquals and ArnLike behave alike: each of the six colon-delimited components is matched on
 * its own, with `*` and `?` inside a component (a `*` cannot run across a component's colon,
 * except in the resource part, which keeps its colons). A pattern without six components (such
 * as a lone `*`) is matched against the whole value.
 */
const arnPatternParts = new WeakMap<Glob, Glob[] | undefined>();

function arnMatches(pattern: Glob, request: string): boolean {
  let patternParts = arnPatternParts.get(pattern);
  if (!arnPatternParts.has(pattern)) {
    patternParts = splitArnGlob(pattern);
    arnPatternParts.set(pattern, patternParts);
  }
  if (patternParts === undefined) return globMatches(pattern, request);
  const requestParts = splitArn(request);
  if (requestParts === undefined) return false;
  for (let i = 0; i < ARN_PARTS; i++) if (!globMatches(patternParts[i]!, requestParts[i]!)) return false;
  return true;
}

function arnLike(values: readonly ConditionValue[], variables: boolean): ValueTest {
  const patterns = patternValues(values, variables);
  return (request, context) =>
    patterns.some((value) => {
      const glob = patternOf(value, context);
      return glob !== undefined && arnMatches(glob, request);
    });
}

// ---- numbers and dates -----------------------------------------------------------------------

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumber(value: ConditionValue): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && NUMBER.test(value.trim()) ? Number(value) : undefined;
}

const EPOCH_SECONDS = /^[+-]?\d+(?:\.\d+)?$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** ISO 8601 (a date-time without zone is UTC) or epoch seconds → milliseconds. */
export function parseDate(value: ConditionValue): number | undefined {
  if (typeof value === 'number') return value * 1000;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (EPOCH_SECONDS.test(text)) return Number(text) * 1000;
  const match = ISO_8601.exec(text);
  if (match === null) return undefined;
  const withZone = text.includes('T') || text.includes(' ') ? (match[1] === undefined ? `${text}Z` : text) : text;
  const ms = Date.parse(withZone.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

type Compare = (request: number, policy: number) => boolean;

function ordered(parse: (value: ConditionValue) => number | undefined, compare: Compare): BaseOperator['compile'] {
  return (values) => {
    const limits = values.map(parse).filter((n): n is number => n !== undefined);
    return (request) => {
      const value = parse(request);
      return value !== undefined && limits.some((limit) => compare(value, limit));
    };
  };
}

// ---- Bool, binary, IP --------------------------------------------------------------------------

function boolEquals(values: readonly ConditionValue[]): ValueTest {
  const wanted = new Set<string>(values.map((v) => String(v).toLowerCase()).filter((v) => v === 'true' || v === 'false'));
  return (request) => wanted.has(request.toLowerCase());
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Canonical bytes of a base64 value (so `QQ==` and a re-encoding compare equal), or undefined. */
function base64Bytes(value: string): string | undefined {
  return BASE64.test(value) ? Buffer.from(value, 'base64').toString('hex') : undefined;
}

function binaryEquals(values: readonly ConditionValue[]): ValueTest {
  const wanted = new Set(values.flatMap((v) => (typeof v === 'string' ? [base64Bytes(v)] : [])).filter((v): v is string => v !== undefined));
  return (request) => {
    const bytes = base64Bytes(request);
    return bytes !== undefined && wanted.has(bytes);
  };
}

function ipAddress(values: readonly ConditionValue[]): ValueTest {
  const ranges = values.flatMap((v) => (typeof v === 'string' ? [parseCidr(v.trim())] : [])).filter((r): r is IpRange => r !== undefined);
  return (request) => {
    const address = parseIp(request.trim());
    return address !== undefined && ranges.some((range) => ipInRange(range, address));
  };
}

// ---- the table -----------------------------------------------------------------------------------

function op(compile: BaseOperator['compile'], failure: string, options: { negated?: boolean; variables?: boolean } = {}): BaseOperator {
  return { compile, failure, negated: options.negated ?? false, variables: options.variables ?? false };
}

const str = { variables: true };
const notStr = { variables: true, negated: true };
const not = { negated: true };
const numberIs = (compare: Compare) => ordered(parseNumber, compare);
const dateIs = (compare: Compare) => ordered(parseDate, compare);
const eq: Compare = (a, b) => a === b;
const lt: Compare = (a, b) => a < b;
const le: Compare = (a, b) => a <= b;
const gt: Compare = (a, b) => a > b;
const ge: Compare = (a, b) => a >= b;

/** Every operator without its `ForAnyValue:`/`ForAllValues:` prefix and `IfExists` suffix (Null is apart). */
export const BASE_OPERATORS: ReadonlyMap<string, BaseOperator> = new Map([
  ['StringEquals', op(stringEquals(false), 'is not', str)],
  ['StringNotEquals', op(stringEquals(false), 'is', notStr)],
  ['StringEqualsIgnoreCase', op(stringEquals(true), 'is not (ignoring case)', str)],
  ['StringNotEqualsIgnoreCase', op(stringEquals(true), 'is (ignoring case)', notStr)],
  ['StringLike', op(stringLike, 'does not match', str)],
  ['StringNotLike', op(stringLike, 'matches', notStr)],
  ['NumericEquals', op(numberIs(eq), 'is not')],
  ['NumericNotEquals', op(numberIs(eq), 'is', not)],
  ['NumericLessThan', op(numberIs(lt), 'is not less than')],
  ['NumericLessThanEquals', op(numberIs(le), 'is not less than or equal to')],
  ['NumericGreaterThan', op(numberIs(gt), 'is not greater than')],
  ['NumericGreaterThanEquals', op(numberIs(ge), 'is not greater than or equal to')],
  ['DateEquals', op(dateIs(eq), 'is not')],
  ['DateNotEquals', op(dateIs(eq), 'is', not)],
  ['DateLessThan', op(dateIs(lt), 'is not before')],
  ['DateLessThanEquals', op(dateIs(le), 'is not at or before')],
  ['DateGreaterThan', op(dateIs(gt), 'is not after')],
  ['DateGreaterThanEquals', op(dateIs(ge), 'is not at or after')],
  ['Bool', op(boolEquals, 'is not')],
  ['BinaryEquals', op(binaryEquals, 'is not')],
  ['IpAddress', op(ipAddress, 'is not in')],
  ['NotIpAddress', op(ipAddress, 'is in', not)],
  ['ArnEquals', op(arnLike, 'does not match', str)],
  ['ArnLike', op(arnLike, 'does not match', str)],
  ['ArnNotEquals', op(arnLike, 'matches', notStr)],
  ['ArnNotLike', op(arnLike, 'matches', notStr)],
]);

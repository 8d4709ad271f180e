// The condition operators and how each compares one request value with the policy's values
// ("IAM JSON policy elements: Condition operators",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
// Several values for one key are ORed: a tester answers "does any policy value match?". A negated
// operator (StringNotEquals, NotIpAddress, …) is the negation of its positive twin, so several
// values there mean "matches none of them".
//
// Three answers are not a plain match or mismatch, and a negated operator must not turn them into one:
// - INVALID: a policy value the operator cannot read (`NotIpAddress` with "10.0.0.300/8",
//   `NumericNotEquals` with "ten"). A failed parse is not "different"; the condition does not apply
//   whatever the operator (IAM rejects most such values when the policy is saved; MP010 reports them).
// - UNRESOLVED (a flag on the answer of the other values): a policy variable with no value in the
//   request and no default. AWS's "IAM policy elements: Variables and tags" page says both that this
//   "might cause the entire statement to be invalid" and that "inverted condition operators like
//   StringNotEquals or StringNotLike do match against a null value"; where the two readings give
//   different answers, the answer is MAYBE (src/policy/conditions.ts), never a guess.
// - MAYBE: the request value, or a policy variable's value, is one the documents do not give.
import type { ConditionValue, Unknown } from './model.js';
import type { ContextLookup } from './context.js';
import { ARN_PARTS, splitArn, splitArnGlob } from './arn.js';
import { ipInRange, isNonPublicRange, parseCidr, parseIp, type IpRange } from './ip.js';
import { MAYBE_UNRESOLVED, parseTemplate, resolveTemplate, UNDETERMINED, UNRESOLVED, type Template } from './variables.js';
import { globMatches, globOverPrefix, parseGlob, type Glob } from './wildcard.js';
import { MAYBE, NO, YES, type Tri } from './tri.js';

/**
 * Answer of a value test: NO, MAYBE or YES (some policy value matches), with flags for policy values
 * whose variables AWS cannot resolve in this request (UNRESOLVED_FLAG), or may not (MAYBE_UNRESOLVED_FLAG,
 * a key the documents do not say is there); or INVALID.
 */
export type Match = number;
/** Added to the answer of the other values: some policy value holds a variable AWS cannot resolve in this request. */
export const UNRESOLVED_FLAG = 4;
/** Added to the answer of the other values: some policy value's variable may have no value in this request. */
export const MAYBE_UNRESOLVED_FLAG = 8;
/** The condition cannot be evaluated (a policy value the operator cannot read): it does not apply. */
export const INVALID = 16;

export interface ValueTest {
  /** Does some policy value match this request value? */
  test(requestValue: string, context: ContextLookup): Match;
  /** Does some policy value match the unknown request value: YES for all of its values, MAYBE for some, NO for none. */
  unknown(value: Unknown, context: ContextLookup): Match;
}

export interface BaseOperator {
  /** The condition holds when the positive test fails. */
  readonly negated: boolean;
  /** Words for a failed check, e.g. `is not`: `request value "x" is not "tok"`. */
  readonly failure: string;
  /** Whether policy variables apply to its values (string and ARN operators only). */
  readonly variables: boolean;
  compile(values: readonly ConditionValue[], variables: boolean): ValueTest;
  /** The policy values it cannot read, for the grammar rule (MP010). */
  invalidValues(values: readonly ConditionValue[]): ConditionValue[];
}

/** The answers of two groups of policy values ORed: INVALID poisons; the flags are kept. */
function orMatch(a: Match, b: Match): Match {
  if (a === INVALID || b === INVALID) return INVALID;
  return Math.max(a & 3, b & 3) | (a & (UNRESOLVED_FLAG | MAYBE_UNRESOLVED_FLAG)) | (b & (UNRESOLVED_FLAG | MAYBE_UNRESOLVED_FLAG));
}

/** Combines the answers of several policy values (ORed). */
function anyOf<Value>(values: readonly Value[], answer: (value: Value) => Match): Match {
  let result: Match = NO;
  for (const value of values) {
    result = orMatch(result, answer(value));
    if (result === INVALID) return INVALID;
  }
  return result;
}

/** A resolved template as a pattern, or the signal when it is not one. */
function patternOrSignal(resolved: ReturnType<typeof resolveTemplate>): Glob | Match {
  if (resolved === UNRESOLVED) return NO | UNRESOLVED_FLAG;
  if (resolved === MAYBE_UNRESOLVED) return NO | MAYBE_UNRESOLVED_FLAG;
  if (resolved === UNDETERMINED) return MAYBE;
  return resolved;
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

/** The pattern for this request, or the signal when its variables cannot be resolved or are unknown. */
function patternOf(value: PatternValue, context: ContextLookup): Glob | Match {
  return 'glob' in value ? value.glob : patternOrSignal(resolveTemplate(value.template, context));
}

/**
 * How an unknown request value compares with a text or a pattern, from its known beginning. (An
 * unknown with a short list of values never reaches the operators: the condition is evaluated for
 * each of them, src/policy/conditions.ts.)
 */
function unknownAgainst(value: Unknown, pattern: Glob, ignoreCase: boolean): Tri {
  // With nothing known of the value, only a pattern of stars alone matches it for sure.
  const prefix = value.prefix ?? '';
  return globOverPrefix(pattern, ignoreCase ? prefix.toLowerCase() : prefix);
}

const literal = (text: string): Glob => ({ text, kinds: undefined });

function stringEquals(ignoreCase: boolean): BaseOperator['compile'] {
  const fold = (text: string) => (ignoreCase ? text.toLowerCase() : text);
  return (values, variables) => {
    const parsed = stringValues(values, variables);
    const fixed = new Set(parsed.flatMap((v) => ('fixed' in v ? [fold(v.fixed)] : [])));
    const templates = parsed.flatMap((v) => ('template' in v ? [v.template] : []));
    // A resolved variable is literal text: `${*}` is the character *, not a wildcard.
    const resolvedText = (template: Template, context: ContextLookup): string | Match => {
      const resolved = patternOrSignal(resolveTemplate(template, context));
      return typeof resolved === 'number' ? resolved : fold(resolved.text);
    };
    const fixedTexts = [...fixed];
    return {
      test(request, context) {
        const folded = fold(request);
        const direct: Match = fixed.has(folded) ? YES : NO;
        if (templates.length === 0) return direct;
        return orMatch(
          direct,
          anyOf(templates, (template) => {
            const text = resolvedText(template, context);
            return typeof text === 'number' ? text : text === folded ? YES : NO;
          }),
        );
      },
      unknown(value, context) {
        const fromFixed = anyOf(fixedTexts, (text) => unknownAgainst(value, literal(text), ignoreCase));
        const fromTemplates = anyOf(templates, (template) => {
          const text = resolvedText(template, context);
          return typeof text === 'number' ? text : unknownAgainst(value, literal(text), ignoreCase);
        });
        return orMatch(fromFixed, fromTemplates);
      },
    };
  };
}

function likeTest(values: readonly ConditionValue[], variables: boolean, matches: (glob: Glob, request: string) => boolean, unknownMatches: (value: Unknown, glob: Glob) => Tri): ValueTest {
  const patterns = patternValues(values, variables);
  return {
    test: (request, context) =>
      anyOf(patterns, (value) => {
        const glob = patternOf(value, context);
        return typeof glob === 'number' ? glob : matches(glob, request) ? YES : NO;
      }),
    unknown: (unknown, context) =>
      anyOf(patterns, (value) => {
        const glob = patternOf(value, context);
        return typeof glob === 'number' ? glob : unknownMatches(unknown, glob);
      }),
  };
}

function stringLike(values: readonly ConditionValue[], variables: boolean): ValueTest {
  return likeTest(values, variables, globMatches, (unknown, glob) => unknownAgainst(unknown, glob, false));
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

/**
 * An unknown ARN known up to `prefix`. When the prefix holds the five components before the
 * resource part (a key ARN behind an alias), they compare one by one and the resource part by its
 * known beginning; otherwise only "matches nothing" can be told, when the beginning already differs.
 */
function arnUnknown(unknown: Unknown, pattern: Glob): Tri {
  const prefix = unknown.prefix ?? '';
  const known = splitArn(prefix);
  let parts: Glob[] | undefined = arnPatternParts.get(pattern);
  if (!arnPatternParts.has(pattern)) arnPatternParts.set(pattern, (parts = splitArnGlob(pattern)));
  if (known !== undefined && parts !== undefined) {
    for (let i = 0; i < ARN_PARTS - 1; i++) if (!globMatches(parts[i]!, known[i]!)) return NO;
    return globOverPrefix(parts[ARN_PARTS - 1]!, known[ARN_PARTS - 1]!);
  }
  return globOverPrefix(pattern, prefix) === NO ? NO : MAYBE;
}

function arnLike(values: readonly ConditionValue[], variables: boolean): ValueTest {
  return likeTest(values, variables, arnMatches, arnUnknown);
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

/** Policy values that do not parse make the condition INVALID (a failed parse is not "different"). */
function ordered(parse: (value: ConditionValue) => number | undefined, compare: Compare): BaseOperator['compile'] {
  return (values) => {
    const limits = values.map(parse);
    const valid = limits.every((limit) => limit !== undefined);
    const test = (request: string): Match => {
      if (!valid) return INVALID;
      const value = parse(request);
      return value !== undefined && (limits as number[]).some((limit) => compare(value, limit)) ? YES : NO;
    };
    return { test, unknown: () => (valid ? MAYBE : INVALID) };
  };
}

const unparsed = (parse: (value: ConditionValue) => unknown) => (values: readonly ConditionValue[]) => values.filter((value) => parse(value) === undefined);

// ---- Bool, binary, IP --------------------------------------------------------------------------

const parseBool = (value: ConditionValue): string | undefined => {
  const text = String(value).toLowerCase();
  return text === 'true' || text === 'false' ? text : undefined;
};

function boolEquals(values: readonly ConditionValue[]): ValueTest {
  const wanted = values.map(parseBool);
  const valid = wanted.every((value) => value !== undefined);
  const test = (request: string): Match => (!valid ? INVALID : wanted.includes(request.toLowerCase()) ? YES : NO);
  return { test, unknown: () => (valid ? MAYBE : INVALID) };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Canonical bytes of a base64 value (so `QQ==` and a re-encoding compare equal), or undefined. */
function base64Bytes(value: ConditionValue): string | undefined {
  return typeof value === 'string' && BASE64.test(value) ? Buffer.from(value, 'base64').toString('hex') : undefined;
}

function binaryEquals(values: readonly ConditionValue[]): ValueTest {
  const wanted = values.map(base64Bytes);
  const valid = wanted.every((value) => value !== undefined);
  const test = (request: string): Match => {
    if (!valid) return INVALID;
    const bytes = base64Bytes(request);
    return bytes !== undefined && wanted.includes(bytes) ? YES : NO;
  };
  return { test, unknown: () => (valid ? MAYBE : INVALID) };
}

const parseRange = (value: ConditionValue): IpRange | undefined => (typeof value === 'string' ? parseCidr(value.trim()) : undefined);

function ipAddress(values: readonly ConditionValue[]): ValueTest {
  const ranges = values.map(parseRange);
  const valid = ranges.every((range) => range !== undefined);
  const test = (request: string): Match => {
    if (!valid) return INVALID;
    const address = parseIp(request.trim());
    return address !== undefined && (ranges as IpRange[]).some((range) => ipInRange(range, address)) ? YES : NO;
  };
  return {
    test,
    unknown(unknown) {
      if (!valid) return INVALID;
      // Mixpanel's address is public: ranges of private or reserved space never hold it.
      if (unknown.publicAddress !== true) return MAYBE;
      if ((ranges as IpRange[]).every(isNonPublicRange)) return NO;
      // Every address of both families: whatever Mixpanel's address is.
      return (ranges as IpRange[]).some((r) => r.family === 4 && r.mask === 0n) && (ranges as IpRange[]).some((r) => r.family === 6 && r.mask === 0n) ? YES : MAYBE;
    },
  };
}

/** Values that are neither an ARN (six colon-separated parts) nor a pattern or variable standing for one. */
function invalidArns(values: readonly ConditionValue[]): ConditionValue[] {
  return values.filter((value) => typeof value !== 'string' || (splitArn(value) === undefined && !/[*?]|\$\{/.test(value)));
}

// ---- the table -----------------------------------------------------------------------------------

interface OperatorOptions {
  negated?: boolean;
  variables?: boolean;
  invalidValues?: BaseOperator['invalidValues'];
}

function op(compile: BaseOperator['compile'], failure: string, options: OperatorOptions = {}): BaseOperator {
  return { compile, failure, negated: options.negated ?? false, variables: options.variables ?? false, invalidValues: options.invalidValues ?? (() => []) };
}

const str = { variables: true };
const notStr = { variables: true, negated: true };
const numbers = { invalidValues: unparsed(parseNumber) };
const dates = { invalidValues: unparsed(parseDate) };
const arns = { variables: true, invalidValues: invalidArns };
const notArns = { ...arns, negated: true };
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
  ['NumericEquals', op(numberIs(eq), 'is not', numbers)],
  ['NumericNotEquals', op(numberIs(eq), 'is', { ...numbers, negated: true })],
  ['NumericLessThan', op(numberIs(lt), 'is not less than', numbers)],
  ['NumericLessThanEquals', op(numberIs(le), 'is not less than or equal to', numbers)],
  ['NumericGreaterThan', op(numberIs(gt), 'is not greater than', numbers)],
  ['NumericGreaterThanEquals', op(numberIs(ge), 'is not greater than or equal to', numbers)],
  ['DateEquals', op(dateIs(eq), 'is not', dates)],
  ['DateNotEquals', op(dateIs(eq), 'is', { ...dates, negated: true })],
  ['DateLessThan', op(dateIs(lt), 'is not before', dates)],
  ['DateLessThanEquals', op(dateIs(le), 'is not at or before', dates)],
  ['DateGreaterThan', op(dateIs(gt), 'is not after', dates)],
  ['DateGreaterThanEquals', op(dateIs(ge), 'is not at or after', dates)],
  ['Bool', op(boolEquals, 'is not', { invalidValues: unparsed(parseBool) })],
  ['BinaryEquals', op(binaryEquals, 'is not', { invalidValues: unparsed(base64Bytes) })],
  ['IpAddress', op(ipAddress, 'is not in', { invalidValues: unparsed(parseRange) })],
  ['NotIpAddress', op(ipAddress, 'is in', { invalidValues: unparsed(parseRange), negated: true })],
  ['ArnEquals', op(arnLike, 'does not match', arns)],
  ['ArnLike', op(arnLike, 'does not match', arns)],
  ['ArnNotEquals', op(arnLike, 'matches', notArns)],
  ['ArnNotLike', op(arnLike, 'matches', notArns)],
]);

// Policy variables AWS cannot resolve, under every negated String and ARN operator (and beside
// positive ones, in Resource and NotResource). AWS's "IAM policy elements: Variables and tags" page
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html) reads such a
// variable two ways: the statement "might" be invalid, and negated operators "do match against a
// null value". Whatever AWS does is one of the two, so both readings' decisions must be among the
// ones the evaluator still calls possible: in particular it never gives a definite explicit deny
// that the "statement invalid" reading would not give too. Shared by test/evaluator.properties.test.ts
// (every negated form in turn) and test/fuzz/properties.ts (`npm run fuzz` and the CI run).
import fc from 'fast-check';
import { evaluatePolicies } from '../../src/policy/evaluate.js';
import type { EvaluationInput, EvaluationResult, Request } from '../../src/policy/model.js';
import { normalizePolicy } from '../../src/policy/normalize.js';

const NEGATED_OPERATORS = ['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike'] as const;

/** Every negated String and ARN operator, plain and `IfExists`, alone and under `ForAnyValue:`/`ForAllValues:`. */
export const NEGATED_FORMS: readonly string[] = NEGATED_OPERATORS.flatMap((operator) =>
  ['', 'ForAnyValue:', 'ForAllValues:'].flatMap((set) => [`${set}${operator}`, `${set}${operator}IfExists`]),
);
const POSITIVE_FORMS = ['StringEquals', 'StringLike', 'StringEqualsIgnoreCaseIfExists', 'ArnLike', 'ArnEquals', 'ForAnyValue:StringLike', 'ForAllValues:StringEquals'];

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/r`;
/** Never in the request, no default: AWS cannot resolve it. */
export const MISSING = '${test:missing}';

export const isArnOperator = (form: string) => /^(?:ForAnyValue:|ForAllValues:)?Arn/.test(form);

const stringValues = ['a', 'b', 'a*', '*', '', MISSING, `x${MISSING}`, `${MISSING}*`, '${test:present}', "${test:missing, 'a'}"];
const arnValues = ['arn:aws:s3:::b/*', ROLE, 'arn:aws:iam::*:role/*', `arn:aws:iam::${ACCOUNT}:role/${MISSING}`, `arn:aws:s3:::${MISSING}/*`, 'arn:aws:iam::${test:present}:role/r'];
/** The request values of test:k: strings, ARNs, several values, or none. */
const requestValues = fc.constantFrom<string | string[] | undefined>(undefined, 'a', 'b', 'ab', '*', ROLE, 'arn:aws:s3:::b/x', `arn:aws:iam::${ACCOUNT}:role/other`, ['a', 'b'], ['a'], [ROLE, 'arn:aws:s3:::b/x']);

type RawStatement = Record<string, unknown>;
type RawCondition = Record<string, Record<string, string | string[]>>;
/** A policy element's values: one value or a list. */
const listOf = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : []);

/** A condition under `form` on test:k, its values from the operator's family, an unresolvable variable among them. */
function conditionOf(form: string, withMissing: boolean): fc.Arbitrary<RawCondition> {
  const pool = isArnOperator(form) ? arnValues : stringValues;
  return fc.subarray(pool, { minLength: 1, maxLength: 3 }).map((values) => {
    const chosen = withMissing && !values.some((value) => value.includes(MISSING)) ? [...values, pool.find((value) => value.includes(MISSING))!] : values;
    return { [form]: { 'test:k': chosen } };
  });
}

// In any order: the answer must not depend on where the value with the variable stands.
const resources = fc.shuffledSubarray([`arn:aws:s3:::b/${MISSING}/*`, '*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::other/*'], { minLength: 1, maxLength: 2 });

/** One statement: effect, action, Resource or NotResource, and conditions (the first under `focus` with an unresolvable variable). */
function statementOf(focus: fc.Arbitrary<string>, withPrincipal: boolean): fc.Arbitrary<RawStatement> {
  return fc
    .record({
      effect: fc.constantFrom('Allow', 'Deny'),
      action: fc.constantFrom('s3:*', 's3:GetObject', 's3:PutObject'),
      resource: resources,
      notResource: fc.boolean(),
      principal: fc.constantFrom<unknown>('*', { AWS: ROLE }, { AWS: ACCOUNT }),
      conditions: fc.array(fc.oneof(focus.chain((form) => conditionOf(form, true)), fc.constantFrom(...POSITIVE_FORMS, ...NEGATED_FORMS).chain((form) => conditionOf(form, false))), { maxLength: 2 }),
    })
    .map((s) => ({
      Effect: s.effect,
      Action: s.action,
      [s.notResource ? 'NotResource' : 'Resource']: s.resource,
      ...(withPrincipal ? { Principal: s.principal } : {}),
      ...(s.conditions.length === 0 ? {} : { Condition: Object.assign({}, ...s.conditions) as RawCondition }),
    }));
}

export interface UnresolvedCase {
  identity: RawStatement[];
  bucket: RawStatement[] | undefined;
  request: Request;
}

/** Policies and a request where a statement may hold `${test:missing}` under the negated form `focus` picks. */
export function unresolvedCases(focus: fc.Arbitrary<string> = fc.constantFrom(...NEGATED_FORMS)): fc.Arbitrary<UnresolvedCase> {
  return fc.record({
    identity: fc.array(statementOf(focus, false), { minLength: 1, maxLength: 3 }),
    bucket: fc.option(fc.array(statementOf(focus, true), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    value: requestValues,
    present: fc.constantFrom(ACCOUNT, 'a'),
    action: fc.constantFrom('s3:GetObject', 's3:PutObject'),
  }).map(({ identity, bucket, value, present, action }) => ({
    identity,
    bucket,
    request: {
      principal: { arn: ROLE, account: ACCOUNT, type: 'AWS', session: { name: 's' } },
      action,
      resource: 'arn:aws:s3:::b/x',
      context: { 'test:present': present, ...(value === undefined ? {} : { 'test:k': value }) },
    },
  }));
}

const holdsMissing = (value: unknown) => typeof value === 'string' && value.includes(MISSING);

/** Whether AWS cannot resolve a variable of the statement (in a condition, Resource or NotResource). */
function unresolvable(statement: RawStatement): boolean {
  const condition = (statement['Condition'] ?? {}) as RawCondition;
  const inCondition = Object.values(condition).some((entries) => Object.values(entries).some((values) => listOf(values).some(holdsMissing)));
  const inResource = listOf(statement['Resource'] ?? statement['NotResource']).some(holdsMissing);
  return inCondition || inResource;
}

/** A value nothing matches: what the variable's value stands for under the "null" reading. */
const NOTHING_STRING = '\u0000unresolved';
const NOTHING_ARN = 'arn:unresolved:none:none:none:none';
/** The "null" reading's value for a condition under `form`. */
export const nothingFor = (form: string) => (isArnOperator(form) ? NOTHING_ARN : NOTHING_STRING);

/** The "null" reading: each value holding the variable becomes one that matches nothing. */
function nullReading(statement: RawStatement): RawStatement {
  const replace = (values: unknown, nothing: string) => listOf(values).map((value) => (holdsMissing(value) ? nothing : value));
  const condition = statement['Condition'] as RawCondition | undefined;
  const element = 'Resource' in statement ? 'Resource' : 'NotResource';
  return {
    ...statement,
    [element]: replace(statement[element], NOTHING_ARN),
    ...(condition === undefined
      ? {}
      : { Condition: Object.fromEntries(Object.entries(condition).map(([form, entries]) => [form, Object.fromEntries(Object.entries(entries).map(([key, values]) => [key, replace(values, nothingFor(form))]))])) }),
  };
}

const policyOf = (statements: RawStatement[], name: string) => normalizePolicy({ Version: '2012-10-17', Statement: statements }, name);

export function evaluateCase({ identity, bucket, request }: UnresolvedCase, reading: (statements: RawStatement[]) => RawStatement[] = (s) => s): EvaluationResult {
  const input: EvaluationInput = {
    identityPolicies: [policyOf(reading(identity), 'identity')],
    ...(bucket === undefined ? {} : { resourcePolicy: policyOf(reading(bucket), 'bucket') }),
    resourceKind: bucket === undefined ? 'none' : 'bucket',
    resourceAccount: ACCOUNT,
  };
  return evaluatePolicies(input, request);
}

/** The two readings of the Variables page: the statement is invalid (left out), or the value matches nothing. */
export const READINGS: Readonly<Record<string, (statements: RawStatement[]) => RawStatement[]>> = {
  'statement invalid': (statements) => statements.filter((statement) => !unresolvable(statement)),
  'null value': (statements) => statements.map(nullReading),
};

/** Throws unless each reading's decisions are among the evaluator's possible ones (so a definite answer is both readings' answer). */
export function checkUnresolvedReadings(c: UnresolvedCase): void {
  const answer = evaluateCase(c);
  for (const [name, reading] of Object.entries(READINGS)) {
    const read = evaluateCase(c, reading);
    const missed = read.possible.filter((decision) => !answer.possible.includes(decision));
    if (missed.length > 0) {
      throw new Error(`the "${name}" reading gives ${read.possible.join('/')}, which the evaluator's ${answer.outcome} (possible ${answer.possible.join('/')}) leaves out: ${answer.explanation}`);
    }
  }
}

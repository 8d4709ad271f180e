// Properties of the evaluator over random policies and requests (fast-check, fixed seed): Deny only
// ever takes access away, statement order never matters, Allow-only policies never deny
// explicitly, and the wildcard matcher agrees with a regex and stays linear on hostile patterns.
// With values the documents do not give (unknowns): the answer for an unknown is never more
// definite than the answers for the values it stands for, an unresolvable policy variable under
// any negated operator never gives a deny that AWS's "statement invalid" reading would not, and
// order and duplication of statements still change nothing.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluatePolicies } from '../src/policy/evaluate.js';
import type { ContextValue, EvaluationInput, EvaluationResult, Request, Unknown } from '../src/policy/model.js';
import { normalizePolicy } from '../src/policy/normalize.js';
import { globMatches, parseGlob, type StepMeter } from '../src/policy/wildcard.js';
import { checkUnresolvedReadings, evaluateCase, NEGATED_FORMS, READINGS, unresolvedCases } from './fuzz/unresolved-variables.js';

const SEED = 20240611;
const RUNS = 400;

const A = '111122223333';
const B = '444455556666';

type RawStatement = Record<string, unknown>;
interface RawInput {
  identity: RawStatement[][];
  boundary: RawStatement[] | undefined;
  resource: RawStatement[] | undefined;
  resourceKind: EvaluationInput['resourceKind'];
  assumeIdentitySideAllows: boolean;
}

const actions = fc.constantFrom('s3:GetObject', 's3:Get*', 's3:*', '*', 'iam:*', 's3:?utObject', 'sts:AssumeRole', 'kms:Decrypt');
const resources = fc.constantFrom('*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b', 'arn:aws:s3:::other/*', 'arn:aws:s3:::b/home/${aws:username}/*', `arn:aws:iam::${A}:role/r`);
const principals = fc.constantFrom<unknown>('*', { AWS: A }, { AWS: `arn:aws:iam::${B}:root` }, { AWS: `arn:aws:iam::${A}:user/alice` }, { Service: 's3.amazonaws.com' }, { AWS: `arn:aws:iam::${A}:role/r` });
const conditions = fc.constantFrom<unknown>(
  { StringEquals: { 'aws:username': 'alice' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { StringNotEquals: { 'aws:PrincipalAccount': A } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
  { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'a*' } },
  { StringLikeIfExists: { 'sts:ExternalId': 'tok-*' } },
  { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  { Null: { 'sts:ExternalId': 'true' } },
);

function statement(effect: 'Allow' | 'Deny', withPrincipal: boolean): fc.Arbitrary<RawStatement> {
  return fc.record(
    {
      action: fc.array(actions, { minLength: 1, maxLength: 2 }),
      notAction: fc.boolean(),
      resource: fc.array(resources, { minLength: 1, maxLength: 2 }),
      notResource: fc.boolean(),
      principal: principals,
      notPrincipal: fc.boolean(),
      condition: fc.option(conditions, { nil: undefined }),
    },
    { requiredKeys: ['action', 'notAction', 'resource', 'notResource', 'principal', 'notPrincipal'] },
  ).map((s) => ({
    Effect: effect,
    [s.notAction ? 'NotAction' : 'Action']: s.action,
    [s.notResource ? 'NotResource' : 'Resource']: s.resource,
    ...(withPrincipal ? { [s.notPrincipal && effect === 'Deny' ? 'NotPrincipal' : 'Principal']: s.principal } : {}),
    ...(s.condition === undefined ? {} : { Condition: s.condition }),
  }));
}

const anyEffect = (withPrincipal: boolean) => fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny').chain((effect) => statement(effect, withPrincipal));
const statements = (withPrincipal: boolean, allowOnly = false) =>
  fc.array(allowOnly ? statement('Allow', withPrincipal) : anyEffect(withPrincipal), { minLength: 1, maxLength: 4 });

function inputs(allowOnly = false): fc.Arbitrary<RawInput> {
  return fc.record({
    identity: fc.array(statements(false, allowOnly), { maxLength: 2 }),
    boundary: fc.option(statements(false, allowOnly), { nil: undefined }),
    resource: fc.option(statements(true, allowOnly), { nil: undefined }),
    resourceKind: fc.constantFrom<EvaluationInput['resourceKind']>('none', 'bucket', 'trust', 'key'),
    assumeIdentitySideAllows: fc.boolean(),
  });
}

const requests: fc.Arbitrary<Request> = fc.record({
  principal: fc.constantFrom<Request['principal']>(
    { arn: `arn:aws:iam::${A}:user/alice`, account: A, type: 'AWS' },
    { arn: `arn:aws:sts::${A}:assumed-role/r/s`, account: A, type: 'AWS' },
    { arn: `arn:aws:iam::${B}:user/carol`, account: B, type: 'AWS' },
    { arn: 's3.amazonaws.com', type: 'Service' },
    { arn: '*', type: 'Anonymous' },
  ),
  action: fc.constantFrom('s3:GetObject', 's3:PutObject', 'iam:CreateUser', 'sts:AssumeRole', 'kms:Decrypt'),
  resource: fc.constantFrom('arn:aws:s3:::b/home/alice/x', 'arn:aws:s3:::b', 'arn:aws:s3:::other/y', `arn:aws:iam::${A}:role/r`),
  context: fc.record(
    {
      'aws:username': fc.constantFrom('alice', 'bob'),
      'aws:SecureTransport': fc.constantFrom('true', 'false'),
      'aws:PrincipalAccount': fc.constantFrom(A, B),
      'aws:TagKeys': fc.subarray(['a', 'b', 'c']),
      'sts:ExternalId': fc.constantFrom('tok-1', 'other'),
      'aws:SourceIp': fc.constantFrom('203.0.113.9', '198.51.100.7'),
    },
    { requiredKeys: [] },
  ),
});

const policyOf = (statements: RawStatement[], name: string) => normalizePolicy({ Version: '2012-10-17', Statement: statements }, name);

function build(raw: RawInput): EvaluationInput {
  return {
    identityPolicies: raw.identity.map((s, i) => policyOf(s, `identity-${i}`)),
    ...(raw.boundary === undefined ? {} : { boundary: policyOf(raw.boundary, 'boundary') }),
    ...(raw.resource === undefined ? {} : { resourcePolicy: policyOf(raw.resource, 'resource') }),
    resourceKind: raw.resourceKind,
    resourceAccount: A,
    assumeIdentitySideAllows: raw.assumeIdentitySideAllows,
  };
}

const decide = (raw: RawInput, request: Request) => evaluatePolicies(build(raw), request).outcome;

/** A deterministic permutation driven by a seed (a small LCG; Math.random would break replay). */
function permute<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const options = { seed: SEED, numRuns: RUNS };

test('adding a Deny statement never turns a deny into allow', () => {
  fc.assert(
    fc.property(inputs(), requests, statement('Deny', true), fc.constantFrom('identity', 'boundary', 'resource'), (raw, request, extra, where) => {
      const withDeny: RawInput =
        where === 'identity'
          ? { ...raw, identity: [...raw.identity, [{ ...extra, Principal: undefined, NotPrincipal: undefined }]] }
          : where === 'boundary'
            ? { ...raw, boundary: [...(raw.boundary ?? [{ Effect: 'Allow', Action: '*', Resource: '*' }]), { ...extra, Principal: undefined, NotPrincipal: undefined }] }
            : { ...raw, resource: [...(raw.resource ?? []), extra] };
      if (decide(withDeny, request) === 'allow') assert.is(decide(raw, request), 'allow');
    }),
    options,
  );
});

test('reordering statements and policies never changes a decision', () => {
  fc.assert(
    fc.property(inputs(), requests, fc.integer(), (raw, request, seed) => {
      const shuffled: RawInput = {
        ...raw,
        identity: permute(raw.identity.map((s, i) => permute(s, seed + i)), seed),
        boundary: raw.boundary && permute(raw.boundary, seed + 7),
        resource: raw.resource && permute(raw.resource, seed + 11),
      };
      assert.is(decide(shuffled, request), decide(raw, request));
    }),
    options,
  );
});

test('Allow-only policies never yield explicit-deny', () => {
  fc.assert(
    fc.property(inputs(true), requests, (raw, request) => {
      assert.is.not(decide(raw, request), 'explicit-deny');
    }),
    options,
  );
});

// ---- unknown values --------------------------------------------------------------------------

/** The key whose value is unknown, a key with a known value, and the tags a family fallback answers for. */
const UNKNOWN_KEY = 'test:k';
const KNOWN_KEY = 'test:c';
const TAG_KEYS = ['aws:PrincipalTag/team', 'aws:PrincipalTag/env'];
const ROLE = `arn:aws:iam::${A}:role/r`;

/** Request values of every kind the operator families read, and a few that none of them can. */
const VALUES = ['a', 'ab', 'b', '1.2', '10', '2026-03-01T12:00:00Z', '1772366400', 'true', 'false', '203.0.113.9', '10.1.2.3', '52.94.1.1', '2600:1f18::1', 'arn:aws:s3:::b/x', ROLE, 'QUJD', ''];
/** Addresses outside every private and reserved block: what Mixpanel's public address may be. */
const PUBLIC_ADDRESSES = ['52.94.1.1', '3.5.7.9', '18.204.0.1', '54.240.197.1', '2600:1f18::1', '2a05:d018::1'];

/** Policy values per operator family, wildcards, variables and unreadable values included. */
const FAMILY_VALUES: Record<string, readonly string[]> = {
  String: ['a', 'ab', 'a*', '*b', '?b', '*', '', '1.2', 'arn:aws:s3:::b/*', '${test:k}', '${test:c}', 'x${test:k}', 'AROA1:*'],
  Numeric: ['1.2', '10', '0', '1.3', '1772366400', 'ten'],
  Date: ['2026-01-01T00:00:00Z', '1772366400', '2027-01-01', 'soon'],
  Bool: ['true', 'false', 'yes'],
  Binary: ['QUJD', 'not base64!'],
  Ip: ['203.0.113.0/24', '10.0.0.0/8', '0.0.0.0/0', '52.0.0.0/8', '2600:1f18::/32', 'fc00::/7', 'office'],
  Arn: ['arn:aws:s3:::b/*', `arn:aws:iam::${A}:role/*`, 'arn:aws:iam::*:role/r', '*', 'arn:aws:s3:::${test:k}', 'arn:aws:s3:::b/${test:c}*', 'not-an-arn'],
  Null: ['true', 'false'],
};
const OPERATORS: readonly [string, string][] = [
  ...['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'].map((op): [string, string] => [op, 'String']),
  ...['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'].map((op): [string, string] => [op, 'Numeric']),
  ...['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'].map((op): [string, string] => [op, 'Date']),
  ['Bool', 'Bool'], ['BinaryEquals', 'Binary'], ['IpAddress', 'Ip'], ['NotIpAddress', 'Ip'],
  ...['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'].map((op): [string, string] => [op, 'Arn']),
];

/** One condition: any operator in any form (IfExists, ForAnyValue:, ForAllValues:) or Null, on the unknown key mostly. */
const unknownConditions: fc.Arbitrary<Record<string, Record<string, string[]>>> = fc
  .record({
    operator: fc.constantFrom<[string, string]>(...OPERATORS, ['Null', 'Null']),
    set: fc.constantFrom('', '', 'ForAnyValue:', 'ForAllValues:'),
    ifExists: fc.boolean(),
    key: fc.constantFrom(UNKNOWN_KEY, UNKNOWN_KEY, UNKNOWN_KEY, UNKNOWN_KEY, UNKNOWN_KEY, KNOWN_KEY, ...TAG_KEYS),
    pick: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  })
  .map(({ operator: [name, family], set, ifExists, key, pick }) => {
    const pool = FAMILY_VALUES[family]!;
    const form = name === 'Null' ? 'Null' : `${set}${name}${ifExists ? 'IfExists' : ''}`;
    return { [form]: { [key]: [...new Set(pick.map((i) => pool[i % pool.length]!))] } };
  });

const unknownStatement = (withPrincipal: boolean): fc.Arbitrary<RawStatement> =>
  fc
    .record({
      effect: fc.constantFrom('Allow', 'Deny'),
      action: fc.constantFrom('s3:*', 's3:GetObject', 's3:Get*', '*'),
      resource: fc.subarray(['*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/${test:k}', 'arn:aws:s3:::b/x', 'arn:aws:s3:::b/a*', 'arn:aws:s3:::other/*'], { minLength: 1, maxLength: 2 }),
      notResource: fc.boolean(),
      principal: fc.constantFrom<unknown>('*', { AWS: ROLE }, { AWS: A }, { AWS: `arn:aws:sts::${A}:assumed-role/r/s` }),
      conditions: fc.array(unknownConditions, { maxLength: 3 }),
    })
    .map((s) => ({
      Effect: s.effect,
      Action: s.action,
      [s.notResource ? 'NotResource' : 'Resource']: s.resource,
      ...(withPrincipal ? { Principal: s.principal } : {}),
      ...(s.conditions.length === 0 ? {} : { Condition: Object.assign({}, ...s.conditions) as unknown }),
    }));

/** Often an Allow of everything beside the generated statements, so that their Deny statements decide. */
const ALLOW_ALL: RawStatement = { Effect: 'Allow', Action: '*', Resource: '*' };
const unknownInputs: fc.Arbitrary<RawInput> = fc
  .record({
    identity: fc.array(fc.array(unknownStatement(false), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
    allowAll: fc.boolean(),
    boundary: fc.option(fc.array(unknownStatement(false), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
    resource: fc.option(fc.array(unknownStatement(true), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    resourceKind: fc.constantFrom<EvaluationInput['resourceKind']>('none', 'none', 'bucket', 'key'),
  })
  .map(({ identity, allowAll, boundary, resource, resourceKind }) => ({
    identity: allowAll ? [[ALLOW_ALL, ...identity[0]!], ...identity.slice(1)] : identity,
    boundary,
    resource,
    resourceKind,
    assumeIdentitySideAllows: false,
  }));

type Concrete = string | readonly string[] | undefined;
const unknown = (fields: Partial<Unknown>): Unknown => ({ unknown: true, what: 'a value the property picks', settle: 'none', mayBeAbsent: false, ...fields });
const absentToo = (mayBeAbsent: boolean): Concrete[] => (mayBeAbsent ? [undefined] : []);

/** A value the documents do not give, and concrete values it stands for (every one when few; samples of the rest). */
interface Scenario {
  /** The request with the unknown in it. */
  unknownRequest: (base: Request) => Request;
  /** The same request with each concrete value instead. */
  worlds: (base: Request) => Request[];
}

const withContext = (base: Request, entries: Record<string, ContextValue | undefined>): Request => {
  const context: Record<string, ContextValue> = { ...base.context };
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) context[key] = value;
  return { ...base, context };
};

/** The unknown key's value: each of `concretes` in turn. */
function keyScenario(value: Unknown, concretes: Concrete[]): Scenario {
  return {
    unknownRequest: (base) => withContext(base, { [UNKNOWN_KEY]: value }),
    worlds: (base) => concretes.map((concrete) => withContext(base, { [UNKNOWN_KEY]: concrete })),
  };
}

const continuation = fc.string({ unit: fc.constantFrom('a', 'b', 'x', '*', '/', ':', '.', '1', '0'), maxLength: 6 });

const scenarios: fc.Arbitrary<Scenario> = fc.oneof(
  // A few values, every one of them (and absence when it may be absent).
  fc
    .record({
      domain: fc.uniqueArray(fc.oneof(fc.constantFrom(...VALUES), fc.subarray(VALUES, { minLength: 1, maxLength: 2 })), { minLength: 1, maxLength: 3, selector: (v) => JSON.stringify(v) }),
      mayBeAbsent: fc.boolean(),
    })
    .map(({ domain, mayBeAbsent }) => keyScenario(unknown({ domain, mayBeAbsent }), [...domain, ...absentToo(mayBeAbsent)])),
  // A known beginning, checked against sampled continuations (several values each when multivalued).
  fc
    .record({
      prefix: fc.constantFrom('a', 'arn:aws:s3:::b/', 'AROA1:', '1', '', '10.', '2026-', 'arn:aws:iam::'),
      mayBeAbsent: fc.boolean(),
      multivalued: fc.boolean(),
      rests: fc.array(continuation, { minLength: 1, maxLength: 6 }),
    })
    .map(({ prefix, mayBeAbsent, multivalued, rests }) => {
      const values = rests.map((rest) => `${prefix}${rest}`);
      const concretes: Concrete[] = multivalued ? [...values.map((v) => [v]), values] : values;
      return keyScenario(unknown({ prefix, mayBeAbsent, multivalued }), [...concretes, ...absentToo(mayBeAbsent)]);
    }),
  // Mixpanel's public address: any address outside private and reserved space.
  fc.subarray(PUBLIC_ADDRESSES, { minLength: 1 }).map((addresses) => keyScenario(unknown({ publicAddress: true }), addresses)),
  // Nothing known: any value (and absence when it may be absent).
  fc.record({ samples: fc.subarray(VALUES, { minLength: 1, maxLength: 5 }), mayBeAbsent: fc.boolean() }).map(({ samples, mayBeAbsent }) => keyScenario(unknown({ mayBeAbsent }), [...samples, ...absentToo(mayBeAbsent)])),
  // A family fallback: every tag of aws:PrincipalTag/* takes any of the few values, independently.
  fc
    .record({ domain: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 3 }), mayBeAbsent: fc.boolean() })
    .map(({ domain, mayBeAbsent }): Scenario => {
      const options: Concrete[] = [...domain, ...absentToo(mayBeAbsent)];
      return {
        unknownRequest: (base) => withContext(base, { 'aws:PrincipalTag/*': unknown({ domain, mayBeAbsent }) }),
        worlds: (base) => options.flatMap((team) => options.map((env) => withContext(base, { [TAG_KEYS[0]!]: team, [TAG_KEYS[1]!]: env }))),
      };
    }),
  // A resource known up to its beginning (a KMS key named by an alias): sampled resources.
  fc.array(continuation, { minLength: 1, maxLength: 6 }).map((rests): Scenario => {
    const prefix = 'arn:aws:s3:::b/';
    return {
      unknownRequest: (base) => ({ ...base, resource: 'an object of b', unknownResource: { ...unknown({}), prefix } }),
      worlds: (base) => rests.map((rest) => ({ ...base, resource: `${prefix}${rest}` })),
    };
  }),
);

const unknownBaseRequests: fc.Arbitrary<Request> = fc.record({
  principal: fc.constantFrom<Request['principal']>({ arn: ROLE, account: A, type: 'AWS', session: {} }, { arn: `arn:aws:sts::${A}:assumed-role/r/s`, account: A, type: 'AWS' }, { arn: `arn:aws:iam::${B}:user/carol`, account: B, type: 'AWS' }),
  action: fc.constantFrom('s3:GetObject', 's3:PutObject'),
  resource: fc.constantFrom('arn:aws:s3:::b/x', 'arn:aws:s3:::b/ab'),
  context: fc.constantFrom<Request['context']>({ [KNOWN_KEY]: 'a' }, { [KNOWN_KEY]: ['a', 'b'] }, {}),
});

const evaluate = (raw: RawInput, request: Request): EvaluationResult => evaluatePolicies(build(raw), request);

const denies = (result: EvaluationResult) => result.outcome === 'explicit-deny' || result.outcome === 'implicit-deny';

/**
 * A definite answer for the unknown holds for every value it stands for: never a definite allow
 * where a value is denied, nor a definite deny where a value is allowed; and any answer shares a
 * decision with each value's. (A value may leave the answer open for a doubt of its own, such as a
 * policy variable its absence leaves unresolved.)
 */
function assertRefines(general: EvaluationResult, particular: EvaluationResult, what: string): void {
  const said = general.outcome === 'undecided' ? `undecided between ${general.possible.join(', ')}` : `a definite ${general.outcome}`;
  const fail = (gives: string) => {
    throw new Error(`${what}: the unknown gives ${said}, but a value it stands for gives ${gives}. ${general.explanation} / ${particular.explanation}`);
  };
  if ((general.outcome === 'allow' && denies(particular)) || (denies(general) && particular.outcome === 'allow')) fail(particular.outcome);
  if (!particular.possible.some((decision) => general.possible.includes(decision))) fail(`only ${particular.possible.join(', ')}`);
}

test('an unknown never gives a definite allow where a value it stands for denies, nor a definite deny where every value allows', () => {
  fc.assert(
    fc.property(unknownInputs, unknownBaseRequests, scenarios, (raw, base, scenario) => {
      const answer = evaluate(raw, scenario.unknownRequest(base));
      const worlds = scenario.worlds(base).map((world) => evaluate(raw, world));
      for (const [i, world] of worlds.entries()) assertRefines(answer, world, `value ${i}`);
      // A definite deny where every value allows would leave 'allow' out of the possible decisions.
      if (worlds.every((world) => world.outcome === 'allow')) assert.ok(answer.possible.includes('allow'), answer.explanation);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test('the unknown property catches an evaluator that guesses: a definite answer for a value with two answers fails it', () => {
  const raw: RawInput = { identity: [[{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { NumericLessThan: { [UNKNOWN_KEY]: '1.3' } } }]], boundary: undefined, resource: undefined, resourceKind: 'none', assumeIdentitySideAllows: false };
  const base: Request = { principal: { arn: ROLE, account: A, type: 'AWS', session: {} }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', context: {} };
  const scenario = keyScenario(unknown({ domain: ['1.2', '1.3'] }), ['1.2', '1.3']);
  const answer = evaluate(raw, scenario.unknownRequest(base));
  assert.equal([...answer.possible].sort(), ['allow', 'explicit-deny']);
  const guessed = { ...answer, outcome: 'allow', possible: ['allow'] } as EvaluationResult;
  const denied = evaluate(raw, scenario.worlds(base)[0]!);
  assert.throws(() => assertRefines(guessed, denied, 'value 0'), /a definite allow, but a value it stands for gives explicit-deny/);
});

for (const form of NEGATED_FORMS) {
  test(`an unresolvable variable under ${form} never gives a deny the "statement invalid" reading would not (both readings possible)`, () => {
    fc.assert(
      fc.property(unresolvedCases(fc.constant(form)), (c) => {
        checkUnresolvedReadings(c);
        const answer = evaluateCase(c);
        if (answer.outcome === 'explicit-deny') assert.is(evaluateCase(c, READINGS['statement invalid']).outcome, 'explicit-deny', answer.explanation);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
}

test('the readings check fails an answer that picks one reading: a Deny StringNotEquals ${test:missing} taken to apply', () => {
  const c = {
    identity: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'test:k': ['${test:missing}'] } } }],
    bucket: undefined,
    request: { principal: { arn: ROLE, account: A, type: 'AWS' as const }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', context: { 'test:k': 'a' } },
  };
  assert.equal([...evaluateCase(c).possible].sort(), ['allow', 'explicit-deny']);
  assert.is(evaluateCase(c, READINGS['statement invalid']).outcome, 'allow');
  assert.is(evaluateCase(c, READINGS['null value']).outcome, 'explicit-deny');
});

/** The input with each policy's statements permuted and one statement written twice. */
function shuffledWithDuplicate(raw: RawInput, seed: number): RawInput {
  const twice = (statements: RawStatement[], salt: number) => {
    const permuted = permute(statements, seed + salt);
    return [...permuted, permuted[(seed >>> 0) % permuted.length]!];
  };
  return {
    ...raw,
    identity: permute(raw.identity.map((s, i) => twice(s, i)), seed),
    boundary: raw.boundary && twice(raw.boundary, 7),
    resource: raw.resource && twice(raw.resource, 11),
  };
}

test('with unknowns, reordering statements and writing one twice change neither the outcome nor the decisions possible', () => {
  fc.assert(
    fc.property(unknownInputs, unknownBaseRequests, scenarios, fc.integer(), (raw, base, scenario, seed) => {
      const request = scenario.unknownRequest(base);
      const before = evaluate(raw, request);
      const after = evaluate(shuffledWithDuplicate(raw, seed), request);
      assert.is(after.outcome, before.outcome, before.explanation);
      assert.equal([...after.possible].sort(), [...before.possible].sort());
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

function referenceRegex(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

test('the wildcard matcher agrees with a regex on short random patterns', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', '/', ':'), maxLength: 10 });
  const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '/', ':', '*', '?'), maxLength: 8 });
  fc.assert(
    fc.property(pattern, text, (p, t) => {
      assert.is(globMatches(parseGlob(p), t), referenceRegex(p).test(t), `${JSON.stringify(p)} vs ${JSON.stringify(t)}`);
    }),
    { seed: SEED, numRuns: 3000 },
  );
});

test('a 10 KB "*?*?…" pattern matches in a linear number of steps', () => {
  const pattern = '*?'.repeat(5 * 1024);
  const glob = parseGlob(pattern);
  for (const length of [100, 5 * 1024 - 1, 5 * 1024, 20_000]) {
    const meter: StepMeter = { steps: 0 };
    const text = 'a'.repeat(length);
    assert.is(globMatches(glob, text, meter), length >= 5 * 1024);
    assert.ok(meter.steps <= 4 * (pattern.length + text.length), `${meter.steps} steps for ${length} characters`);
  }
});

test('a hostile pattern stays within (|pattern|+1)·(|text|+1) steps', () => {
  const pattern = `${'*a'.repeat(200)}*b`;
  const text = 'a'.repeat(2000);
  const meter: StepMeter = { steps: 0 };
  assert.is(globMatches(parseGlob(pattern), text, meter), false);
  assert.ok(meter.steps <= (pattern.length + 1) * (text.length + 1), `${meter.steps} steps`);
});

test('a statement with a 10 KB wildcard Resource evaluates', () => {
  const hostile = normalizePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'*?'.repeat(5 * 1024)}b` }] }, 'hostile');
  const request: Request = { principal: { arn: `arn:aws:iam::${A}:user/alice`, account: A, type: 'AWS' }, action: 's3:GetObject', resource: `arn:aws:s3:::${'a'.repeat(20_000)}`, context: {} };
  assert.is(evaluatePolicies({ identityPolicies: [hostile], resourceKind: 'none' }, request).outcome, 'implicit-deny');
});

test.run();

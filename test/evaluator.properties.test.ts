// Properties of the evaluator over random policies and requests (fast-check, fixed seed): Deny only
// ever takes access away, statement order never matters, Allow-only policies never deny
// explicitly, and the wildcard matcher agrees with a regex and stays linear on hostile patterns.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluatePolicies } from '../src/policy/evaluate.js';
import type { EvaluationInput, Request } from '../src/policy/model.js';
import { normalizePolicy } from '../src/policy/normalize.js';
import { globMatches, parseGlob, type StepMeter } from '../src/policy/wildcard.js';

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

// Negative questions over Mixpanel-style trust policies: which external ids (or none) and which
// principals get in, found by evaluating the candidates src/policy/questions.ts derives.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluatePolicies } from '../src/policy/evaluate.js';
import type { EvaluationInput, Request } from '../src/policy/model.js';
import { normalizePolicy } from '../src/policy/normalize.js';
import { allowedValues, candidatePrincipals, candidateValues } from '../src/policy/questions.js';
import { globMatches, parseGlob } from '../src/policy/wildcard.js';

const MIXPANEL = '485438090326';
const MIXPANEL_USER = `arn:aws:iam::${MIXPANEL}:user/mixpanel-export`;
const OWNER = '111122223333';
const ROLE = `arn:aws:iam::${OWNER}:role/mixpanel-export`;
const TOKEN = 'a1b2c3d4e5f6';

function trust(principal: unknown, condition?: unknown) {
  const statement = { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition === undefined ? {} : { Condition: condition }) };
  return normalizePolicy({ Version: '2012-10-17', Statement: [statement] }, 'trust.json');
}

const input = (resourcePolicy: ReturnType<typeof trust>): EvaluationInput => ({ identityPolicies: [], resourcePolicy, resourceKind: 'trust', resourceAccount: OWNER, assumeIdentitySideAllows: true });

const assumeRole = (principal: Request['principal'] = { arn: MIXPANEL_USER, account: MIXPANEL, type: 'AWS' }): Request => ({
  principal,
  action: 'sts:AssumeRole',
  resource: ROLE,
  context: { 'sts:ExternalId': TOKEN, 'aws:SecureTransport': 'true' },
});

test('StringEquals sts:ExternalId T: only T is accepted', () => {
  const policy = trust({ AWS: MIXPANEL_USER }, { StringEquals: { 'sts:ExternalId': TOKEN } });
  const candidates = candidateValues([policy], 'sts:ExternalId');
  assert.ok(candidates.includes(TOKEN));
  assert.ok(candidates.some((value) => value !== TOKEN), 'a fresh value is offered');
  assert.equal(allowedValues(input(policy), assumeRole(), 'sts:ExternalId'), [TOKEN]);
});

test('the condition key is found whatever its case in the policy', () => {
  const policy = trust({ AWS: MIXPANEL_USER }, { StringEquals: { 'STS:EXTERNALID': TOKEN } });
  assert.ok(candidateValues([policy], 'sts:ExternalId').includes(TOKEN));
  assert.equal(allowedValues(input(policy), assumeRole(), 'sts:externalid'), [TOKEN]);
});

test('StringLike with "*": a fresh value is accepted too', () => {
  const policy = trust({ AWS: MIXPANEL_USER }, { StringLike: { 'sts:ExternalId': '*' } });
  const allowed = allowedValues(input(policy), assumeRole(), 'sts:ExternalId');
  assert.ok(allowed.some((value) => value !== undefined && value !== '*'), `allowed: ${JSON.stringify(allowed)}`);
  assert.not.ok(allowed.includes(undefined), 'StringLike still needs the key');
});

test('StringLike with a prefix pattern: an instance of the pattern is found, the fresh value is refused', () => {
  const policy = trust({ AWS: MIXPANEL_USER }, { StringLike: { 'sts:ExternalId': 'a1b2*' } });
  const candidates = candidateValues([policy], 'sts:ExternalId');
  const fresh = candidates[candidates.length - 1]!;
  const allowed = allowedValues(input(policy), assumeRole(), 'sts:ExternalId');
  assert.ok(allowed.includes('a1b2'), `allowed: ${JSON.stringify(allowed)}`);
  assert.not.ok(allowed.includes(fresh));
});

test('StringEqualsIgnoreCase: the token in another case is accepted', () => {
  const policy = trust({ AWS: MIXPANEL_USER }, { StringEqualsIgnoreCase: { 'sts:ExternalId': TOKEN } });
  assert.equal(allowedValues(input(policy), assumeRole(), 'sts:ExternalId'), [TOKEN, TOKEN.toUpperCase()]);
});

test('no condition: no external id at all is accepted, and any value', () => {
  const policy = trust({ AWS: MIXPANEL_USER });
  const allowed = allowedValues(input(policy), assumeRole(), 'sts:ExternalId');
  assert.ok(allowed.includes(undefined));
  assert.equal(candidateValues([policy], 'sts:ExternalId').length, 1, 'only the fresh value');
  assert.is(allowed.length, 2);
});

test('StringNotEquals: every value but the listed one, and absence, are accepted', () => {
  const policy = trust({ AWS: MIXPANEL_USER }, { StringNotEquals: { 'sts:ExternalId': 'blocked' } });
  const allowed = allowedValues(input(policy), assumeRole(), 'sts:ExternalId');
  assert.ok(allowed.includes(undefined));
  assert.not.ok(allowed.includes('blocked'));
  assert.ok(allowed.length >= 2);
});

test('the fresh value equals no mentioned value and matches no pattern', () => {
  const patterns = ['mp-s3-lint-fresh-value*', '*mp-s3-lint-fresh-value', '', '?'];
  const policy = trust({ AWS: MIXPANEL_USER }, { StringLike: { 'sts:ExternalId': patterns } });
  const fresh = candidateValues([policy], 'sts:ExternalId').at(-1)!;
  for (const pattern of patterns) assert.not.ok(globMatches(parseGlob(pattern), fresh), `${JSON.stringify(fresh)} matches ${pattern}`);
});

test('numeric thresholds bring their neighbours', () => {
  const policy = normalizePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: '*', Condition: { NumericLessThanEquals: { 's3:max-keys': '10' } } }] }, 'p');
  const candidates = candidateValues([policy], 's3:max-keys');
  for (const value of ['9', '10', '11']) assert.ok(candidates.includes(value), value);
});

test('Principal account root: a fresh principal in that account gets in', () => {
  const policy = trust({ AWS: `arn:aws:iam::${MIXPANEL}:root` }, { StringEquals: { 'sts:ExternalId': TOKEN } });
  const principals = candidatePrincipals([policy]);
  const fresh = principals.find((p) => p.account === MIXPANEL);
  assert.ok(fresh !== undefined && fresh.arn !== MIXPANEL_USER);
  assert.is(evaluatePolicies(input(policy), assumeRole(fresh)).outcome, 'allow');
  const stranger = principals.find((p) => p.account !== undefined && p.account !== MIXPANEL)!;
  assert.is(evaluatePolicies(input(policy), assumeRole(stranger)).outcome, 'implicit-deny');
});

test('Principal naming the user: nobody else among the candidates gets in', () => {
  const policy = trust({ AWS: MIXPANEL_USER }, { StringEquals: { 'sts:ExternalId': TOKEN } });
  const allowed = candidatePrincipals([policy]).filter((p) => evaluatePolicies(input(policy), assumeRole(p)).outcome === 'allow');
  assert.equal(allowed.map((p) => p.arn), [MIXPANEL_USER]);
});

test('candidate principals: named users, roles, services, a fresh account and anonymous', () => {
  const policy = trust({ AWS: [MIXPANEL_USER, `arn:aws:iam::${OWNER}:role/ops`, '222233334444'], Service: 'ec2.amazonaws.com' });
  const principals = candidatePrincipals([policy]);
  const arns = principals.map((p) => p.arn);
  assert.ok(arns.includes(MIXPANEL_USER));
  assert.ok(arns.includes(`arn:aws:iam::${OWNER}:role/ops`));
  assert.ok(principals.some((p) => p.account === '222233334444'));
  assert.ok(principals.some((p) => p.type === 'Service' && p.arn === 'ec2.amazonaws.com'));
  assert.ok(principals.some((p) => p.type === 'Anonymous' && p.account === undefined));
  const accounts = new Set([MIXPANEL, OWNER, '222233334444']);
  assert.ok(principals.some((p) => p.type === 'AWS' && p.account !== undefined && !accounts.has(p.account)), 'a principal in a fresh account');
  assert.is(new Set(arns).size, arns.length, 'no duplicates');
});

test('"AWS": "*": the fresh principal in a fresh account gets in', () => {
  const policy = trust({ AWS: '*' });
  const allowed = candidatePrincipals([policy]).filter((p) => evaluatePolicies(input(policy), assumeRole(p)).outcome === 'allow');
  assert.ok(allowed.some((p) => p.type === 'AWS'));
  assert.ok(allowed.some((p) => p.type === 'Anonymous'));
});

test('principals named only in aws:PrincipalArn / aws:PrincipalAccount conditions are candidates', () => {
  const policy = trust('*', { StringEquals: { 'aws:PrincipalAccount': '999988887777' }, ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${OWNER}:role/ci` } });
  const principals = candidatePrincipals([policy]);
  assert.ok(principals.some((p) => p.account === '999988887777'));
  assert.ok(principals.some((p) => p.arn === `arn:aws:iam::${OWNER}:role/ci`));
});

test.run();

// Decision tables written from AWS's documentation (test/data/evaluator/*.json, one file per
// topic, each naming the pages its cases come from): every case's outcome (a decision, or
// `undecided` when it depends on a value the documents do not give), its deciding statements, the
// decisions still possible and the statements that may apply, and a reason for every statement
// that did not apply.
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluatePolicies } from '../src/policy/evaluate.js';
import type { Decision, EvaluationInput, EvaluationResult, Outcome, Request, StatementMatch } from '../src/policy/model.js';
import { normalizePolicy } from '../src/policy/normalize.js';
import { repoPath } from './helpers/repo.js';

interface DecisionCase {
  name: string;
  policies: {
    identity: unknown[];
    boundary?: unknown;
    resource?: unknown;
    resourceKind: EvaluationInput['resourceKind'];
    resourceAccount?: string;
    assumeIdentitySideAllows?: boolean;
  };
  request: Request;
  expect: Outcome;
  decidingSids?: string[];
  /** The decisions still possible (any order); required when `expect` is `undecided`. */
  possible?: Decision[];
  /** The statements that may apply (any order): what the outcome depends on. */
  undecidedSids?: string[];
}

interface DecisionTable {
  source: { title: string; url: string }[];
  cases: DecisionCase[];
}

const TOPICS = [
  'deny-overrides', 'action-wildcards', 'resource-matching', 'principals', 'not-elements', 'string-conditions', 'numeric-date-conditions',
  'bool-binary-ip', 'arn-conditions', 'null-ifexists', 'set-operators', 'policy-variables', 'cross-account', 'kms-key-policy', 'trust-policy',
  'request-context-keys', 'unknown-values', 'unresolved-variables', 'malformed-values', 'principal-edges', 'action-service-wildcards',
];
const MIN_CASES = 761;

const directory = repoPath('test', 'data', 'evaluator');
const tables = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ topic: file.replace(/\.json$/, ''), table: JSON.parse(readFileSync(`${directory}/${file}`, 'utf8')) as DecisionTable }));

function inputOf(topic: string, c: DecisionCase): EvaluationInput {
  const p = c.policies;
  return {
    identityPolicies: p.identity.map((policy, i) => normalizePolicy(policy, `${topic}/identity-${i}.json`)),
    ...(p.boundary === undefined ? {} : { boundary: normalizePolicy(p.boundary, `${topic}/boundary.json`) }),
    ...(p.resource === undefined ? {} : { resourcePolicy: normalizePolicy(p.resource, `${topic}/resource.json`) }),
    resourceKind: p.resourceKind,
    ...(p.resourceAccount === undefined ? {} : { resourceAccount: p.resourceAccount }),
    ...(p.assumeIdentitySideAllows === undefined ? {} : { assumeIdentitySideAllows: p.assumeIdentitySideAllows }),
  };
}

test('every topic has a table, and each names the AWS pages it was written from', () => {
  assert.equal(tables.map((t) => t.topic), [...TOPICS].sort());
  for (const { topic, table } of tables) {
    assert.ok(table.source.length > 0, `${topic}: no source`);
    for (const source of table.source) {
      assert.ok(source.title.length > 0, `${topic}: source without title`);
      assert.match(source.url, /^https:\/\/docs\.aws\.amazon\.com\//, `${topic}: ${source.url}`);
    }
  }
});

test(`the tables hold at least ${MIN_CASES} cases, each undecided one with the decisions still possible`, () => {
  const total = tables.reduce((sum, { table }) => sum + table.cases.length, 0);
  assert.ok(total >= MIN_CASES, `only ${total} cases`);
  for (const { topic, table } of tables) {
    for (const c of table.cases) if (c.expect === 'undecided') assert.ok((c.possible?.length ?? 0) >= 2, `${topic}: ${c.name}: an undecided case names two or more possible decisions`);
  }
});

const sidOf = (match: Pick<StatementMatch, 'statement'>) => match.statement.sid ?? `#${match.statement.index}`;
const sorted = (values: readonly string[]) => [...values].sort();

for (const { topic, table } of tables) {
  for (const c of table.cases) {
    test(`${topic}: ${c.name}`, () => {
      const result: EvaluationResult = evaluatePolicies(inputOf(topic, c), c.request);
      assert.is(result.outcome, c.expect, result.explanation);
      if (c.decidingSids !== undefined) assert.equal(result.deciding.map(sidOf), c.decidingSids, result.explanation);
      if (c.possible !== undefined) assert.equal(sorted(result.possible), sorted(c.possible), result.explanation);
      if (c.undecidedSids !== undefined) assert.equal(sorted(result.undecided.map(sidOf)), sorted(c.undecidedSids), result.explanation);
      assert.ok(result.explanation.length > 0);
      for (const match of result.others.filter((m) => !m.applies)) {
        assert.ok(match.failed !== undefined && match.failedPath !== undefined && (match.reason ?? '') !== '', `${c.name}: statement ${match.statement.index} lacks why`);
      }
    });
  }
}

test('explanations say when the unseen side is taken as allowing, and paths keep keys as written', () => {
  const trust = normalizePolicy(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-export' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'STS:ExternalId': 'tok' } } }],
    },
    'trust.json',
  );
  const input: EvaluationInput = { identityPolicies: [], resourcePolicy: trust, resourceKind: 'trust', resourceAccount: '111122223333', assumeIdentitySideAllows: true };
  const request = (externalId: string): Request => ({
    principal: { arn: 'arn:aws:iam::485438090326:user/mixpanel-export', account: '485438090326', type: 'AWS' },
    action: 'sts:AssumeRole',
    resource: 'arn:aws:iam::111122223333:role/export',
    context: { 'sts:ExternalId': externalId },
  });
  const allowed = evaluatePolicies(input, request('tok'));
  assert.is(allowed.outcome, 'allow');
  assert.match(allowed.explanation, "the principal's own account must also allow this; that side cannot be seen");
  const refused = evaluatePolicies(input, request('guess'));
  const [miss] = refused.others;
  assert.is(miss?.failed, 'condition');
  assert.equal(miss?.failedPath, ['Statement', 0, 'Condition', 'StringEquals', 'STS:ExternalId']);
  assert.is(miss?.reason, 'Condition StringEquals STS:ExternalId: request value "guess" is not "tok"');
});

test('a statement that fails on its principal points at Principal and says so', () => {
  const bucket = normalizePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 's3:GetObject', Resource: '*' } }, 'bucket.json');
  const result = evaluatePolicies(
    { identityPolicies: [], resourcePolicy: bucket, resourceKind: 'bucket', resourceAccount: '111122223333', assumeIdentitySideAllows: true },
    { principal: { arn: 'arn:aws:iam::777788889999:user/eve', account: '777788889999', type: 'AWS' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: {} },
  );
  assert.is(result.outcome, 'implicit-deny');
  assert.equal(result.others[0]?.failedPath, ['Statement', 'Principal']);
  assert.match(result.others[0]?.reason ?? '', 'arn:aws:iam::777788889999:user/eve is not named by Principal AWS "444455556666"');
  assert.match(result.explanation, 'cross-account');
});

test.run();

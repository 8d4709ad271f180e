// Grant least privilege: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
import type { Rule } from '../src/engine/rule.js';
import type { Request, StatementMatch } from '../src/policy/model.js';
import { evaluatePolicies } from '../src/policy/evaluate.js';
import { accountOfArn, bucketArn, s3Request } from '../src/setup/mixpanel.js';
import { exportTargetKnown, bucketAccount, policyOf } from '../src/setup/questions.js';
import type { Setup } from '../src/setup/setup.js';
import { LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

interface Probe {
  what: string;
  request: (setup: Setup) => Request;
}

/** Requests the export never makes; a permission policy that allows one grants more than needed. */
const PROBES: Probe[] = [
  { what: 'objects in other buckets', request: (s) => ({ ...s3Request(s, 's3:GetObject'), resource: 'arn:aws:s3:::mp-s3-lint-some-other-bucket/data.json' }) },
  { what: 'administration of the bucket (s3:PutBucketPolicy)', request: (s) => ({ ...s3Request(s, 's3:ListBucket'), action: 's3:PutBucketPolicy', resource: bucketArn(s.params) }) },
  { what: 'deleting the bucket (s3:DeleteBucket)', request: (s) => ({ ...s3Request(s, 's3:ListBucket'), action: 's3:DeleteBucket', resource: bucketArn(s.params) }) },
  { what: 'actions of other services (e.g. iam:CreateUser)', request: (s) => ({ ...s3Request(s, 's3:ListBucket'), action: 'iam:CreateUser', resource: `arn:aws:iam::${accountOfArn(s.params.role) ?? '111122223333'}:user/mp-s3-lint-probe` }) },
];

const rule: Rule = {
  meta: {
    id: 'MP210',
    name: 'least-privilege',
    title: 'Export role granted far more than the export needs',
    description:
      'The export needs four S3 actions on one bucket (and seven KMS actions on one key with SSE-KMS). This rule asks the evaluator whether the role\'s permission policies also allow requests the export never makes: reading other buckets, changing or deleting the bucket, or actions of other services — as `"Action": "s3:*"` on `"*"`, `"Action": "*"`, or an Allow with `NotAction` do. Whoever can assume the role gets all of it.',
    help: 'Scope `Resource` to `arn:aws:s3:::BUCKET` and `arn:aws:s3:::BUCKET/*` and list the four actions explicitly; see the permission policy written by `mp-s3-lint init`.',
    defaultLevel: 'warning',
    tags: ['mixpanel', 'permissions', 'security', 'least-privilege'],
    securitySeverity: 5.0,
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'Every S3 action on every bucket.', files: { 'permission-policy.json': json(policy([{ Sid: 'MixpanelExport', Effect: 'Allow', Action: 's3:*', Resource: '*' }])) } },
      right: { explanation: 'The four actions, on the export bucket only.', files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    if (setup.identity.length === 0 || !exportTargetKnown(setup.params)) return;
    const grantsByStatement = new Map<string, { match: StatementMatch; what: string[] }>();
    for (const probe of PROBES) {
      const result = evaluatePolicies({ identityPolicies: setup.identity.map(policyOf), resourceKind: 'none', resourceAccount: bucketAccount(setup) }, probe.request(setup));
      if (result.outcome !== 'allow') continue;
      for (const match of result.deciding) {
        const key = `${match.policy.name}\u0000${match.statement.path.join('/')}`;
        const entry = grantsByStatement.get(key) ?? { match, what: [] };
        entry.what.push(probe.what);
        grantsByStatement.set(key, entry);
      }
    }
    for (const { match, what } of grantsByStatement.values()) {
      const document = match.policy.document;
      if (document === undefined) continue;
      report({ document, path: match.statement.path, message: `This statement grants the export role more than the export needs: ${what.join('; ')}.` });
    }
  },
};
export default rule;

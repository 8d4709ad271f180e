// Principal "*" in a bucket policy grants anonymous access:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
import type { Rule } from '../src/engine/rule.js';
import { S3_ACTIONS, requestBy, s3Request } from '../src/setup/mixpanel.js';
import { exportTargetKnown, bucketAccount, decide, policyOf } from '../src/setup/questions.js';
import { strangerTo } from '../src/policy/questions.js';
import { bucketDeny, json, policy } from './examples.js';

/** A statement many bucket policies have: refuse requests without TLS. */
const DENY_INSECURE_TRANSPORT = bucketDeny('DenyInsecureTransport', { Bool: { 'aws:SecureTransport': 'false' } });

const rule: Rule = {
  meta: {
    id: 'MP402',
    name: 'bucket-public',
    title: 'Bucket policy makes the export bucket public',
    description:
      'The bucket policy lets a principal in any account — or anyone at all — read, write, delete or list the bucket that holds your raw event data, because a statement allows `"Principal": "*"` without a condition that narrows it. S3 Block Public Access may stop it in practice, but the policy says public.',
    help: 'Replace `"*"` with the principals that need access (the export role is granted through its own permission policy), or add a condition such as `aws:PrincipalOrgID`.',
    defaultLevel: 'warning',
    tags: ['bucket', 'security'],
    securitySeverity: 8.6,
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'Anyone may read the exported objects.',
        files: { 'bucket-policy.json': json(policy([{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-export-bucket/*' }, DENY_INSECURE_TRANSPORT])) },
      },
      right: { explanation: 'The bucket policy grants nothing to the public; the export role has its own permission policy.', files: { 'bucket-policy.json': json(policy([DENY_INSECURE_TRANSPORT])) } },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    const bucket = setup.bucket[0];
    // Only an Allow of the bucket policy can be reported: without one there is nothing to ask.
    if (bucket === undefined || !exportTargetKnown(setup.params) || !policyOf(bucket).statements.some((statement) => statement.effect === 'Allow')) return;
    const reported = new Set<string>();
    // A principal in an account the policy never names, with none of the export role's own facts (its organization, its tags).
    const anyone = strangerTo([policyOf(bucket)]);
    for (const action of S3_ACTIONS) {
      const stranger = requestBy(s3Request(setup, action), anyone);
      const result = decide({ identityPolicies: [], resourcePolicy: policyOf(bucket), resourceKind: 'bucket', resourceAccount: bucketAccount(setup), assumeIdentitySideAllows: true }, stranger);
      if (!result.possible.includes('allow')) continue;
      // Allowed for some of the values the probe stands for (an organization the policy does not name, or none) is public enough.
      const granting = result.outcome === 'allow' ? result.deciding : result.undecided.filter((m) => m.statement.effect === 'Allow');
      for (const match of granting) {
        const key = match.statement.path.join('/');
        if (reported.has(key)) continue;
        reported.add(key);
        report({ document: bucket, path: match.statement.path, message: `A principal in any AWS account is allowed ${action} on the export bucket by this statement: the bucket is public.` });
      }
    }
  },
};
export default rule;

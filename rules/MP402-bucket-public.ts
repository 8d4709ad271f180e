// Principal "*" in a bucket policy grants anonymous access:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
import type { Rule } from '../src/engine/rule.js';
import { evaluatePolicies } from '../src/policy/evaluate.js';
import { S3_ACTIONS, s3Request } from '../src/setup/mixpanel.js';
import { exportTargetKnown, bucketAccount, policyOf } from '../src/setup/questions.js';
import { strangerTo } from '../src/policy/questions.js';

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
  },
  scope: 'setup',
  check({ setup, report }) {
    const bucket = setup.bucket[0];
    if (bucket === undefined || !exportTargetKnown(setup.params)) return;
    const reported = new Set<string>();
    for (const action of S3_ACTIONS) {
      const own = s3Request(setup.params, action);
      const anyone = strangerTo([policyOf(bucket)]);
      const stranger = { ...own, principal: anyone, context: { ...own.context, 'aws:PrincipalArn': anyone.arn, 'aws:PrincipalAccount': anyone.account! } };
      const result = evaluatePolicies({ identityPolicies: [], resourcePolicy: policyOf(bucket), resourceKind: 'bucket', resourceAccount: bucketAccount(setup), assumeIdentitySideAllows: true }, stranger);
      if (result.outcome !== 'allow') continue;
      for (const match of result.deciding) {
        const key = match.statement.path.join('/');
        if (reported.has(key)) continue;
        reported.add(key);
        report({ document: bucket, path: match.statement.path, message: `A principal in any AWS account is allowed ${action} on the export bucket by this statement: the bucket is public.` });
      }
    }
  },
};
export default rule;

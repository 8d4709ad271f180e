// Size quotas, counted without white space: IAM and AWS STS quotas
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html): role trust policy 2,048
// characters by default, managed policy 6,144, inline policies of a role 10,240 in total; bucket
// policy 20 KB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html); key
// policy 32 KB (https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html).
import type { Rule } from '../src/engine/rule.js';
import type { PolicyDocument } from '../src/types.js';

const INLINE_TOTAL = 10240;
const INLINE_WRAPPERS = new Set(['aws iam get-role-policy', 'live: iam:GetRolePolicy']);

/** A permission policy known to be inline (its AWS CLI or API shape says so); a bare file could be either. */
const knownInline = (document: PolicyDocument) => document.kind === 'identity' && document.meta.boundary !== true && INLINE_WRAPPERS.has(document.meta.wrapper ?? '');

function quotaOf(document: PolicyDocument): { limit: number; what: string } | undefined {
  switch (document.kind) {
    case 'trust':
      return { limit: 2048, what: 'the default role trust policy quota (it can be raised through Service Quotas)' };
    case 'identity':
      return document.meta.policyArn !== undefined || document.meta.wrapper === 'aws iam get-policy-version'
        ? { limit: 6144, what: 'the managed policy quota' }
        : { limit: INLINE_TOTAL, what: 'the quota for all inline policies of a role together' };
    case 'bucket':
      return { limit: 20480, what: 'the S3 bucket policy quota' };
    case 'key':
      return { limit: 32768, what: 'the KMS key policy quota' };
    default:
      return undefined;
  }
}

const rule: Rule = {
  meta: {
    id: 'MP015',
    name: 'policy-size',
    title: 'Policy larger than AWS accepts',
    description:
      'AWS limits the size of each policy, counting characters without white space: 2,048 for a role trust policy (by default), 6,144 for a managed policy, 10,240 for all inline policies of a role together, 20 KB for a bucket policy and 32 KB for a key policy. A larger policy cannot be saved.',
    help: 'Split the permissions into several managed policies, remove statements that are not needed, or use wildcards where they do not widen access beyond what you intend.',
    defaultLevel: 'error',
    tags: ['quota'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'One inline policy lists hundreds of buckets by name and passes 10,240 characters; IAM refuses to save it.',
        command: 'aws iam put-role-policy --role-name mixpanel-export --policy-name all-buckets --policy-document file://all-buckets.json',
      },
      right: {
        explanation: 'The export role gets a policy for its one bucket; other permissions go to managed policies or other roles.',
        command: 'aws iam put-role-policy --role-name mixpanel-export --policy-name mixpanel-export --policy-document file://permission-policy.json',
      },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    for (const document of setup.documents) {
      const quota = quotaOf(document);
      if (quota !== undefined && !knownInline(document) && document.policySize > quota.limit) {
        report({ document, message: `The policy has ${document.policySize} characters without white space, over ${quota.what} of ${quota.limit}.` });
      }
    }
    // The inline quota is for all inline policies of the role together, not for each.
    const inline = setup.identity.filter(knownInline);
    const total = inline.reduce((sum, document) => sum + document.policySize, 0);
    if (total > INLINE_TOTAL) {
      const largest = inline.reduce((a, b) => (b.policySize > a.policySize ? b : a));
      report({
        document: largest,
        message: `The role's ${inline.length} inline ${inline.length === 1 ? 'policy has' : 'policies have'} ${total} characters without white space in all (this one ${largest.policySize}), over the quota of ${INLINE_TOTAL} for all inline policies of a role together.`,
      });
    }
  },
};
export default rule;

// IAM JSON policy grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// Trust policies have no Resource (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html),
// identity policies no Principal; the Sid pattern applies to IAM policies only
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html): KMS key policies
// accept spaces, as AWS's own default key policy shows ("Enable IAM User Permissions").
// S3 stores a bucket policy only when each Resource is the bucket or objects in it: PutBucketPolicy
// answers "Policy has invalid resource" otherwise ("If you see an error that says Policy has invalid
// resource, confirm that the bucket name in the bucket policy matches your bucket name":
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/website-hosting-custom-domain-walkthrough.html;
// S3 ARNs are arn:PARTITION:s3:::BUCKET[/KEY]: https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html).
// A bucket written with wildcards is not judged: whether S3 accepts it is not documented.
import type { Rule } from '../src/engine/rule.js';
import type { JsonPath, PolicyDocument } from '../src/types.js';
import { describePath, validatePolicyGrammar } from '../src/policy/grammar.js';
import { semanticIssues } from '../src/policy/semantics.js';
import { containsPlaceholder } from '../src/policy/placeholders.js';
import { containsUnresolved } from '../src/documents/iac/resolve.js';
import { LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

function valueAt(policy: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), policy);
}

const rule: Rule = {
  meta: {
    id: 'MP010',
    name: 'policy-grammar',
    title: 'Policy does not follow the IAM policy grammar',
    description:
      'Each document kind has its own grammar. Every statement needs `Effect` ("Allow" or "Deny", case-sensitive) and exactly one of `Action`/`NotAction`. Permission policies need `Resource` or `NotResource` and must not name a `Principal`; role trust policies need a `Principal` and must not have a `Resource`; bucket and key policies need both, and S3 takes a bucket policy only when each `Resource` is the bucket (`arn:aws:s3:::BUCKET`) or objects in it (`arn:aws:s3:::BUCKET/…`), never `*` or another bucket. Condition operators must be real IAM operators with values they can read (numbers, dates, IP ranges, ARNs, `true`/`false`), policy variables appear only in String and ARN conditions, `NotPrincipal` goes with `Deny` and never in a role trust policy, and in IAM policies a `Sid` holds only letters and digits. AWS refuses a policy that breaks the grammar, so the export role or bucket policy cannot even be saved as written.',
    help: 'Change the element named in the message. The IAM policy grammar is at https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html. For example a statement of the export permission policy:\n\n```json\n{ "Sid": "MixpanelExport", "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::BUCKET/*" }\n```',
    defaultLevel: 'error',
    tags: ['grammar', 'correctness'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: '`Effect` is case-sensitive: `"allow"` is not a value IAM accepts.', files: { 'permission-policy.json': json(policy([{ ...OBJECT_STATEMENT, Effect: 'allow' }, LIST_STATEMENT])) } },
      right: { explanation: '`"Effect": "Allow"`.', files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT])) } },
    },
  },
  scope: 'document',
  check({ document, setup, report }) {
    const issues = [...validatePolicyGrammar(document.kind, document.policy), ...semanticIssues(document.kind, document.policy)];
    if (document.kind === 'bucket') issues.push(...bucketResourceIssues(document, document.meta.bucket ?? setup.params.bucket));
    for (const issue of issues) {
      // A placeholder left from the guide is reported once, by MP013, with a better message.
      const value = valueAt(document.policy, issue.path);
      if (containsPlaceholder(value, issue.path.length === 1 && issue.path[0] === 'Version')) continue;
      // A template value that cannot be known at lint time is MP021's note, not a grammar error.
      if (containsUnresolved(JSON.stringify(value) ?? '')) continue;
      report({ path: issue.path, message: issue.message });
    }
  },
};
export default rule;

const S3_ARN = /^arn:[a-z-]+:s3:::([^/]*)/;

/** Resources S3 refuses in a bucket policy: anything but an S3 ARN, or the ARN of another bucket than `bucket` (when known). */
function bucketResourceIssues(document: PolicyDocument, bucket: string | undefined): { path: JsonPath; message: string }[] {
  const policy = document.policy as { Statement?: unknown };
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const issues: { path: JsonPath; message: string }[] = [];
  statements.forEach((statement, index) => {
    if (typeof statement !== 'object' || statement === null) return;
    const resource = (statement as Record<string, unknown>)['Resource'];
    const base: JsonPath = Array.isArray(policy.Statement) ? ['Statement', index, 'Resource'] : ['Statement', 'Resource'];
    const values = Array.isArray(resource) ? resource.map((value, i) => ({ value, path: [...base, i] })) : [{ value: resource, path: base }];
    for (const { value, path } of values) {
      if (typeof value !== 'string') continue; // the grammar reports other types
      const named = S3_ARN.exec(value)?.[1];
      const expected = bucket === undefined ? 'arn:aws:s3:::BUCKET or arn:aws:s3:::BUCKET/KEY' : `arn:aws:s3:::${bucket} or arn:aws:s3:::${bucket}/KEY`;
      if (named === undefined) issues.push({ path, message: `${describePath(path)} is ${JSON.stringify(value)}: S3 refuses a bucket policy whose Resource is not the bucket or objects in it ("Policy has invalid resource"); write ${expected}.` });
      else if (bucket !== undefined && !/[*?]/.test(named) && named !== bucket) {
        issues.push({ path, message: `${describePath(path)} names the bucket ${named}, not the export bucket ${bucket}: S3 refuses a policy of ${bucket} whose Resource is another bucket ("Policy has invalid resource"); write ${expected}.` });
      }
    }
  });
  return issues;
}

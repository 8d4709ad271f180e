// IAM JSON policy grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// Trust policies have no Resource (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html),
// identity policies no Principal; the Sid pattern applies to IAM policies only
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html): KMS key policies
// accept spaces, as AWS's own default key policy shows ("Enable IAM User Permissions").
import type { Rule } from '../src/engine/rule.js';
import { validatePolicyGrammar } from '../src/policy/grammar.js';
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
      'Each document kind has its own grammar. Every statement needs `Effect` ("Allow" or "Deny", case-sensitive) and exactly one of `Action`/`NotAction`. Permission policies need `Resource` or `NotResource` and must not name a `Principal`; role trust policies need a `Principal` and must not have a `Resource`; bucket and key policies need both. Condition operators must be real IAM operators with values they can read (numbers, dates, IP ranges, ARNs, `true`/`false`), policy variables appear only in String and ARN conditions, `NotPrincipal` goes with `Deny` and never in a role trust policy, and in IAM policies a `Sid` holds only letters and digits. AWS refuses a policy that breaks the grammar, so the export role or bucket policy cannot even be saved as written.',
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
  check({ document, report }) {
    for (const issue of [...validatePolicyGrammar(document.kind, document.policy), ...semanticIssues(document.kind, document.policy)]) {
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

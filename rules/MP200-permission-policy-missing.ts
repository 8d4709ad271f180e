// Within one account a resource policy that names the role (or its session) grants without any
// identity policy ("Policy evaluation for requests within a single account",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html).
import type { Rule } from '../src/engine/rule.js';
import { exportQuestions } from '../src/setup/export.js';
import { asFix, permissionPolicy } from '../src/setup/statements.js';

const rule: Rule = {
  meta: {
    id: 'MP200',
    name: 'permission-policy-missing',
    title: 'No permission policy for the export role',
    description:
      'The export role\'s permission (identity) policies normally grant the S3 (and KMS) actions Mixpanel performs after assuming the role. Without one among the inputs, only a bucket policy (and key policy) in the role\'s own account that names the role can grant them; when they do not grant every request, the setup cannot pass.',
    help: 'Add the role\'s permission policies to the setup directory (`aws iam get-role-policy` or `aws iam get-policy-version` output, or the bare policy), or write one with `mp-s3-lint init`.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'permissions'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The setup folder has the trust policy and the config, but none of the role\'s permission policies.', command: 'ls policies/\nmp-s3-lint.config.json  trust-policy.json' },
      right: {
        explanation: 'Save each permission policy of the role beside them (here an inline one).',
        command: 'aws iam get-role-policy --role-name mixpanel-export --policy-name mixpanel-export > policies/permission-policy.json',
      },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    if (setup.documents.length === 0 || setup.identity.length > 0) return;
    const s3AndKms = exportQuestions(setup).filter((question) => question.action !== 'sts:AssumeRole');
    // Resource policies that grant every request themselves need no permission policy; an undecided
    // answer is reported by MP203/MP304/MP403 rather than guessed to be missing.
    if (s3AndKms.length > 0 && s3AndKms.every((question) => question.answer.outcome === 'allow' || question.answer.outcome === 'undecided')) return;
    report({ message: `No permission policy among the documents in ${setup.directory}, and the resource policies do not grant the export role every request it makes.`, fix: asFix(permissionPolicy(setup.params)) });
  },
};
export default rule;

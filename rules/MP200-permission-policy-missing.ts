import type { Rule } from '../src/engine/rule.js';
import { asFix, permissionPolicy } from '../src/setup/statements.js';

const rule: Rule = {
  meta: {
    id: 'MP200',
    name: 'permission-policy-missing',
    title: 'No permission policy for the export role',
    description:
      'A setup needs at least one permission (identity) policy of the export role: it grants the S3 (and KMS) actions Mixpanel performs after assuming the role. Without one among the inputs the setup cannot be verified, so the check must not pass.',
    help: 'Add the role\'s permission policies to the setup directory (`aws iam get-role-policy` or `aws iam get-policy-version` output, or the bare policy), or write one with `mp-s3-lint init`.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'permissions'],
    precision: 'very-high',
  },
  scope: 'setup',
  check({ setup, report }) {
    if (setup.documents.length > 0 && setup.identity.length === 0) {
      report({ message: `No permission policy among the documents in ${setup.directory}; the export role's S3 access cannot be checked.`, fix: asFix(permissionPolicy(setup.params)) });
    }
  },
};
export default rule;

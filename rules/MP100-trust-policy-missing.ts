// Role trust policy: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html
import type { Rule } from '../src/engine/rule.js';
import { asFix, trustPolicy } from '../src/setup/statements.js';

const rule: Rule = {
  meta: {
    id: 'MP100',
    name: 'trust-policy-missing',
    title: 'No trust policy for the export role',
    description:
      'A setup needs the export role\'s trust policy: it decides whether Mixpanel\'s user may assume the role at all. Without it among the inputs the setup cannot be verified, so the check must not pass. Two trust policies in one setup are ambiguous (a role has exactly one) and are reported too.',
    help: 'Add the role\'s trust policy to the setup directory, e.g. `aws iam get-role --role-name ROLE > trust.json`, or write it with `mp-s3-lint init`.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'trust'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The setup folder has the permission policy and the config, but not the role\'s trust policy.', command: 'ls policies/\nmp-s3-lint.config.json  permission-policy.json' },
      right: { explanation: 'Save the trust policy beside them.', command: 'aws iam get-role --role-name mixpanel-export > policies/trust-policy.json' },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    if (setup.documents.length === 0) return; // nothing but unreadable inputs: MP001/MP002 say why
    if (setup.trust.length === 0) {
      report({ message: `No role trust policy among the documents in ${setup.directory}; Mixpanel's AssumeRole cannot be checked.`, fix: asFix(trustPolicy(setup.params)) });
    }
    for (const extra of setup.trust.slice(1)) {
      report({ document: extra, message: `A second trust policy in one setup (the first is ${setup.trust[0]!.file}); a role has exactly one. Only the first is checked.` });
    }
  },
};
export default rule;

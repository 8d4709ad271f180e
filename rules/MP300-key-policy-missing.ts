// Every KMS key has exactly one key policy, and no principal can use the key unless it allows:
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
import type { Rule } from '../src/engine/rule.js';
import { asFix, keyPolicyStatement } from '../src/setup/statements.js';

const rule: Rule = {
  meta: {
    id: 'MP300',
    name: 'key-policy-missing',
    title: 'No key policy with SSE-KMS',
    description:
      'With `s3_encryption=kms` Mixpanel encrypts uploads with your KMS key, and a KMS key can be used only if its key policy allows it — an IAM policy alone is not enough unless the key policy delegates to the account. Without the key policy among the inputs the setup cannot be verified, so the check must not pass.',
    help: 'Save the key policy into the setup directory: `aws kms get-key-policy --key-id KEY --policy-name default > key-policy.json`.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'kms'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'With `"encryption": "kms"`, the setup folder has no key policy.',
        command: 'ls policies/\nmp-s3-lint.config.json  permission-policy.json  trust-policy.json',
      },
      right: {
        explanation: 'Save the key policy beside the other documents.',
        command: 'aws kms get-key-policy --key-id arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab --policy-name default > policies/key-policy.json',
      },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    if (setup.params.encryption !== 'kms' || setup.documents.length === 0) return;
    if (setup.key.length === 0) {
      report({ message: `s3_encryption is kms but there is no key policy among the documents in ${setup.directory}; whether the role may use the key cannot be checked.`, fix: `Add to the key policy:\n${asFix(keyPolicyStatement(setup.params))}` });
    }
  },
};
export default rule;

// Live mode: an AWS read that failed leaves a document or fact unchecked, so the run cannot pass.
// Errors AWS returns: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
import type { Rule } from '../src/engine/rule.js';
import { LIVE_COMMAND } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP600',
    name: 'live-read-failed',
    title: 'An AWS read failed in live mode',
    description:
      'Live mode reads the role, its policies, the bucket and the key with read-only AWS calls. When a call fails (access denied, the role or bucket does not exist, throttling or server errors beyond the retries, a timeout, an unreadable answer), the document or fact it would have returned is not checked, so the setup cannot be shown to work and the run must not pass. The message names the call, why it failed (for access denied, the IAM permission the credentials lack) and what was left unchecked.',
    help: 'For access denied, attach the read-only policy in `docs/live-mode-iam-policy.json` to the identity running the check. For not found, check `--role`, `--bucket` and `--kms-key` and the account of your credentials (`aws sts get-caller-identity`). For throttling, server errors and timeouts, run again.',
    defaultLevel: 'error',
    tags: ['live', 'input'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The identity running the check may not call `iam:GetRole`, so the trust policy cannot be read.', command: LIVE_COMMAND },
      right: {
        explanation: 'Give that identity the read-only policy shipped in `docs/live-mode-iam-policy.json`, then run the check again.',
        command: `aws iam put-role-policy --role-name ci-checker --policy-name mp-s3-lint-read --policy-document file://node_modules/mp-s3-lint/docs/live-mode-iam-policy.json\n${LIVE_COMMAND}`,
      },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    for (const problem of setup.live?.problems ?? []) report({ message: problem.message });
  },
};
export default rule;

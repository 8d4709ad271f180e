import type { Rule } from '../src/engine/rule.js';
import { json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP008',
    name: 'unclassified-policy',
    title: 'Cannot tell which part a policy plays',
    description:
      'The document is a policy, but its content does not say whether it is the role\'s trust policy, a permission policy, the bucket policy or the key policy (for example a resource policy for another service). It is left out of the setup, so it is not checked against Mixpanel\'s requests.',
    help: 'Set its kind in `mp-s3-lint.config.json`: `"documents": { "FILE.json": "trust" | "identity" | "bucket" | "key" }` (paths relative to the config file), or move it out of the setup directory.',
    defaultLevel: 'warning',
    tags: ['input'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'An SQS queue policy sits in the setup folder: it is neither the role\'s, the bucket\'s nor the key\'s policy.',
        files: {
          'queue-policy.json': json(
            policy([{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:export-events' }]),
          ),
        },
      },
      right: { explanation: 'The setup folder holds only the export\'s documents; the queue policy lives elsewhere.', command: 'git mv policies/queue-policy.json queues/' },
    },
  },
  scope: 'document',
  check({ document, report }) {
    if (document.kind === 'unknown') {
      report({ message: 'Cannot tell whether this is a trust, permission, bucket or key policy; it is left out of the setup. Set its kind in mp-s3-lint.config.json ("documents").' });
    }
  },
};
export default rule;

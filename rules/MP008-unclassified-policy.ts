// How a document's kind is decided: src/documents/classify.ts.
import type { Rule } from '../src/engine/rule.js';
import { json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP008',
    name: 'unclassified-policy',
    title: 'Cannot tell which part a policy plays',
    description:
      'The document is a policy, but neither its wrapper (an AWS CLI output, a template resource), nor its structure (no `Principal`: a permission policy; a `Principal` with `sts:` actions: a trust policy, with `s3:` actions: a bucket policy, with `kms:` actions: a key policy), nor its file name (`trust*`, `bucket-policy*`, `key-policy*`, `*boundary*`), nor the config says whether it is the role\'s trust policy, a permission policy, the bucket policy or the key policy — for example a resource policy of another service, or a policy whose `Action` is `*` with a `Resource` of `*`. It is left out of the setup, and a document left out could hold a Deny that stops the export, so the check cannot pass.',
    help: 'Set its kind in `mp-s3-lint.config.json`: `"documents": { "FILE.json": "trust" | "identity" | "boundary" | "bucket" | "key" }` (paths relative to the config file), name the file after its part (`trust.json`, `bucket-policy.json`, `key-policy.json`), or move it out of the setup directory.',
    defaultLevel: 'error',
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
      report({
        message:
          'Cannot tell whether this is a trust, permission, bucket or key policy: its Principal statements name no sts:, s3: or kms: action that says so, and neither its file name nor the config does. It is left out of the setup, and it could hold a Deny.',
        fix: 'Set its kind in mp-s3-lint.config.json ("documents": { "FILE": "trust" | "identity" | "boundary" | "bucket" | "key" }) or move it out of the setup directory.',
      });
    }
  },
};
export default rule;

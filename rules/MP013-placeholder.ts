// The placeholders of Mixpanel's guide (../shared/seeds): <BUCKET_NAME>/<BUCKET-NAME>, <SID>,
// <KEY-ARN>/<KEY_ARN>, <MIXPANEL_PROJECT_TOKEN>, <account-id>, and "VERSION"/"VALUE" as Version.
import type { Rule } from '../src/engine/rule.js';
import { findPlaceholders } from '../src/policy/placeholders.js';
import { forEachString } from '../src/policy/walk.js';
import { LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP013',
    name: 'placeholder',
    title: 'Placeholder from Mixpanel\'s guide left in',
    description:
      'Mixpanel\'s setup guide shows its policies with placeholders to replace: `<BUCKET_NAME>` (also spelled `<BUCKET-NAME>`), `<SID>`, `<KEY-ARN>`, `<MIXPANEL_PROJECT_TOKEN>`, `<account-id>`, and the `"Version"` values `"VERSION"` and `"VALUE"`. Left in, AWS either rejects the policy or, worse, accepts it and grants access to a bucket or key that does not exist, so the export fails hours later.',
    help: 'Replace each placeholder with the real value: the bucket name, the KMS key ARN, your Mixpanel project token, your account id, a Sid of letters and digits, and `"2012-10-17"` for Version. `mp-s3-lint init` writes the documents with real values.',
    defaultLevel: 'error',
    tags: ['correctness', 'mixpanel-guide'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The resources still name `<BUCKET_NAME>`, as in the guide.',
        files: {
          'permission-policy.json': json(policy([{ ...OBJECT_STATEMENT, Resource: 'arn:aws:s3:::<BUCKET_NAME>/*' }, { ...LIST_STATEMENT, Resource: 'arn:aws:s3:::<BUCKET_NAME>' }])),
        },
      },
      right: { explanation: 'The resources name the bucket.', files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT])) } },
    },
  },
  scope: 'document',
  check({ document, setup, report }) {
    forEachString(document.policy, (text, path) => {
      const isVersion = path.length === 1 && path[0] === 'Version';
      for (const placeholder of findPlaceholders(text, setup.params, isVersion)) {
        const fixed = placeholder.replacement === undefined ? undefined : JSON.stringify(text.split(placeholder.text).join(placeholder.replacement));
        report({
          path: [...path],
          message: `Placeholder ${placeholder.text} from Mixpanel's guide was left in; replace it with ${placeholder.meaning}.`,
          fix: fixed === undefined ? undefined : `Use ${fixed}`,
        });
      }
    });
  },
};
export default rule;

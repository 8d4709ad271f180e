// Version element: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
import type { Rule } from '../src/engine/rule.js';
import { TRUST_STATEMENT, json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP011',
    name: 'version-missing',
    title: 'Policy has no Version',
    description:
      'Without `"Version": "2012-10-17"` AWS evaluates the policy with the 2008-10-17 language: policy variables such as `${aws:username}` are then literal text, and some newer features are unavailable. The trust policy in Mixpanel\'s guide has it; the permission policies in the guide carry the placeholders "VERSION"/"VALUE" instead, which MP013 reports.',
    help: 'Add `"Version": "2012-10-17"` as the first element of the policy.',
    defaultLevel: 'warning',
    tags: ['grammar'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The policy has no `Version`.', files: { 'trust-policy.json': json(policy([TRUST_STATEMENT], {})) } },
      right: { explanation: 'The policy starts with `"Version": "2012-10-17"`.', files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])) } },
    },
  },
  scope: 'document',
  check({ document, report }) {
    const policy = document.policy as Record<string, unknown>;
    if (document.kind !== 'unknown' && !('Version' in policy)) {
      report({ message: 'The policy has no "Version"; AWS then applies the 2008-10-17 language, where policy variables are literal text.', fix: '"Version": "2012-10-17"' });
    }
  },
};
export default rule;

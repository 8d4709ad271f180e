// Values a trust policy may test that the documents do not give (Mixpanel's session name, the STS
// Region it calls, its user's tags): "AWS global condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
import { undecidedRule } from '../src/engine/undecided-rule.js';
import { TRUST_STATEMENT, json, policy } from './examples.js';

export default undecidedRule(
  {
    id: 'MP106',
    name: 'trust-policy-undecided',
    title: "Whether Mixpanel can assume the role depends on a value the documents do not give",
    description:
      "A trust-policy statement decides Mixpanel's AssumeRole through a value that neither the documents nor the parameters give: the STS Region Mixpanel calls (aws:RequestedRegion), the session name it chooses (sts:RoleSessionName), its user's unique id, tags or organization, or its source address. mp-s3-lint does not guess either way: the answer is undecided, reported here, and --create refuses until it is settled.",
    help: "Make the trust policy independent of values Mixpanel does not publish: name Mixpanel's user `arn:aws:iam::485438090326:user/mixpanel-export` and require `sts:ExternalId`, which is all Mixpanel's guide asks.",
    defaultLevel: 'warning',
    tags: ['mixpanel', 'trust', 'access', 'undecided'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'The statement also requires a session name Mixpanel has never said it uses.',
        files: { 'trust-policy.json': json(policy([{ ...TRUST_STATEMENT, Condition: { ...(TRUST_STATEMENT['Condition'] as object), StringLike: { 'sts:RoleSessionName': 'mixpanel-*' } } }])) },
      },
      right: { explanation: 'Mixpanel\'s user and your project token as external id, nothing Mixpanel does not publish.', files: { 'trust-policy.json': json(policy([TRUST_STATEMENT])) } },
    },
  },
  'trust',
);

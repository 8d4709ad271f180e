// Values a bucket policy may test that the documents do not give: the role account's organization
// (aws:PrincipalOrgID, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid),
// Mixpanel's source address, the TLS version, the listing's prefix beyond s3_prefix.
import { undecidedRule } from '../src/engine/undecided-rule.js';
import { EXAMPLE_PARAMS, bucketDeny, configOf, json, policy } from './examples.js';

/** A data perimeter: deny principals outside the organization. */
const ORGANIZATION_DENY = bucketDeny('DenyOutsideOrganization', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } });

export default undecidedRule(
  {
    id: 'MP403',
    name: 'bucket-policy-undecided',
    title: 'Whether the bucket policy lets the export through depends on a value the documents do not give',
    description:
      'A bucket-policy statement decides one of the export\'s S3 requests through a value that neither the documents nor the parameters give. The common case is the "deny everyone outside our organization" data perimeter (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`): it blocks the export role only when the role\'s account is outside that organization, which the policies do not say. Others: a Deny on source addresses that are public (Mixpanel does not publish its addresses), on the TLS version, or on the listing prefix beyond `s3_prefix`. mp-s3-lint does not guess either way: the answer is undecided, reported here, and --create refuses until it is settled.',
    help: 'Add what settles the value: `"organizationId": "o-…"` in mp-s3-lint.config.json (the id from `aws organizations describe-organization`, run in the role\'s account; `null` when it is in no organization), or except the export role from the condition (`aws:PrincipalArn`).',
    defaultLevel: 'warning',
    tags: ['mixpanel', 'bucket', 'access', 'undecided'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'A data perimeter denies principals outside organization `o-a1b2c3d4e5`, and the config does not say whether the role\'s account is in it.',
        files: { 'bucket-policy.json': json(policy([ORGANIZATION_DENY])) },
      },
      right: {
        explanation: 'The config gives the organization of the role\'s account: the answer is decided (here the Deny does not apply).',
        files: { 'bucket-policy.json': json(policy([ORGANIZATION_DENY])), 'mp-s3-lint.config.json': json(configOf(EXAMPLE_PARAMS, { organizationId: 'o-a1b2c3d4e5' })) },
      },
    },
  },
  'bucket',
);

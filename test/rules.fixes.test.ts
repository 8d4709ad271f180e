// The fix a finding proposes is what the user pastes or runs: it must be the right one for the cause.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/lint.js';
import { repoPath, repoRoot } from './helpers/repo.js';

const fixOf = async (fixture: string, ruleId: string, params = {}) => {
  const directory = repoPath('fixtures', ...fixture.split('/'));
  const report = await lint({ paths: [directory], cwd: directory, params });
  return report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.fix);
};

test('MP401: a Deny that demands an encryption header is fixed by the s3_encryption that sends it, not by an exception', async () => {
  assert.equal(await fixOf('bucket/bad/requires-encryption-header-but-none', 'MP401'), ['Create the pipeline with s3_encryption=kms (--encryption kms --kms-key KEY_ARN), which sends what this statement demands.']);
  const withKey = await fixOf('bucket/bad/requires-encryption-header-but-none', 'MP401', { encryption: 'aes' });
  assert.equal(withKey, ['Create the pipeline with s3_encryption=kms (--encryption kms --kms-key KEY_ARN), which sends what this statement demands.'], 'AES256 does not satisfy a policy that demands aws:kms');
});

test('MP401: a Deny on the network or the principal is fixed by excepting the export role', async () => {
  for (const fixture of ['bucket/bad/deny-unless-vpc-endpoint', 'bucket/bad/deny-other-principals-without-role']) {
    const fixes = await fixOf(fixture, 'MP401');
    assert.is(fixes.length, 1, fixture);
    assert.match(fixes[0]!, /^Except the export role from this Deny: add "ArnNotEquals": \{ "aws:PrincipalArn": "arn:aws:iam::111122223333:role\/mixpanel-export" \}/);
  }
});

test('MP102 and MP201 propose the exact JSON with the setup\'s own values', async () => {
  assert.equal(await fixOf('trust/bad/guide-without-external-id', 'MP102'), ['"Condition": { "StringEquals": { "sts:ExternalId": "0123456789abcdef0123456789abcdef" } }']);
  const [list] = await fixOf('permissions/bad/list-bucket-on-objects-only', 'MP201');
  assert.equal(JSON.parse(list!), { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acme-mixpanel-export' });
});

test('MP200 without a bucket: the proposed permission policy names a placeholder to fill in (MP013 flags it), never "undefined"', async () => {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-export' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } }] });
  const bytes = new TextEncoder().encode(trust);
  const report = await lint({ paths: ['-'], cwd: repoRoot, stdin: { read: async () => ({ bytes, size: bytes.length }) } });
  const [fix] = report.findings.filter((f) => f.ruleId === 'MP200').map((f) => f.fix);
  assert.ok(fix !== undefined, 'MP200 reported');
  assert.not.match(fix!, /undefined/);
  const resources = (JSON.parse(fix!) as { Statement: { Resource: string }[] }).Statement.map((statement) => statement.Resource);
  assert.equal(resources, ['arn:aws:s3:::<BUCKET-NAME>/*', 'arn:aws:s3:::<BUCKET-NAME>']);
});

test.run();

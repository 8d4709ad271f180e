// Reading one file: kinds from content and from AWS CLI output shapes, positions (also inside
// embedded and URL-encoded policies), and every input problem with its exact line and column.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readDocuments } from '../src/documents/read.js';
import { readSourceFile } from '../src/sources/files.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => readDocuments('f.json', bytes(text));
const position = (r: { line: number; column: number }) => `${r.line}:${r.column}`;

const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-export' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } }],
};
const identity = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' }] };
const bucket = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] };
const key = {
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
};

test('bare policies are classified from their content', () => {
  assert.is(read(JSON.stringify(trust)).documents[0]!.kind, 'trust');
  assert.is(read(JSON.stringify(identity)).documents[0]!.kind, 'identity');
  assert.is(read(JSON.stringify(bucket)).documents[0]!.kind, 'bucket');
  assert.is(read(JSON.stringify(key)).documents[0]!.kind, 'key');
  assert.is(read(JSON.stringify(trust)).documents[0]!.kindSource, 'content');
});

test('a trust policy that wrongly has a Resource is still a trust policy', () => {
  const withResource = { ...trust, Statement: [{ ...trust.Statement[0], Resource: '*' }] };
  assert.is(read(JSON.stringify(withResource)).documents[0]!.kind, 'trust');
});

test('aws iam get-role output: trust policy with the role ARN', () => {
  const text = JSON.stringify({ Role: { RoleName: 'mixpanel-export', Arn: 'arn:aws:iam::111122223333:role/mixpanel-export', AssumeRolePolicyDocument: trust } }, null, 2);
  const document = read(text).documents[0]!;
  assert.is(document.kind, 'trust');
  assert.is(document.kindSource, 'wrapper');
  assert.equal(document.policyPath, ['Role', 'AssumeRolePolicyDocument']);
  assert.is(document.meta.roleArn, 'arn:aws:iam::111122223333:role/mixpanel-export');
  assert.is(document.meta.wrapper, 'aws iam get-role');
  const line = text.split('\n').findIndex((l) => l.includes('"sts:AssumeRole"')) + 1;
  assert.is(document.locate(['Statement', 0, 'Action']).line, line);
});

test('aws iam get-role-policy and get-policy-version outputs are permission policies', () => {
  const rolePolicy = read(JSON.stringify({ RoleName: 'r', PolicyName: 'p', PolicyDocument: identity })).documents[0]!;
  assert.is(rolePolicy.kind, 'identity');
  assert.is(rolePolicy.meta.policyName, 'p');
  const version = read(JSON.stringify({ PolicyVersion: { Document: identity, VersionId: 'v2', IsDefaultVersion: true } })).documents[0]!;
  assert.is(version.kind, 'identity');
  assert.equal(version.policyPath, ['PolicyVersion', 'Document']);
});

test('aws s3api get-bucket-policy: policy as a JSON string, positions inside the string', () => {
  const text = `{\n  "Policy": ${JSON.stringify(JSON.stringify(bucket))}\n}\n`;
  const document = read(text).documents[0]!;
  assert.is(document.kind, 'bucket');
  assert.equal(document.policy, bucket);
  const range = document.locate(['Statement', 0, 'Effect']);
  const rawLine = text.split('\n')[range.line - 1]!;
  // The column points at the escaped "Deny" inside the string literal on line 2.
  assert.is(range.line, 2);
  assert.is(rawLine.slice(range.column - 1, range.column - 1 + 8), '\\"Deny\\"');
});

test('aws kms get-key-policy: a key policy, even with a Sid containing spaces', () => {
  const document = read(JSON.stringify({ Policy: JSON.stringify(key), PolicyName: 'default' })).documents[0]!;
  assert.is(document.kind, 'key');
  assert.is(document.meta.wrapper, 'aws kms get-key-policy');
});

test('URL-encoded policy documents (as IAM APIs return them) are decoded, + kept as +', () => {
  const policy = { ...identity, Statement: [{ ...identity.Statement[0], Resource: 'arn:aws:s3:::b/a+b%/*' }] };
  const encoded = encodeURIComponent(JSON.stringify(policy));
  const document = read(JSON.stringify({ RoleName: 'r', PolicyName: 'p', PolicyDocument: encoded })).documents[0]!;
  assert.equal(document.policy, policy);
  const range = document.locate(['Statement', 0, 'Resource']);
  assert.is(range.line, 1);
  assert.ok(range.column > 30, 'points inside the encoded string');
});

test('an embedded string that is not JSON is reported at the string', () => {
  const result = read('{\n  "Policy": "{not json"\n}');
  assert.is(result.documents.length, 0);
  assert.is(result.problems[0]!.code, 'embedded-policy-invalid');
  assert.is(position(result.problems[0]!.range), '2:13');
});

test('malformed JSON gives the line and column of the error', () => {
  const result = read('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow" "Action": "x"}\n  ]\n}');
  assert.is(result.problems.length, 1);
  assert.is(result.problems[0]!.code, 'invalid-json');
  assert.is(position(result.problems[0]!.range), '4:24');
});

test('duplicate keys are reported at the second key, and the last value is used', () => {
  const result = read('{"Version": "2012-10-17",\n "Statement": {"Effect": "Allow", "Action": "a:b", "Resource": "*",\n  "Action": "s3:GetObject"}}');
  const duplicate = result.problems.find((p) => p.code === 'duplicate-key')!;
  assert.is(position(duplicate.range), '3:3');
  assert.equal(duplicate.path, ['Statement', 'Action']);
  assert.is((result.documents[0]!.policy as { Statement: { Action: string } }).Statement.Action, 's3:GetObject');
});

test('comments, trailing commas and a byte-order mark are reported; positions stay right', () => {
  const result = read('\uFEFF{\n  // note\n  "Statement": [1,],\n}');
  const codes = result.problems.map((p) => `${p.code}@${position(p.range)}`);
  assert.equal(codes.sort(), ['byte-order-mark@1:1', 'comment@2:3', 'trailing-comma@3:18', 'trailing-comma@3:20'].sort());
});

test('empty, binary, array, string and non-policy files are clear problems, not crashes', () => {
  const named = (text: string) => readDocuments('f.json', bytes(text), { named: true });
  assert.match(read('').problems[0]!.message, /empty/);
  assert.is(readDocuments('b.json', new Uint8Array([0x7b, 0x00, 0xff])).problems[0]!.code, 'not-text');
  assert.is(readDocuments('b.json', new Uint8Array([0xc3, 0x28])).problems[0]!.code, 'not-text');
  assert.match(named('[1,2]').problems[0]!.message, /found an array/);
  assert.match(named('"policy"').problems[0]!.message, /found a string/);
  assert.is(named('{"Role": {"RoleName": "x"}}').problems[0]!.code, 'not-a-policy');
  // An AWS CLI output whose policy is not a policy is reported even when found in a directory.
  assert.match(read('{"PolicyDocument": [1]}').problems[0]!.message, /found an array/);
});

test('JSON that is no policy is passed over when found in a directory, its comments unreported; named, it is MP006 alone', () => {
  for (const text of ['{"name": "app", "version": "1.0.0"}', '{\n  // tsconfig\n  "compilerOptions": { "strict": true, },\n}', '[1,2]', '0']) {
    const walked = read(text);
    assert.equal([walked.notPolicy, walked.documents, walked.problems], [true, [], []], text);
    const named = readDocuments('f.json', bytes(text), { named: true });
    assert.equal(named.problems.map((p) => p.code), ['not-a-policy'], text);
    assert.is(named.notPolicy, undefined);
  }
});

test('nesting deeper than any policy is refused without overflowing the stack', () => {
  const result = read('['.repeat(100_000) + ']'.repeat(100_000));
  assert.is(result.problems[0]!.code, 'invalid-json');
  assert.match(result.problems[0]!.message, /nested deeper/);
});

test('a __proto__ key stays data', () => {
  const document = read('{"Statement": [], "__proto__": {"polluted": true}}').documents[0]!;
  assert.is(({} as Record<string, unknown>)['polluted'], undefined);
  assert.ok(Object.keys(document.policy as object).includes('__proto__'));
});

test('kinds from structure: a Principal with sts: actions (wildcards too) is a trust policy, with s3: a bucket policy whatever its Resource, with kms: a key policy', () => {
  const withPrincipal = (statement: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, ...statement }] });
  const kindOf = (policy: unknown, file = 'policy.json') => readDocuments(file, bytes(JSON.stringify(policy))).documents[0]!.kind;
  assert.is(kindOf(withPrincipal({ Action: 'sts:Assume*' })), 'trust');
  assert.is(kindOf(withPrincipal({ Action: 'sts:*', Resource: '*' })), 'trust');
  assert.is(kindOf(withPrincipal({ Action: ['sts:AssumeRole', 'sts:TagSession'] })), 'trust');
  assert.is(kindOf(withPrincipal({ Action: '*' })), 'trust', 'no Resource: only a trust policy has none');
  assert.is(kindOf(withPrincipal({ Action: 's3:*', Resource: '*' })), 'bucket');
  assert.is(kindOf(withPrincipal({ NotAction: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })), 'bucket');
  assert.is(kindOf(withPrincipal({ Action: '*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] })), 'bucket');
  assert.is(kindOf(withPrincipal({ Action: 'kms:*', Resource: '*' })), 'key');
  assert.is(kindOf(withPrincipal({ Action: 'KMS:Decrypt', Resource: '*' })), 'key', 'service prefixes are case-insensitive');
  assert.is(kindOf({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }] }), 'identity');
  assert.is(kindOf(withPrincipal({ Action: 'sqs:SendMessage', Resource: '*' })), 'unknown');
  assert.is(kindOf(withPrincipal({ Action: '*', Resource: '*' })), 'unknown');
  assert.is(kindOf(withPrincipal({ Action: ['s3:GetObject', 'kms:Decrypt'], Resource: '*' })), 'unknown', 'two of the parts at once, and Resource * says neither');
});

test('kinds from the file name when the structure cannot tell, and a permission policy named *boundary* is the role\'s boundary', () => {
  const undecided = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
  const read = (file: string, policy: unknown = undecided) => readDocuments(file, bytes(JSON.stringify(policy))).documents[0]!;
  assert.equal([read('trust-old.json').kind, read('trust-old.json').kindSource], ['trust', 'file-name']);
  assert.is(read('bucket-policy.prod.json').kind, 'bucket');
  assert.is(read('key-policy.json').kind, 'key');
  assert.is(read('dir/Key-Policy.JSON').kind, 'key');
  assert.is(read('policy.json').kind, 'unknown');
  const boundary = read('export-permissions-boundary.json', identity);
  assert.equal([boundary.kind, boundary.meta.boundary, boundary.kindSource], ['identity', true, 'content']);
  // The structure comes first: a trust policy named bucket-policy.json is still a trust policy.
  assert.is(read('bucket-policy.json', trust).kind, 'trust');
  // The wrapper says where AWS keeps the document; the config overrides everything.
  assert.is(read('trust.json', { RoleName: 'r', PolicyName: 'p', PolicyDocument: identity }).kind, 'identity');
  assert.is(readDocuments('trust.json', bytes(JSON.stringify(trust)), { kindOverride: 'boundary' }).documents[0]!.meta.boundary, true);
});

test('AWS CLI outputs saved with --output yaml: get-role, get-role-policy, get-bucket-policy; positions in the YAML and inside its one-line strings', () => {
  const yaml = (file: string, text: string) => readDocuments(file, bytes(text));
  const role = yaml('get-role.yaml', `Role:\n  Arn: arn:aws:iam::111122223333:role/mixpanel-export\n  AssumeRolePolicyDocument:\n    Statement:\n    - Action: sts:AssumeRole\n      Effect: Allow\n      Principal:\n        AWS: arn:aws:iam::485438090326:user/mixpanel-export\n    Version: '2012-10-17'\n  RoleName: mixpanel-export\n`).documents[0]!;
  assert.equal([role.kind, role.meta.wrapper, role.meta.roleArn], ['trust', 'aws iam get-role', 'arn:aws:iam::111122223333:role/mixpanel-export']);
  assert.is(position(role.locate(['Statement', 0, 'Action'])), '5:15');
  const rolePolicy = yaml('p.yml', `PolicyDocument:\n  Statement:\n  - Action: s3:PutObject\n    Effect: Allow\n    Resource: arn:aws:s3:::b/*\n  Version: '2012-10-17'\nPolicyName: p\nRoleName: r\n`).documents[0]!;
  assert.equal([rolePolicy.kind, rolePolicy.meta.roleName, rolePolicy.policy], ['identity', 'r', identity]);
  const single = `Policy: '${JSON.stringify(bucket)}'\n`;
  const singleDocument = yaml('get-bucket-policy.yaml', single).documents[0]!;
  assert.equal([singleDocument.kind, singleDocument.policy], ['bucket', bucket]);
  const effect = singleDocument.locate(['Statement', 0, 'Effect']);
  assert.is(single.split('\n')[0]!.slice(effect.column - 1, effect.column - 1 + 6), '"Deny"');
  const quoted = `Policy: ${JSON.stringify(JSON.stringify(bucket))}\n`;
  const quotedEffect = yaml('get-bucket-policy.yaml', quoted).documents[0]!.locate(['Statement', 0, 'Effect']);
  assert.is(quoted.slice(quotedEffect.column - 1, quotedEffect.column - 1 + 8), '\\"Deny\\"');
  // A quote inside a single-quoted scalar is written twice; positions after it stay right.
  const withQuote = { ...bucket, Statement: [{ Sid: 'x', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': "data's" } } }] };
  const escaped = `Policy: '${JSON.stringify(withQuote).replace(/'/g, "''")}'\n`;
  const tag = yaml('get-bucket-policy.yaml', escaped).documents[0]!;
  assert.equal(tag.policy, withQuote);
  const after = tag.locate(['Statement', 0, 'Condition', 'StringEquals', 'aws:PrincipalTag/team']);
  assert.is(escaped.slice(after.column - 1, after.column - 1 + 9), '"data\'\'s"');
  // Folded over lines, positions fall back to the scalar's start.
  const folded = `Policy: '${JSON.stringify(bucket).replace(',"Statement"', ',\n  "Statement"')}'\n`;
  const foldedDocument = yaml('get-bucket-policy.yaml', folded).documents[0]!;
  assert.equal(foldedDocument.policy, bucket);
  assert.is(position(foldedDocument.locate(['Statement', 0, 'Effect'])), '1:9');
});

test('YAML that is no policy is passed over in a directory; named, a broken one is MP020 and a stranger MP006', () => {
  for (const text of ['on: push\njobs: {}\n', 'a: [\n', '- 1\n- 2\n']) assert.equal(readDocuments('x.yaml', bytes(text)).notPolicy, true, text);
  assert.equal(readDocuments('x.yaml', bytes('a: [\n'), { named: true }).problems.map((p) => p.code), ['invalid-yaml']);
  assert.equal(readDocuments('x.yaml', bytes('on: push\n'), { named: true }).problems.map((p) => p.code), ['not-a-policy']);
});

test('get-bucket-encryption and describe-key outputs are facts (for MP602, MP603) with where they were read; a describe-key without its fields is a note', () => {
  const encryption = read(JSON.stringify({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/x' }, BucketKeyEnabled: true }] } }, null, 2));
  assert.equal([encryption.documents, encryption.problems, encryption.notPolicy], [[], [], undefined]);
  assert.equal({ ...encryption.facts!.bucketEncryption!, at: undefined }, { algorithm: 'aws:kms', kmsKeyId: 'alias/x', bucketKeyEnabled: true, at: undefined });
  assert.is(position(encryption.facts!.bucketEncryption!.at.range), '5:47');
  const key = read(JSON.stringify({ KeyMetadata: { Arn: 'arn:aws:kms:eu-west-1:111122223333:key/k', KeyId: 'k', Enabled: false, KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', KeyState: 'PendingDeletion' } }));
  assert.equal({ ...key.facts!.key!, at: undefined }, { arn: 'arn:aws:kms:eu-west-1:111122223333:key/k', keyId: 'k', region: 'eu-west-1', enabled: false, keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY', keyState: 'PendingDeletion', at: undefined });
  const partial = read(JSON.stringify({ KeyMetadata: { KeyId: 'k' } }));
  assert.equal([partial.facts, partial.problems.map((p) => p.code)], [undefined, ['not-a-policy']]);
});

test('list-attached-role-policies and get-policy outputs name policies without holding them: a note saying what to save', () => {
  const listed = read(JSON.stringify({ AttachedPolicies: [{ PolicyName: 'a', PolicyArn: 'arn:aws:iam::111122223333:policy/a' }], IsTruncated: false }));
  assert.equal(listed.problems.map((p) => p.code), ['not-a-policy']);
  assert.match(listed.problems[0]!.message, /names 1 attached policy \(arn:aws:iam::111122223333:policy\/a\).*get-policy-version/);
  const policy = read(JSON.stringify({ Policy: { PolicyName: 'a', Arn: 'arn:aws:iam::111122223333:policy/a', DefaultVersionId: 'v3' } }));
  assert.match(policy.problems[0]!.message, /--version-id v3/);
});

test('get-account-authorization-details: each role\'s trust and inline policies, the default version of the managed policies roles use, with their links', () => {
  const dump = {
    RoleDetailList: [
      { RoleName: 'r', Arn: 'arn:aws:iam::111122223333:role/r', AssumeRolePolicyDocument: trust, RolePolicyList: [{ PolicyName: 'inline', PolicyDocument: identity }], AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::111122223333:policy/m' }], PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/b' } },
      'not a role',
    ],
    Policies: [
      { Arn: 'arn:aws:iam::111122223333:policy/m', DefaultVersionId: 'v2', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: false, Document: { Statement: [] } }, { VersionId: 'v2', IsDefaultVersion: true, Document: identity }] },
      { Arn: 'arn:aws:iam::111122223333:policy/unused', DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: identity }] },
    ],
    UserDetailList: [],
  };
  const result = read(JSON.stringify(dump));
  const summary = result.documents.map((d) => `${d.kind} ${d.policyPath.join('.')} ${d.meta.iac!.targets.map((t) => t.name).join(',')}`);
  assert.equal(summary, ['trust RoleDetailList.0.AssumeRolePolicyDocument r', 'identity RoleDetailList.0.RolePolicyList.0.PolicyDocument r', 'identity Policies.0.PolicyVersionList.1.Document r']);
  // The boundary's document is not in the file: a note naming it and the role.
  assert.equal(result.problems.map((p) => p.code), ['iac-unresolved']);
  assert.match(result.problems[0]!.message, /policy\/b, the permissions boundary of role r, is not in this file/);
});

test('the config can override the kind', () => {
  assert.is(readDocuments('f.json', bytes(JSON.stringify(identity)), { kindOverride: 'trust' }).documents[0]!.kindSource, 'config');
});

test('files read one after another (into the same buffer) each give what their own bytes give: a large one, a small one, the large one again', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mp-s3-lint-read-'));
  try {
    const large = path.join(dir, 'large.json');
    const small = path.join(dir, 'small.json');
    const statements = Array.from({ length: 2000 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::b${i}/*` }));
    writeFileSync(large, JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2));
    writeFileSync(small, JSON.stringify(identity));
    assert.ok(readFileSync(large).length > 200_000);
    const viaFile = (absolute: string) => readSourceFile({ absolute, display: path.basename(absolute), explicit: true }, 10 * 1024 * 1024);
    const expected = (absolute: string) => JSON.stringify(readDocuments(path.basename(absolute), readFileSync(absolute), { named: true }));
    for (const file of [small, large, small, large, small]) assert.is(JSON.stringify(viaFile(file)), expected(file), file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

// Reading one file: kinds from content and from AWS CLI output shapes, positions (also inside
// embedded and URL-encoded policies), and every input problem with its exact line and column.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readDocuments } from '../src/documents/read.js';

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

test('the config can override the kind', () => {
  assert.is(readDocuments('f.json', bytes(JSON.stringify(identity)), { kindOverride: 'trust' }).documents[0]!.kindSource, 'config');
});

test.run();

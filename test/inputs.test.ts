// No silent pass: every input named on the command line is read (whatever .gitignore says), a path
// with nothing to check under it is a usage error (exit 2), files that hold no policy are passed
// over and counted, and documents of another role are left out or refused.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/lint.js';
import { DEFAULT_EXTENSIONS, walkPaths } from '../src/sources/files.js';
import { runCli } from './helpers/cli.js';
import { repoPath } from './helpers/repo.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-inputs-'));
const write = (directory: string, name: string, content: unknown) => {
  mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
  writeFileSync(path.join(directory, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
};

const TOKEN = '0123456789abcdef0123456789abcdef';
const ROLE = 'arn:aws:iam::111122223333:role/mixpanel-export';
const CONFIG = { bucket: 'acme-mixpanel-export', role: ROLE, token: TOKEN, region: 'us-east-1' };
const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-export' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': TOKEN } } }],
};
const PERMISSIONS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:ListBucket', 's3:DeleteObject'], Resource: ['arn:aws:s3:::acme-mixpanel-export', 'arn:aws:s3:::acme-mixpanel-export/*'] }],
};

/** A passing setup in `directory`, with the files a repository also holds. */
function goodSetup(directory: string): void {
  write(directory, 'mp-s3-lint.config.json', CONFIG);
  write(directory, 'trust.json', TRUST);
  write(directory, 'permissions.json', PERMISSIONS);
}

interface JsonReport {
  findings: { ruleId: string; level: string; file: string; message: string }[];
  summary: { errors: number; warnings: number; notes: number; files: number; passedOver: number };
}

test('a named directory holding only package.json and tsconfig.json: exit 2, saying what was looked for and where', async () => {
  const cwd = tmp();
  write(cwd, 'app/package.json', { name: 'app', version: '1.0.0' });
  write(cwd, 'app/tsconfig.json', '{\n  // comments and trailing commas are fine here\n  "compilerOptions": { "strict": true, },\n}\n');
  const result = await runCli(['app', '-f', 'json'], { cwd });
  assert.is(result.code, 2);
  assert.match(result.stderr, /^mp-s3-lint: nothing to check under app: no policy document was found \(2 files ending in \.json, \.yaml, \.yml, \.template were read and none holds a policy, an AWS CLI output/);
  // Nothing was checked: no report a program could take for a clean one (an empty SARIF would close alerts), no summary file.
  assert.is(result.stdout, '');
  const withFiles = await runCli(['app', '-f', 'sarif', '-o', 'report.sarif', '--summary-file', 'summary.json'], { cwd });
  assert.is(withFiles.code, 2);
  assert.equal([existsSync(path.join(cwd, 'report.sarif')), existsSync(path.join(cwd, 'summary.json'))], [false, false]);
  // Passed over silently: no MP006, no MP005 for tsconfig's comments; counted in the summary.
  const report = await lint({ paths: ['app'], cwd });
  assert.equal(report.findings, []);
  assert.equal([report.summary.files, report.summary.passedOver], [0, 2]);
});

test('an empty named directory and a named file that is no policy: exit 2 each, and MP006 for the named file', async () => {
  const cwd = tmp();
  mkdirSync(path.join(cwd, 'empty'));
  const empty = await runCli(['empty'], { cwd });
  assert.is(empty.code, 2);
  assert.match(empty.stderr, /nothing to check under empty: no policy document was found \(no file ending in \.json, \.yaml, \.yml, \.template was found under it\)/);
  write(cwd, 'package.json', { name: 'x' });
  const named = await runCli(['package.json', '-f', 'json'], { cwd });
  assert.is(named.code, 2);
  assert.match(named.stderr, /nothing to check in package\.json: it holds no policy document/);
  assert.equal((JSON.parse(named.stdout) as JsonReport).findings.map((f) => `${f.ruleId} ${f.level} ${f.file}`), ['MP006 note package.json']);
});

test('a glob that matches only files holding no policy: nothing to check under the pattern; one a named path also found counts', async () => {
  const cwd = tmp();
  write(cwd, 'apps/a/package.json', { name: 'a' });
  goodSetup(path.join(cwd, 'policies'));
  const globbed = await lint({ paths: ['apps/**/*.json'], cwd });
  assert.equal(globbed.nothingToCheck?.map((m) => m.slice(0, 48)), ['nothing to check under apps/**/*.json: no policy']);
  const overlapping = await lint({ paths: ['policies', 'policies/*.json'], cwd });
  assert.equal([overlapping.nothingToCheck, overlapping.inputFailure, overlapping.findings], [undefined, false, []], 'files the named directory found first match the pattern too');
});

test('a repository run: non-policy JSON and YAML are passed over and counted, the setup passes', async () => {
  const cwd = tmp();
  goodSetup(path.join(cwd, 'policies'));
  write(cwd, 'package.json', { name: 'repo' });
  write(cwd, 'package-lock.json', { lockfileVersion: 3 });
  write(cwd, '.github/workflows/ci.yml', 'on: push\njobs: {}\n');
  write(cwd, 'data/broken.yaml', 'a: [\n');
  const json = await runCli(['.', '-f', 'json'], { cwd });
  assert.is(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as JsonReport;
  assert.equal(report.findings, []);
  assert.equal([report.summary.files, report.summary.passedOver], [2, 4]);
  const stylish = await runCli(['.'], { cwd });
  assert.is(stylish.stdout, '✔ No problems found in 2 files (1 export setup checked (policies); 4 files passed over (not part of an export setup)).\n');
  assert.is(stylish.stderr, '');
});

test('lint(): a run with no document at all reports nothing to check; a file that does not parse is an error instead', async () => {
  const cwd = tmp();
  write(cwd, 'a/notes.json', { hello: 'world' });
  write(cwd, 'b/package.json', { name: 'b' });
  const report = await lint({ paths: ['a', 'b'], cwd });
  assert.equal(report.nothingToCheck, [
    'nothing to check under a: no policy document was found (1 file ending in .json, .yaml, .yml, .template was read and none holds a policy, an AWS CLI output that holds one (aws iam get-role, get-role-policy, get-policy-version, get-account-authorization-details, aws s3api get-bucket-policy, aws kms get-key-policy; JSON or YAML), a CloudFormation template or a Terraform plan).',
    'nothing to check under b: no policy document was found (1 file ending in .json, .yaml, .yml, .template was read and none holds a policy, an AWS CLI output that holds one (aws iam get-role, get-role-policy, get-policy-version, get-account-authorization-details, aws s3api get-bucket-policy, aws kms get-key-policy; JSON or YAML), a CloudFormation template or a Terraform plan).',
  ]);
  // One path with a policy and one without: the empty one is still named.
  goodSetup(path.join(cwd, 'c'));
  const mixed = await lint({ paths: ['c', 'b'], cwd });
  assert.equal(mixed.nothingToCheck?.map((m) => m.slice(0, 26)), ['nothing to check under b: ']);
  // The same directory named twice, or inside another named path, counts for both.
  assert.is((await lint({ paths: ['.', 'c'], cwd })).nothingToCheck, undefined);
  assert.is((await lint({ paths: ['c', '.'], cwd })).nothingToCheck, undefined);
  write(cwd, 'd/policy.json', '{ "Statement": [');
  const broken = await lint({ paths: ['d'], cwd });
  assert.is(broken.nothingToCheck, undefined);
  assert.equal(broken.findings.map((f) => f.ruleId), ['MP002']);
  const cli = await runCli(['d'], { cwd });
  assert.is(cli.code, 1);
});

test('a CDK app whose .gitignore ignores cdk.out: `.` has nothing to check (exit 2, naming .gitignore); cdk.out named is read', async () => {
  const cwd = repoPath('fixtures', 'iac', 'bad', 'cdk-app-role-without-external-id');
  const all = await runCli(['.'], { cwd });
  assert.is(all.code, 2);
  assert.match(all.stderr, /nothing to check under \.: .*1 entry under it is ignored by \.gitignore or --ignore-pattern \(--no-gitignore reads what \.gitignore ignores\)/);
  const named = await runCli(['cdk.out', '-f', 'json'], { cwd });
  assert.is(named.code, 0, named.stderr);
  const report = JSON.parse(named.stdout) as JsonReport;
  assert.ok(report.findings.some((f) => f.ruleId === 'MP102' && f.file === 'cdk.out/MixpanelExportStack.template.json'));
  // manifest.json, tree.json and the assets manifest are passed over, not reported.
  assert.equal([report.summary.files, report.summary.passedOver], [1, 3]);
  const unignored = await runCli(['.', '--no-gitignore', '-f', 'json'], { cwd });
  assert.ok((JSON.parse(unignored.stdout) as JsonReport).findings.some((f) => f.ruleId === 'MP102'));
});

test('.gitignore patterns by name apply at any depth below their file, negations too, and a pattern with a slash only from there; a .gitignore that ignores a directory the command line re-includes says nothing inside it', () => {
  const cwd = tmp();
  mkdirSync(path.join(cwd, '.git'));
  write(cwd, '.gitignore', 'build/\n*.log.json\n!keep.log.json\nsub/z.json\n');
  write(path.join(cwd, 'sub'), 'z.json', {});
  write(path.join(cwd, 'x', 'sub'), 'z.json', {});
  for (const name of ['app.log.json', 'keep.log.json', 'ok.json']) write(path.join(cwd, 'a', 'b', 'c'), name, {});
  for (const name of ['x.json', 'y.log.json']) write(path.join(cwd, 'a', 'build'), name, {});
  write(path.join(cwd, 'd'), '.gitignore', '*.yaml\n');
  write(path.join(cwd, 'd', 'e'), 'f.yaml', {});
  write(path.join(cwd, 'd', 'e'), 'g.json', {});
  write(path.join(cwd, 'other'), 'f.yaml', {});
  const found = (ignorePatterns: string[]) => walkPaths(['.'], { extensions: DEFAULT_EXTENSIONS, cwd, ignorePatterns }).files.map((file) => file.display);
  assert.equal(found([]), ['a/b/c/keep.log.json', 'a/b/c/ok.json', 'd/e/g.json', 'other/f.yaml', 'x/sub/z.json']);
  assert.equal(found(['!build/']), ['a/b/c/keep.log.json', 'a/b/c/ok.json', 'a/build/x.json', 'a/build/y.log.json', 'd/e/g.json', 'other/f.yaml', 'x/sub/z.json']);
});

test('.gitignore: a named path is read even when a parent ignores it or its parent; patterns still apply to what is below it', async () => {
  const cwd = tmp();
  mkdirSync(path.join(cwd, '.git'));
  write(cwd, '.gitignore', 'build/\nplan-out\n*.draft.json\n');
  goodSetup(path.join(cwd, 'build', 'plan-out', 'setup'));
  write(cwd, 'build/plan-out/setup/old.draft.json', '{ not json');
  // build/ is ignored above plan-out, plan-out itself too: both are re-included for the named path.
  const report = await lint({ paths: ['build/plan-out'], cwd });
  assert.is(report.nothingToCheck, undefined);
  assert.is(report.summary.files, 2, 'the draft is still ignored below the named path');
  assert.equal(report.findings, []);
  const walked = await lint({ paths: ['.'], cwd });
  assert.match(walked.nothingToCheck?.[0] ?? '', /nothing to check under \.: .*1 entry under it is ignored by \.gitignore/);
  const file = await lint({ paths: ['build/plan-out/setup/old.draft.json'], cwd });
  assert.equal(file.findings.map((f) => f.ruleId), ['MP002'], 'a named file is read whatever .gitignore says');
});

test('get-role of another role: an error naming both when it is the only trust policy; compared case-insensitively, by account', async () => {
  const cwd = tmp();
  write(cwd, 'mp-s3-lint.config.json', CONFIG);
  write(cwd, 'permissions.json', PERMISSIONS);
  const getRole = (name: string, arn: string) => ({ Role: { RoleName: name, Arn: arn, AssumeRolePolicyDocument: TRUST } });
  write(cwd, 'get-role.json', getRole('other-role', 'arn:aws:iam::111122223333:role/other-role'));
  const other = await lint({ paths: ['.'], cwd });
  const error = other.findings.find((f) => f.ruleId === 'MP023')!;
  assert.is(error.level, 'error');
  assert.match(error.message, /role other-role \(arn:aws:iam::111122223333:role\/other-role\), not of the export role arn:aws:iam::111122223333:role\/mixpanel-export \(s3_role\)/);
  write(cwd, 'get-role.json', getRole('MIXPANEL-EXPORT', 'arn:aws:iam::111122223333:role/MIXPANEL-EXPORT'));
  assert.equal((await lint({ paths: ['.'], cwd })).findings, [], 'IAM role names are not distinguished by case');
  // The same name in another account is another role; by name alone (--role a name) it is the same.
  write(cwd, 'get-role.json', getRole('mixpanel-export', 'arn:aws:iam::444455556666:role/mixpanel-export'));
  assert.ok((await lint({ paths: ['.'], cwd })).findings.some((f) => f.ruleId === 'MP023'));
  assert.equal((await lint({ paths: ['.'], cwd, params: { role: 'mixpanel-export' } })).findings.filter((f) => f.level !== 'note' && f.ruleId !== 'MP502'), []);
});

test('an account dump: without --role the only role that trusts Mixpanel is taken; a missing managed policy is a note; URL-encoded documents are read', async () => {
  const cwd = tmp();
  write(cwd, 'mp-s3-lint.config.json', { ...CONFIG, role: undefined });
  const lambdaTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  write(cwd, 'account.json', {
    RoleDetailList: [
      { RoleName: 'lambda', Arn: 'arn:aws:iam::111122223333:role/lambda', AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(lambdaTrust)), RolePolicyList: [], AttachedManagedPolicies: [] },
      {
        RoleName: 'mixpanel-export',
        Arn: ROLE,
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(TRUST)),
        RolePolicyList: [{ PolicyName: 'export', PolicyDocument: encodeURIComponent(JSON.stringify(PERMISSIONS)) }],
        AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      },
    ],
    Policies: [],
    UserDetailList: [],
    GroupDetailList: [],
  });
  const report = await lint({ paths: ['.'], cwd });
  const ids = report.findings.map((f) => `${f.ruleId} ${f.level}`);
  assert.ok(ids.includes('MP022 note') && ids.includes('MP021 note') && !ids.some((id) => id.endsWith('error')), ids.join(', '));
  assert.match(report.findings.find((f) => f.ruleId === 'MP022' && f.message.startsWith('Taken'))!.message, /mixpanel-export.*is the only role defined that trusts Mixpanel/);
  assert.match(report.findings.find((f) => f.ruleId === 'MP021')!.message, /arn:aws:iam::aws:policy\/ReadOnlyAccess, attached to role mixpanel-export, is not in this file/);
});

test('a CDK role without RoleName: matched by the name CloudFormation generates for it, not by a name of another form', async () => {
  const { generatedNameMatches } = await import('../src/setup/roles.js');
  assert.ok(generatedNameMatches('ExportRole1A2B3C4D', 'MixpanelExportStack-ExportRole1A2B3C4D-AbCdEf123456'));
  assert.ok(generatedNameMatches('ExportRole1A2B3C4D', 'my-stack-name-exportrole1a2b3c4d-1XYZ2ABC3DEF'), 'stack names hold hyphens; IAM names compare case-insensitively');
  assert.ok(generatedNameMatches('ExportRole1A2B3C4D', `${'S'.repeat(40)}-ExportRo-ABCDEFGH12345`), 'cut short when the name reaches the 64-character limit');
  assert.not.ok(generatedNameMatches('ExportRole1A2B3C4D', 'Stack-ExportRo-ABCDEFGH12345'), 'a short name is not cut');
  assert.not.ok(generatedNameMatches('AppRoleXYZ', 'my-app-prod'), 'no random suffix');
  assert.not.ok(generatedNameMatches('ExportRole1A2B3C4D', 'mixpanel-export'));
  const cwd = repoPath('fixtures', 'iac', 'good', 'cdk-app-generated-role-name');
  const report = await lint({ paths: ['cdk.out'], cwd });
  assert.match(report.findings.find((f) => f.ruleId === 'MP022' && f.message.startsWith('Taken'))!.message, /MixpanelExportStack-ExportRole1A2B3C4D-AbCdEf123456 \(--role\) is the name CloudFormation generates for it/);
});

test('a describe-key output of another key than s3_kms_key_id is left out with a note, not checked as the pipeline key', async () => {
  const fixture = repoPath('fixtures', 'live', 'bad', 'describe-key-disabled');
  const other = 'arn:aws:kms:us-east-1:111122223333:key/99999999-12ab-34cd-56ef-1234567890ab';
  const report = await lint({ paths: [fixture], cwd: fixture, params: { kmsKey: other } });
  assert.equal(report.findings.filter((f) => f.ruleId === 'MP603'), []);
  assert.match(report.findings.find((f) => f.ruleId === 'MP022')!.message, /^Left out: this aws kms describe-key output is of key arn:aws:kms:us-east-1:111122223333:key\/1234abcd-12ab-34cd-56ef-1234567890ab, not of the pipeline's key/);
  // An alias cannot be compared with the key id the output shows: the output is taken.
  const alias = await lint({ paths: [fixture], cwd: fixture, params: { kmsKey: 'arn:aws:kms:us-east-1:111122223333:alias/mixpanel-export' } });
  assert.ok(alias.findings.some((f) => f.ruleId === 'MP603'));
});

test('Terraform: permissions_boundary null is no boundary (no MP021 about it)', async () => {
  const { readFileSync } = await import('node:fs');
  const plan = JSON.parse(readFileSync(repoPath('fixtures/iac/bad/terraform-plan-no-external-id/plan.json'), 'utf8')) as { planned_values: { root_module: { resources: { type: string; values: Record<string, unknown> }[]; child_modules?: unknown[] } } };
  const roles = JSON.stringify(plan).match(/"type": ?"aws_iam_role"/g)?.length ?? 0;
  assert.ok(roles > 0);
  const setNull = (module: { resources?: { type: string; values: Record<string, unknown> }[]; child_modules?: unknown[] }) => {
    for (const resource of module.resources ?? []) if (resource.type === 'aws_iam_role') resource.values['permissions_boundary'] = null;
    for (const child of module.child_modules ?? []) setNull(child as typeof module);
  };
  setNull(plan.planned_values.root_module);
  const cwd = tmp();
  write(cwd, 'plan.json', plan);
  write(cwd, 'mp-s3-lint.config.json', JSON.parse(readFileSync(repoPath('fixtures/iac/bad/terraform-plan-no-external-id/mp-s3-lint.config.json'), 'utf8')));
  const report = await lint({ paths: ['.'], cwd });
  assert.equal(report.findings.filter((f) => f.ruleId === 'MP021').map((f) => f.message), []);
  assert.ok(report.findings.some((f) => f.ruleId === 'MP102'), 'the plan is still checked');
});

test.run();

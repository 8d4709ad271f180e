// Issue 19: a repository holds much more than the export. A run over a folder of unrelated
// CloudFormation templates, Terraform plans and AWS CLI outputs (roles for Lambda, ECS and EC2,
// buckets for logs and a website, a key for RDS) plus one export setup speaks only of the setup.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/lint.js';
import { runCli } from './helpers/cli.js';

const ACCOUNT = '111122223333';
const TOKEN = '0123456789abcdef0123456789abcdef';
const MIXPANEL_USER = 'arn:aws:iam::485438090326:user/mixpanel-export';

const serviceRole = (name: string, service: string) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    RoleName: name,
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] },
    Policies: [{ PolicyName: 'work', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:*', 's3:*'], Resource: '*' }] } }],
    // A value unknown at lint time, in an unrelated resource: nothing to report.
    ManagedPolicyArns: [{ 'Fn::ImportValue': 'shared-policy-arn' }],
  },
});

const template = (resources: Record<string, unknown>) => JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2);

const exportTrust = (principal = MIXPANEL_USER, condition: unknown = { StringEquals: { 'sts:ExternalId': TOKEN } }) => ({ // condition null: none
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition === null ? {} : { Condition: condition }) }],
});

/** The repository: unrelated stacks everywhere, one export setup in analytics/mixpanel-export. */
function repository(trust: unknown): string {
  const root = mkdtempSync(path.join(tmpdir(), 'repository-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write('package.json', JSON.stringify({ name: 'platform', private: true }));
  write('.github/workflows/ci.yml', 'name: ci\non: [push]\njobs: {}\n');
  write('services/api/lambda.template.json', template({ ApiRole: serviceRole('api-lambda', 'lambda.amazonaws.com'), Fn: { Type: 'AWS::Lambda::Function', Properties: {} } }));
  write('services/worker/ecs.template.json', template({ TaskRole: serviceRole('worker-task', 'ecs-tasks.amazonaws.com') }));
  write('services/web/ec2.yaml', `Resources:\n  InstanceRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { Service: ec2.amazonaws.com }\n            Action: sts:AssumeRole\n      RoleName: !Sub "\${AWS::StackName}-web"\n`);
  write(
    'storage/buckets.template.json',
    template({
      Logs: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-logs' } },
      LogsPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Logs' }, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::acme-logs/*' }] } } },
      Site: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-site' } },
      SitePolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Site' }, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-site/*' }] } } },
    }),
  );
  write('databases/rds.template.json', template({ DbKey: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] } } } }));
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          { address: 'aws_iam_role.batch', mode: 'managed', type: 'aws_iam_role', name: 'batch', values: { name: 'batch-jobs', assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'batch.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) } },
          { address: 'aws_s3_bucket_policy.archive', mode: 'managed', type: 'aws_s3_bucket_policy', name: 'archive', values: { bucket: 'acme-archive', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::acme-archive', 'arn:aws:s3:::acme-archive/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }) } },
        ],
      },
    },
  };
  write('terraform/plan.json', JSON.stringify(plan, null, 2));
  write('cli/get-role-ci.json', JSON.stringify({ Role: { RoleName: 'ci-deployer', Arn: `arn:aws:iam::${ACCOUNT}:role/ci-deployer`, RoleId: 'AROACIDEPLOYER0000001', AssumeRolePolicyDocument: exportTrust(`arn:aws:iam::${ACCOUNT}:root`, null) } }, null, 2));
  // The export setup.
  write('analytics/mixpanel-export/mp-s3-lint.config.json', JSON.stringify({ bucket: 'acme-mixpanel-export', role: `arn:aws:iam::${ACCOUNT}:role/mixpanel-export`, token: TOKEN, region: 'us-east-1' }, null, 2));
  write('analytics/mixpanel-export/trust.json', JSON.stringify(trust, null, 2));
  write(
    'analytics/mixpanel-export/permissions.json',
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-mixpanel-export', 'arn:aws:s3:::acme-mixpanel-export/*'] }] }, null, 2),
  );
  return root;
}

test('a correct export setup among unrelated stacks: exit 0, no finding, the summary says what was checked and passed over', async () => {
  const root = repository(exportTrust());
  const result = await runCli(['.', '-f', 'json'], { cwd: root });
  const report = JSON.parse(result.stdout) as { findings: unknown[]; summary: { setups: string[]; passedOver: number; files: number } };
  assert.is(result.code, 0, result.stderr);
  assert.equal(report.findings, []);
  assert.equal(report.summary.setups, ['analytics/mixpanel-export']);
  assert.is(report.summary.files, 2);
  assert.is(report.summary.passedOver, 9, 'package.json, the workflow, four templates, the plan and the unrelated CLI output');
  const stylish = await runCli(['.'], { cwd: root });
  assert.is(stylish.stdout, '✔ No problems found in 2 files (1 export setup checked (analytics/mixpanel-export); 9 files passed over (not part of an export setup)).\n');
  const sarif = JSON.parse((await runCli(['.', '-f', 'sarif'], { cwd: root })).stdout) as { runs: { results: unknown[] }[] };
  assert.equal(sarif.runs[0]!.results, [], 'nothing for code scanning outside the setup');
});

test('a broken export setup among unrelated stacks: its own findings only', async () => {
  const root = repository(exportTrust(MIXPANEL_USER, null));
  const report = await lint({ paths: ['.'], cwd: root });
  assert.ok(report.findings.length > 0);
  assert.equal([...new Set(report.findings.map((f) => f.file.split('/').slice(0, 2).join('/')))], ['analytics/mixpanel-export']);
  assert.ok(report.findings.some((f) => f.ruleId === 'MP102'), 'no external id');
  assert.equal(report.summary.setups, ['analytics/mixpanel-export']);
});

test('two roles that both trust Mixpanel in one template: MP023 lists them', async () => {
  const root = repository(exportTrust());
  const role = (name: string) => ({ Type: 'AWS::IAM::Role', Properties: { RoleName: name, AssumeRolePolicyDocument: exportTrust() } });
  writeFileSync(path.join(root, 'services', 'exports.template.json'), template({ ProdExport: role('mixpanel-export-prod'), StagingExport: role('mixpanel-export-staging') }));
  const report = await lint({ paths: ['.'], cwd: root });
  const ambiguous = report.findings.filter((f) => f.ruleId === 'MP023');
  assert.is(ambiguous.length, 1);
  assert.is(ambiguous[0]!.file, 'services/exports.template.json');
  assert.match(ambiguous[0]!.message, /ProdExport.*StagingExport/);
  assert.equal(report.summary.setups, ['analytics/mixpanel-export', 'services']);
});

test('a repository without an export setup is nothing to check (exit 2), not a pass', async () => {
  const root = repository(exportTrust());
  const result = await runCli(['services', 'storage', 'terraform'], { cwd: root });
  assert.is(result.code, 2);
  assert.match(result.stderr, /nothing to check: no export setup was found/);
  const report = await lint({ paths: ['services'], cwd: root });
  assert.ok(report.nothingToCheck !== undefined && report.nothingToCheck.length > 0);
});
test.run();

// Evaluator throughput on a realistic Mixpanel export setup: the trust policy with an external id,
// a 20-statement permission policy (wildcards, NotAction, conditions, a policy variable) and a
// bucket policy with the usual Deny statements (plain HTTP, principals other than the role,
// uploads without SSE-KMS). Prints decisions per second, with the same request objects reused
// (the linter asks about a handful of requests) and with a fresh request object per decision.
// Run: node dist/bench/evaluator.js [seconds]
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { evaluatePolicies } from '../src/policy/evaluate.js';
import type { EvaluationInput, Request } from '../src/policy/model.js';
import { normalizePolicy } from '../src/policy/normalize.js';

const MIXPANEL = '485438090326';
const MIXPANEL_USER = `arn:aws:iam::${MIXPANEL}:user/mixpanel-export`;
const OWNER = '111122223333';
const ROLE = `arn:aws:iam::${OWNER}:role/mixpanel-export`;
const BUCKET = 'arn:aws:s3:::acme-mixpanel-export';
const KEY = `arn:aws:kms:us-east-1:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TOKEN = 'a1b2c3d4e5f6a7b8c9d0';

const trust = normalizePolicy(
  {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Mixpanel', Effect: 'Allow', Principal: { AWS: MIXPANEL_USER }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': TOKEN } } }],
  },
  'trust.json',
);

const identityStatements = [
  { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringLike: { 's3:prefix': ['mixpanel/*', ''] } } },
  { Sid: 'Write', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Resource: `${BUCKET}/mixpanel/*` },
  { Sid: 'Kms', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey'], Resource: KEY, Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } } },
  { Sid: 'ReadLogs', Effect: 'Allow', Action: ['logs:Get*', 'logs:Describe*', 'logs:FilterLogEvents'], Resource: `arn:aws:logs:*:${OWNER}:log-group:/mixpanel/*` },
  { Sid: 'Metrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'Mixpanel/Export' } } },
  { Sid: 'Home', Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::acme-home/\${aws:username}/*` },
  { Sid: 'Tags', Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost-center'] } } },
  { Sid: 'Describe', Effect: 'Allow', Action: ['ec2:Describe*', 'elasticloadbalancing:Describe*'], Resource: '*' },
  { Sid: 'Sqs', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${OWNER}:mixpanel-*`, Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${OWNER}:*` } } },
  { Sid: 'Office', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-reports/*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } } },
  { Sid: 'Window', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-archive/*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } },
  { Sid: 'Mfa', Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: `arn:aws:iam::${OWNER}:user/\${aws:username}`, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
  { Sid: 'Athena', Effect: 'Allow', Action: ['athena:StartQueryExecution', 'athena:GetQuery*'], Resource: `arn:aws:athena:*:${OWNER}:workgroup/mixpanel` },
  { Sid: 'Glue', Effect: 'Allow', Action: 'glue:Get*', Resource: [`arn:aws:glue:*:${OWNER}:catalog`, `arn:aws:glue:*:${OWNER}:database/mixpanel*`, `arn:aws:glue:*:${OWNER}:table/mixpanel*/*`] },
  { Sid: 'NotIam', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: 'arn:aws:s3:::acme-scratch/*' },
  { Sid: 'Lambda', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:us-east-1:${OWNER}:function:mixpanel-?-*` },
  { Sid: 'Secrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'secretsmanager:ResourceTag/app': 'mixpanel' } } },
  { Sid: 'NoDeleteBucket', Effect: 'Deny', Action: ['s3:DeleteBucket', 's3:PutBucketPolicy'], Resource: '*' },
  { Sid: 'RegionLock', Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 's3:*', 'kms:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } } },
  { Sid: 'NoPlainHttp', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } },
];
const identity = normalizePolicy({ Version: '2012-10-17', Statement: identityStatements }, 'permissions.json');

const bucketPolicy = normalizePolicy(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'DenyHttp', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'OnlyExportRole', Effect: 'Deny', Principal: '*', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: `${BUCKET}/*`, Condition: { StringNotEquals: { 'aws:PrincipalArn': [ROLE, `arn:aws:iam::${OWNER}:role/admin`] } } },
      { Sid: 'RequireKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${BUCKET}/*`, Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } },
      { Sid: 'ExportRole', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:ListBucket'], Resource: [BUCKET, `${BUCKET}/*`] },
    ],
  },
  'bucket.json',
);

const rolePrincipal: Request['principal'] = { arn: ROLE, account: OWNER, type: 'AWS' };
const sessionContext = { 'aws:PrincipalArn': ROLE, 'aws:PrincipalAccount': OWNER, 'aws:SecureTransport': 'true', 'aws:SourceIp': '198.51.100.7', 'aws:RequestedRegion': 'us-east-1' };
const object = `${BUCKET}/mixpanel/1234567/2026/01/01/full_day/export-0.json.gz`;

interface Probe {
  input: EvaluationInput;
  request: Request;
}

const bucketInput: EvaluationInput = { identityPolicies: [identity], resourcePolicy: bucketPolicy, resourceKind: 'bucket', resourceAccount: OWNER };
const probes: Probe[] = [
  {
    input: { identityPolicies: [], resourcePolicy: trust, resourceKind: 'trust', resourceAccount: OWNER, assumeIdentitySideAllows: true },
    request: { principal: { arn: MIXPANEL_USER, account: MIXPANEL, type: 'AWS' }, action: 'sts:AssumeRole', resource: ROLE, context: { 'sts:ExternalId': TOKEN, 'aws:SecureTransport': 'true' } },
  },
  { input: bucketInput, request: { principal: rolePrincipal, action: 's3:PutObject', resource: object, context: { ...sessionContext, 's3:x-amz-server-side-encryption': 'aws:kms' } } },
  { input: bucketInput, request: { principal: rolePrincipal, action: 's3:GetObject', resource: object, context: sessionContext } },
  { input: bucketInput, request: { principal: rolePrincipal, action: 's3:DeleteObject', resource: object, context: sessionContext } },
  { input: bucketInput, request: { principal: rolePrincipal, action: 's3:ListBucket', resource: BUCKET, context: { ...sessionContext, 's3:prefix': 'mixpanel/' } } },
  { input: { identityPolicies: [identity], resourceKind: 'none', resourceAccount: OWNER }, request: { principal: rolePrincipal, action: 'kms:GenerateDataKey', resource: KEY, context: { ...sessionContext, 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
];

export function measure(seconds: number, fresh: boolean): { decisions: number; perSecond: number; perCpuSecond: number } {
  let decisions = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let round = 0; round < 1000; round++) {
      for (const probe of probes) {
        const request = fresh ? { ...probe.request, principal: { ...probe.request.principal }, context: { ...probe.request.context } } : probe.request;
        evaluatePolicies(probe.input, request);
        decisions++;
      }
    }
    now = performance.now();
  }
  const used = process.cpuUsage(cpu);
  return { decisions, perSecond: decisions / ((now - start) / 1000), perCpuSecond: decisions / ((used.user + used.system) / 1e6) };
}

export interface EvaluatorFigures {
  seconds: number;
  reused: { decisions: number; perSecond: number };
  fresh: { decisions: number; perSecond: number };
}

/** Decisions per second over `seconds` each, with the request objects reused and fresh. */
export function measureEvaluator(seconds: number): EvaluatorFigures {
  measure(0.5, false); // warm-up: compile the policies, let the JIT settle
  return { seconds, reused: measure(seconds, false), fresh: measure(seconds, true) };
}

export function formatEvaluator(figures: EvaluatorFigures): string[] {
  const statements = trust.statements.length + identity.statements.length + bucketPolicy.statements.length;
  const decisions = probes.map((p) => evaluatePolicies(p.input, p.request).outcome);
  return [
    `policies:                 trust, permissions (${identity.statements.length} statements), bucket policy; ${statements} statements in all`,
    `requests:                 ${probes.length} (AssumeRole, 4 S3 actions, KMS), decisions ${decisions.join(', ')}`,
    `decisions/s, reused:      ${Math.round(figures.reused.perSecond).toLocaleString('en-US')} (${figures.reused.decisions.toLocaleString('en-US')} in ${figures.seconds} s)`,
    `decisions/s, fresh:       ${Math.round(figures.fresh.perSecond).toLocaleString('en-US')} (a new request object each time)`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`machine:                  ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores), Node ${process.version}`);
  for (const line of formatEvaluator(measureEvaluator(Number(process.argv[2] ?? 3)))) console.log(line);
}

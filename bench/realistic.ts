// Corpora that look like real repositories (issue 17), deterministic from a seed:
// - monorepo: packages with package.json, tsconfig.json, .eslintrc.json, sources and JSON fixtures,
//   CI workflows, CloudFormation stacks of unrelated services, and one export setup per ~400 files;
// - unique setups: every setup with its own config, trust, permission (2–20 statements), bucket and
//   key policy, built from independent random draws, so no two are alike (the generator checks).
// Random numbers are 32-bit draws combined as text, never multiplied past 2^53 (the earlier corpus's
// generator lost its low bits that way and repeated itself).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { denyInsecureTransport, mixpanelTrustStatement, requireEncryption, seededRandom, type Statement } from './corpus.js';

export interface WrittenCorpus {
  root: string;
  files: number;
  setups: number;
}

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ca-central-1', 'sa-east-1'];
const WORDS = ['acme', 'orbit', 'lumen', 'delta', 'nova', 'atlas', 'pine', 'harbor', 'summit', 'quartz', 'ember', 'cobalt', 'sable', 'willow', 'falcon', 'ridge', 'tidal', 'maple', 'onyx', 'zephyr'];
const OTHER_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:Describe*', 'cloudwatch:PutMetricData', 'ec2:Describe*', 'glue:GetTable', 'glue:GetDatabase', 'athena:StartQueryExecution', 'athena:GetQueryResults', 'sqs:SendMessage', 'sqs:ReceiveMessage', 'lambda:InvokeFunction', 'secretsmanager:GetSecretValue', 'dynamodb:GetItem', 'dynamodb:Query', 'sns:Publish', 'kinesis:PutRecord', 'firehose:PutRecordBatch', 'ssm:GetParameter', 's3:GetObject', 's3:ListBucket'];

/** Draws from a seeded generator; identifiers are built from several 32-bit draws as text. */
class Draw {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  unit(): number {
    return this.next();
  }
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }
  digits(length: number): string {
    let out = String(this.int(1, 9));
    while (out.length < length) out += String(Math.floor(this.next() * 1e9)).padStart(9, '0');
    return out.slice(0, length);
  }
  name(): string {
    return `${this.pick(WORDS)}-${this.pick(WORDS)}-${this.hex(6)}`;
  }
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
const policy = (statements: Statement[]) => json({ Version: '2012-10-17', Statement: statements });

class Writer {
  files = 0;
  constructor(readonly root: string) {}
  write(relative: string, text: string): void {
    const file = path.join(this.root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    this.files++;
  }
}

interface SetupShape {
  files: Record<string, string>;
}

/** One export setup, every value drawn: bucket, account, token, region, prefix, encryption, the policies' other statements. */
function exportSetup(draw: Draw, permissionStatements: [number, number]): SetupShape {
  const account = draw.digits(12);
  const bucket = `${draw.name()}-events`;
  const roleName = `${draw.pick(['mixpanel', 'mp', 'analytics'])}-export-${draw.hex(5)}`;
  const role = `arn:aws:iam::${account}:role/${roleName}`;
  const token = draw.hex(32);
  const region = draw.pick(REGIONS);
  const kms = draw.chance(0.7);
  const key = `arn:aws:kms:${region}:${account}:key/${draw.hex(8)}-${draw.hex(4)}-${draw.hex(4)}-${draw.hex(4)}-${draw.hex(12)}`;
  const prefix = draw.chance(0.5) ? `${draw.pick(['mixpanel', 'exports', 'raw'])}/${draw.hex(4)}` : undefined;
  const mistake = draw.chance(0.06) ? draw.pick(['no-external-id', 'wrong-encryption', 'key-ignores-role', 'placeholder', 'no-delete'] as const) : undefined;
  const objects = `arn:aws:s3:::${bucket}/${prefix === undefined ? '' : prefix + '/'}*`;
  const otherResource = () =>
    draw.pick([
      () => `arn:aws:logs:${region}:${account}:log-group:/${draw.name()}/*`,
      () => `arn:aws:s3:::${draw.name()}/*`,
      () => `arn:aws:sqs:${region}:${account}:${draw.name()}`,
      () => `arn:aws:dynamodb:${region}:${account}:table/${draw.name()}`,
      () => '*',
    ])();
  const otherStatement = (i: number): Statement => {
    const statement: Statement = { Sid: `Other${i}${draw.hex(3)}`, Effect: draw.chance(0.9) ? 'Allow' : 'Deny', Action: draw.chance(0.5) ? draw.pick(OTHER_ACTIONS) : [draw.pick(OTHER_ACTIONS), draw.pick(OTHER_ACTIONS)], Resource: otherResource() };
    if (draw.chance(0.2)) statement['Condition'] = { StringEquals: { 'aws:RequestedRegion': draw.pick(REGIONS) } };
    return statement;
  };
  const trust: Statement[] = [mixpanelTrustStatement(token, mistake !== 'no-external-id')];
  if (draw.chance(0.3)) trust.push({ Sid: `Ci${draw.hex(4)}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/${draw.name()}` }, Action: 'sts:AssumeRole' });
  const objectActions = mistake === 'no-delete' ? ['s3:PutObject', 's3:GetObject'] : ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'];
  const mixpanel: Statement[] = [
    { Sid: 'MixpanelObjects', Effect: 'Allow', Action: objectActions, Resource: mistake === 'placeholder' ? 'arn:aws:s3:::<BUCKET_NAME>/*' : objects },
    { Sid: 'MixpanelList', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` },
    ...(kms ? [{ Sid: 'MixpanelKms', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey'], Resource: key }] : []),
  ];
  const total = draw.int(permissionStatements[0], permissionStatements[1]);
  const permission = [...mixpanel, ...Array.from({ length: Math.max(0, total - mixpanel.length) }, (_, i) => otherStatement(i))];
  const bucketPolicy: Statement[] = [denyInsecureTransport(bucket)];
  if (draw.chance(0.6)) bucketPolicy.push(requireEncryption(bucket, (mistake === 'wrong-encryption') === kms ? 'AES256' : 'aws:kms'));
  for (let i = draw.int(0, 6); i > 0; i--) bucketPolicy.push({ Sid: `Reader${draw.hex(4)}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${draw.digits(12)}:role/${draw.name()}` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/${draw.name()}/*` });
  const keyPolicy: Statement[] = [
    { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/${draw.name()}` }, Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:Put*', 'kms:Update*'], Resource: '*' },
    ...(mistake === 'key-ignores-role' ? [] : [{ Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }]),
  ];
  for (let i = draw.int(0, 4); i > 0; i--) keyPolicy.push({ Sid: `Use${draw.hex(4)}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/${draw.name()}` }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' });
  const config = { bucket, role, token, region, ...(prefix === undefined ? {} : { prefix }), encryption: kms ? 'kms' : 'aes', ...(kms ? { kmsKey: key } : {}) };
  return {
    files: {
      'mp-s3-lint.config.json': json(config),
      'trust-policy.json': policy(trust),
      'permissions.json': policy(permission),
      'bucket-policy.json': policy(bucketPolicy),
      ...(kms ? { 'key-policy.json': policy(keyPolicy) } : {}),
    },
  };
}

/** Writes about `files` files of the unique-setups corpus: setups of five (four without a KMS key) files, each drawn afresh. */
export function writeUniqueSetups(root: string, files: number, seed: number): WrittenCorpus {
  const draw = new Draw(seed);
  const writer = new Writer(root);
  const seen = new Set<string>();
  let setups = 0;
  while (writer.files < files) {
    const setup = exportSetup(draw, [2, 20]);
    const fingerprint = createHash('sha256').update(JSON.stringify(setup.files)).digest('hex');
    if (seen.has(fingerprint)) throw new Error('the unique-setups generator repeated a setup');
    seen.add(fingerprint);
    const directory = `team-${String(setups % 40).padStart(2, '0')}/setup-${String(setups).padStart(5, '0')}`;
    for (const [name, text] of Object.entries(setup.files)) writer.write(`${directory}/${name}`, text);
    setups++;
  }
  return { root, files: writer.files, setups };
}

/** An unrelated CloudFormation stack: a Lambda function, its role (trusting Lambda), a queue, a table, sometimes a bucket with its policy. */
function unrelatedStack(draw: Draw, asJson: boolean): string {
  const name = draw.name();
  const resources: Record<string, unknown> = {
    Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: `${name}-queue`, VisibilityTimeout: draw.int(30, 900) } },
    Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: `${name}-table`, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } },
    FunctionRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        Policies: [{ PolicyName: 'app', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage', 'dynamodb:GetItem', 'dynamodb:PutItem'], Resource: [{ 'Fn::GetAtt': ['Queue', 'Arn'] }, { 'Fn::GetAtt': ['Table', 'Arn'] }] }] } }],
      },
    },
    Function: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: { 'Fn::GetAtt': ['FunctionRole', 'Arn'] }, Code: { ZipFile: `exports.handler = async () => ${draw.int(1, 1000)};` }, MemorySize: draw.pick([128, 256, 512]) } },
  };
  if (draw.chance(0.3)) {
    resources['Assets'] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: `${name}-assets` } };
    resources['AssetsPolicy'] = {
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: { Ref: 'Assets' }, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [{ 'Fn::Sub': 'arn:aws:s3:::${Assets}/*' }], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } },
    };
  }
  const template = { AWSTemplateFormatVersion: '2010-09-09', Description: `${name} service`, Resources: resources, Outputs: { QueueUrl: { Value: { Ref: 'Queue' } } } };
  return asJson ? json(template) : toYaml(template);
}

/** Block-style YAML of plain JSON data (enough for the templates and workflows written here). */
function toYaml(value: unknown, indent = ''): string {
  const scalar = (v: unknown) => (typeof v === 'string' ? (/^[\w./:-][\w ./:-]*$/.test(v) && !/^(true|false|null|\d+)$/.test(v) ? v : JSON.stringify(v)) : JSON.stringify(v));
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]\n';
    return value.map((item) => (typeof item === 'object' && item !== null ? `${indent}- ${toYaml(item, indent + '  ').trimStart()}` : `${indent}- ${scalar(item)}\n`)).join('');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}\n';
    return entries.map(([k, v]) => (typeof v === 'object' && v !== null ? `${indent}${k}:\n${toYaml(v, indent + '  ')}` : `${indent}${k}: ${scalar(v)}\n`)).join('');
  }
  return `${scalar(value)}\n`;
}

function packageFiles(draw: Draw, name: string): Record<string, string> {
  const files: Record<string, string> = {
    'package.json': json({ name: `@acme/${name}`, version: `${draw.int(0, 3)}.${draw.int(0, 20)}.${draw.int(0, 9)}`, private: true, type: 'module', main: 'dist/index.js', scripts: { build: 'tsc -p .', test: 'vitest run', lint: 'eslint src' }, dependencies: Object.fromEntries(Array.from({ length: draw.int(1, 8) }, () => [`@acme/${draw.name()}`, `^${draw.int(0, 5)}.${draw.int(0, 9)}.0`])), devDependencies: { typescript: '^5.6.0', vitest: '^2.1.0' } }),
    'tsconfig.json': `{\n  // ${name}\n  "extends": "../../tsconfig.base.json",\n  "compilerOptions": { "outDir": "dist", "rootDir": "src", "composite": true, },\n  "include": ["src"]\n}\n`,
    '.eslintrc.json': json({ root: false, extends: ['../../.eslintrc.json'], rules: { 'no-console': draw.pick(['off', 'warn', 'error']), eqeqeq: ['error', 'always'] }, ignorePatterns: ['dist/'] }),
    'README.md': `# ${name}\n\n${draw.name()} ${draw.name()}\n`,
  };
  for (let i = draw.int(2, 5); i > 0; i--) files[`src/${draw.name()}.ts`] = `export const value${i} = ${JSON.stringify(draw.hex(16))};\nexport function run${i}(input: number): number {\n  return input * ${draw.int(2, 99)};\n}\n`;
  for (let i = draw.int(1, 4); i > 0; i--) {
    const records = Array.from({ length: draw.int(3, 40) }, () => ({ id: draw.hex(12), event: draw.pick(['signup', 'login', 'purchase', 'view']), time: 1_700_000_000 + draw.int(0, 30_000_000), properties: { plan: draw.pick(['free', 'pro', 'team']), country: draw.pick(['US', 'DE', 'FR', 'JP', 'BR']), amount: draw.int(0, 5000) / 100 } }));
    files[`test/fixtures/${draw.name()}.json`] = json(records);
  }
  return files;
}

function workflow(draw: Draw, name: string): string {
  return toYaml({ name, on: { push: { branches: ['main'] }, pull_request: {} }, jobs: { build: { 'runs-on': 'ubuntu-latest', steps: [{ uses: 'actions/checkout@v4' }, { uses: 'actions/setup-node@v4', with: { 'node-version': draw.pick([20, 22]) } }, { run: 'npm ci' }, { run: `npm run ${draw.pick(['test', 'build', 'lint'])} --workspace ${name}` }] } } });
}

/**
 * Writes about `files` files of the monorepo corpus: packages, workflows and unrelated stacks, with
 * one export setup (config plus its documents) for every ~400 files.
 */
export function writeMonorepo(root: string, files: number, seed: number): WrittenCorpus {
  const draw = new Draw(seed);
  const writer = new Writer(root);
  writer.write('package.json', json({ name: 'acme', private: true, workspaces: ['packages/*'] }));
  writer.write('tsconfig.base.json', json({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext' } }));
  writer.write('.eslintrc.json', json({ root: true, extends: ['eslint:recommended'] }));
  writer.write('.gitignore', 'node_modules/\ndist/\ncoverage/\n*.log\n');
  let setups = 0;
  let nextSetupAt = 200;
  for (let index = 0; writer.files < files; index++) {
    const slot = draw.unit();
    if (slot < 0.82) {
      const name = `${draw.pick(WORDS)}-${index}`;
      for (const [relative, text] of Object.entries(packageFiles(draw, name))) writer.write(`packages/${name}/${relative}`, text);
    } else if (slot < 0.9) writer.write(`.github/workflows/${draw.pick(WORDS)}-${index}.yml`, workflow(draw, `pkg-${index}`));
    else {
      const asJson = draw.chance(0.3);
      writer.write(`infra/stacks/${draw.pick(WORDS)}-${index}/template.${asJson ? 'json' : 'yaml'}`, unrelatedStack(draw, asJson));
    }
    if (writer.files >= nextSetupAt) {
      const setup = exportSetup(draw, [2, 12]);
      for (const [name, text] of Object.entries(setup.files)) writer.write(`analytics/mixpanel-export-${String(setups).padStart(3, '0')}/${name}`, text);
      setups++;
      nextSetupAt += 400;
    }
  }
  return { root, files: writer.files, setups };
}

// What the rules' examples are made of: the values of one pipeline, the documents `mp-s3-lint init`
// writes for it (a setup that passes every rule), and a layout that reads well in help text. Each
// example differs from that setup only where its rule looks; test/rules.examples.test.ts lints every
// example with files over it.
import type { PipelineParams } from '../src/types.js';
import { kmsIdentityStatement, s3Statements, trustStatement } from '../src/setup/statements.js';

export const EXAMPLE_PARAMS: PipelineParams = {
  bucket: 'my-export-bucket',
  role: 'arn:aws:iam::111122223333:role/mixpanel-export',
  token: '0123456789abcdef0123456789abcdef',
  region: 'us-east-1',
  encryption: 'none',
};

export const EXAMPLE_KMS_PARAMS: PipelineParams = { ...EXAMPLE_PARAMS, encryption: 'kms', kmsKey: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' };

/** The pipeline parameters as mp-s3-lint.config.json holds them. */
export function configOf(params: PipelineParams, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { bucket, role, token, region, prefix, encryption, kmsKey } = params;
  return Object.fromEntries(Object.entries({ bucket, role, token, region, prefix, encryption, kmsKey, ...extra }).filter(([, value]) => value !== undefined));
}

export const TRUST_STATEMENT = trustStatement(EXAMPLE_PARAMS);
export const [OBJECT_STATEMENT, LIST_STATEMENT] = s3Statements(EXAMPLE_PARAMS) as [Record<string, unknown>, Record<string, unknown>];
export const KMS_STATEMENT = kmsIdentityStatement(EXAMPLE_KMS_PARAMS);

/** A bucket-policy Deny for every principal, on the bucket and its objects, under a condition. */
export function bucketDeny(sid: string, condition: Record<string, unknown>): Record<string, unknown> {
  const bucket = `arn:aws:s3:::${EXAMPLE_PARAMS.bucket}`;
  return { Sid: sid, Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucket, `${bucket}/*`], Condition: condition };
}

/** A key-policy statement for the key's administrators, as many keys have; it does not let IAM policies grant the key. */
export const KEY_ADMINS = { Sid: 'KeyAdministrators', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/key-admin' }, Action: 'kms:*', Resource: '*' };

/** A policy with Version 2012-10-17 (or the head given) and these statements. */
export function policy(statements: readonly Record<string, unknown>[], head: Record<string, unknown> = { Version: '2012-10-17' }): Record<string, unknown> {
  return { ...head, Statement: statements };
}

/** Lines are wrapped past this many characters. */
const WIDTH = 100;

/**
 * JSON laid out the way people write small policies: the document and its Statement list one element
 * per line, any other value on one line when it fits; two spaces per level; a final newline.
 */
export function json(value: unknown): string {
  return `${layout(value, 0, 0, new Map(), true)}\n`;
}

/**
 * `flats` keeps each object's one-line form: every level would write its whole subtree again. Plain loops:
 * the examples of every rule are laid out at each start (~76 documents), in code not yet optimised.
 */
function layout(value: unknown, indent: number, used: number, flats: Map<object, string>, expand = false): string {
  const flat = inline(value, flats);
  if (typeof value !== 'object' || value === null || (!expand && used + flat.length <= WIDTH)) return flat;
  const pad = ' '.repeat(indent + 2);
  let items = ''; // each item starts with pad: empty only before the first
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) items += `${items === '' ? '' : ',\n'}${pad}${layout(item, indent + 2, indent + 2, flats)}`;
    return `[\n${items}\n${' '.repeat(indent)}]`;
  }
  for (const [key, item] of definedEntries(value)) {
    const prefix = `${pad}${JSON.stringify(key)}: `;
    items += `${items === '' ? '' : ',\n'}${prefix}${layout(item, indent + 2, prefix.length, flats, key === 'Statement')}`;
  }
  return `{\n${items}\n${' '.repeat(indent)}}`;
}

/** An object's entries as JSON.stringify writes them: those whose value is undefined left out. */
function definedEntries(value: object): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) if (item !== undefined) entries.push([key, item]);
  return entries;
}

/** A value on one line, with a space after each comma and colon and inside braces. */
function inline(value: unknown, flats: Map<object, string>): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  let flat = flats.get(value);
  if (flat !== undefined) return flat;
  if (Array.isArray(value)) flat = `[${(value as unknown[]).map((item) => inline(item, flats)).join(', ')}]`;
  else {
    flat = ''; // each entry starts with its key: empty only before the first
    for (const [key, item] of definedEntries(value)) flat += `${flat === '' ? '{ ' : ', '}${JSON.stringify(key)}: ${inline(item, flats)}`;
    flat = flat === '' ? '{}' : `${flat} }`;
  }
  flats.set(value, flat);
  return flat;
}

/**
 * A CloudFormation template of the whole export role: trust policy (the token from a parameter) and
 * an inline permission policy. Examples of the IaC rules change one part of it.
 */
export const EXPORT_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ProjectToken:
    Type: String
    Default: ${EXAMPLE_PARAMS.token}
Resources:
  ExportRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: mixpanel-export
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::485438090326:user/mixpanel-export }
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: !Ref ProjectToken
      Policies:
        - PolicyName: mixpanel-export
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:PutObject, s3:GetObject, s3:DeleteObject]
                Resource: arn:aws:s3:::${EXAMPLE_PARAMS.bucket}/*
              - Effect: Allow
                Action: s3:ListBucket
                Resource: arn:aws:s3:::${EXAMPLE_PARAMS.bucket}
`;

/** Live mode over the example pipeline, as the live rules' examples run it. */
export const LIVE_COMMAND = `mp-s3-lint --live --role mixpanel-export --bucket ${EXAMPLE_PARAMS.bucket} --token ${EXAMPLE_PARAMS.token} --region ${EXAMPLE_PARAMS.region}`;

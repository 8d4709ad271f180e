// The exact JSON a finding's fix proposes: statements built from the pipeline parameters, so the
// user can paste them as they are.
import type { PipelineParams } from '../types.js';
import { KMS_ACTIONS, MIXPANEL_USER_ARN, bucketArn } from './mixpanel.js';

const show = (value: unknown) => JSON.stringify(value, null, 2);

/** The bucket's ARN, with a placeholder to fill in when no bucket is given (as for the token, the key and the role below). */
function bucketResource(params: PipelineParams): string {
  return params.bucket === undefined ? 'arn:aws:s3:::<BUCKET-NAME>' : bucketArn(params);
}

/** `arn:aws:s3:::BUCKET/PREFIX/*`: every object the export writes. */
export function objectResource(params: PipelineParams): string {
  const prefix = (params.prefix ?? '').replace(/^\/+|\/+$/g, '');
  return `${bucketResource(params)}/${prefix === '' ? '' : `${prefix}/`}*`;
}

export function trustStatement(params: PipelineParams): Record<string, unknown> {
  return {
    Sid: 'MixpanelExport',
    Effect: 'Allow',
    Principal: { AWS: MIXPANEL_USER_ARN },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'sts:ExternalId': params.token ?? '<MIXPANEL_PROJECT_TOKEN>' } },
  };
}

export function trustPolicy(params: PipelineParams): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: [trustStatement(params)] };
}

export function s3Statements(params: PipelineParams): Record<string, unknown>[] {
  return [
    { Sid: 'MixpanelExportObjects', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Resource: objectResource(params) },
    { Sid: 'MixpanelExportList', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketResource(params) },
  ];
}

/** The statements that grant `actions` (object actions on the objects, the listing on the bucket), for a fix message. */
export function s3StatementsFor(params: PipelineParams, actions: readonly string[]): Record<string, unknown>[] {
  const objectActions = actions.filter((action) => action !== 's3:ListBucket');
  const one = (list: readonly string[]) => (list.length === 1 ? list[0] : [...list]);
  return [
    ...(objectActions.length === 0 ? [] : [{ Effect: 'Allow', Action: one(objectActions), Resource: objectResource(params) }]),
    ...(actions.includes('s3:ListBucket') ? [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketResource(params) }] : []),
  ];
}

export function kmsIdentityStatement(params: PipelineParams): Record<string, unknown> {
  return { Sid: 'MixpanelExportKms', Effect: 'Allow', Action: [...KMS_ACTIONS], Resource: params.kmsKey ?? '<KEY-ARN>' };
}

/** The key-policy statement that lets the export role use the key. */
export function keyPolicyStatement(params: PipelineParams): Record<string, unknown> {
  return { Sid: 'Allow Mixpanel export role to use the key', Effect: 'Allow', Principal: { AWS: params.role ?? '<ROLE-ARN>' }, Action: [...KMS_ACTIONS], Resource: '*' };
}

export function permissionPolicy(params: PipelineParams): Record<string, unknown> {
  const statements = [...s3Statements(params), ...(params.encryption === 'kms' ? [kmsIdentityStatement(params)] : [])];
  return { Version: '2012-10-17', Statement: statements };
}

export function asFix(value: unknown): string {
  return show(value);
}

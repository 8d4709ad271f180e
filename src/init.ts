// `mp-s3-lint init`: writes a correct setup with real values — permission policy, trust policy with
// the external id, a key policy with the statement for the role (kms), and the config — that lints
// clean. Never overwrites a file without `force`.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PipelineParams } from './types.js';
import { accountOfArn } from './setup/mixpanel.js';
import { keyPolicyStatement, permissionPolicy, trustPolicy } from './setup/statements.js';

export interface InitFile {
  name: string;
  content: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** The key policy: AWS's default statement for the key's account, plus the statement for the export role. */
function keyPolicy(params: PipelineParams): Record<string, unknown> {
  const account = accountOfArn(params.kmsKey) ?? accountOfArn(params.role);
  return {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      keyPolicyStatement(params),
    ],
  };
}

export function initFiles(params: PipelineParams): InitFile[] {
  const config = Object.fromEntries(
    Object.entries({ bucket: params.bucket, role: params.role, token: params.token, region: params.region, prefix: params.prefix, encryption: params.encryption, kmsKey: params.kmsKey }).filter(([, v]) => v !== undefined),
  );
  return [
    { name: 'mp-s3-lint.config.json', content: json(config) },
    { name: 'permission-policy.json', content: json(permissionPolicy(params)) },
    { name: 'trust-policy.json', content: json(trustPolicy(params)) },
    ...(params.encryption === 'kms' ? [{ name: 'key-policy.json', content: json(keyPolicy(params)) }] : []),
  ];
}

export type InitOutcome = { ok: true; written: string[] } | { ok: false; message: string };

export async function writeInitFiles(directory: string, files: readonly InitFile[], force: boolean): Promise<InitOutcome> {
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    return { ok: false, message: `cannot create ${directory}: ${(error as Error).message}` };
  }
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(directory, file.name);
    try {
      await writeFile(target, file.content, { flag: force ? 'w' : 'wx' });
      written.push(target);
    } catch (error) {
      const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
      return { ok: false, message: exists ? `${target} exists; not overwritten (use --force). Written so far: ${written.length === 0 ? 'nothing' : written.join(', ')}` : `cannot write ${target}: ${(error as Error).message}` };
    }
  }
  return { ok: true, written };
}

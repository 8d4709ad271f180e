// --save-documents DIR: the documents read live, written as one setup directory — each document as a
// file, plus the mp-s3-lint.config.json that says which part each plays and holds the parameters —
// so that `mp-s3-lint DIR` checks offline exactly what live mode checked.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfiguredKind } from '../../types.js';
import { CONFIG_FILE_NAME } from '../files.js';
import type { LiveDocument, LiveFacts, LiveReadResult } from './types.js';

/**
 * The file a document is saved as: its virtual name flattened into one directory
 * (`live/iam/role/R/trust-policy.json` → `iam.role.R.trust-policy.json`), so that the saved
 * documents form one setup. Segments are already made safe by virtualName.
 */
export function savedFileName(name: string): string {
  return name.split('/').slice(1).join('.');
}

function configuredKind(document: LiveDocument): ConfiguredKind {
  return document.meta.boundary === true ? 'boundary' : document.kind;
}

/**
 * What live mode learnt of the bucket's default encryption and of the key, written as the AWS CLI
 * outputs that carry the same facts in file mode (`aws s3api get-bucket-encryption`, `aws kms
 * describe-key`), so that MP602, MP603 and the Bucket Keys setting are checked offline as they were live.
 */
function factFiles(facts: LiveFacts | undefined, bucket: string | undefined): [string, unknown][] {
  const files: [string, unknown][] = [];
  const encryption = facts?.bucketEncryption;
  if (encryption !== undefined && bucket !== undefined) {
    const byDefault = { SSEAlgorithm: encryption.algorithm, ...(encryption.kmsKeyId === undefined ? {} : { KMSMasterKeyID: encryption.kmsKeyId }) };
    files.push([`s3.${bucket}.bucket-encryption.json`, { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: byDefault, BucketKeyEnabled: encryption.bucketKeyEnabled === true }] } }]);
  }
  const key = facts?.key;
  if (key !== undefined) {
    files.push([`kms.${key.keyId}.describe-key.json`, { KeyMetadata: { KeyId: key.keyId, Arn: key.arn, Enabled: key.enabled, KeyState: key.keyState, KeySpec: key.keySpec, KeyUsage: key.keyUsage } }]);
  }
  return files.filter(([name]) => /^[\w.-]+$/.test(name));
}

/** Writes each document, the facts read (factFiles) and DIR/mp-s3-lint.config.json (`config` plus the kind of each document); returns the paths written. */
export async function saveLiveDocuments(result: Pick<LiveReadResult, 'documents'> & { facts?: LiveFacts }, dir: string, config: Record<string, unknown>): Promise<string[]> {
  const root = path.resolve(dir);
  await mkdir(root, { recursive: true });
  const written: string[] = [];
  const kinds: Record<string, ConfiguredKind> = {};
  for (const document of result.documents) {
    const name = savedFileName(document.name);
    // Guards against documents built elsewhere than virtualName.
    if (name === '' || name === CONFIG_FILE_NAME || name.includes('/') || name.includes(path.sep) || /^\.+$/.test(name)) throw new Error(`Refusing to save a document as ${JSON.stringify(name)}`);
    const target = path.join(root, name);
    await writeFile(target, document.text);
    written.push(target);
    kinds[name] = configuredKind(document);
  }
  for (const [name, value] of factFiles(result.facts, typeof config['bucket'] === 'string' ? config['bucket'] : undefined)) {
    const target = path.join(root, name);
    await writeFile(target, JSON.stringify(value, null, 2) + '\n');
    written.push(target);
  }
  const configFile = path.join(root, CONFIG_FILE_NAME);
  await writeFile(configFile, JSON.stringify({ ...config, documents: kinds }, null, 2) + '\n');
  written.push(configFile);
  return written;
}

// --save-documents DIR: the documents read live, written as one setup directory — each document as a
// file, plus the mp-s3-lint.config.json that says which part each plays and holds the parameters —
// so that `mp-s3-lint DIR` checks offline exactly what live mode checked.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfiguredKind } from '../../types.js';
import { CONFIG_FILE_NAME } from '../files.js';
import type { LiveDocument, LiveReadResult } from './types.js';

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

/** Writes each document and DIR/mp-s3-lint.config.json (`config` plus the kind of each file); returns the paths written. */
export async function saveLiveDocuments(result: Pick<LiveReadResult, 'documents'>, dir: string, config: Record<string, unknown>): Promise<string[]> {
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
  const configFile = path.join(root, CONFIG_FILE_NAME);
  await writeFile(configFile, JSON.stringify({ ...config, documents: kinds }, null, 2) + '\n');
  written.push(configFile);
  return written;
}

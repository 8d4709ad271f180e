// --save-documents DIR: the documents read live, written as files so the same check can run offline.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LiveReadResult } from './types.js';

/** Writes each document at DIR/<its virtual name>; returns the paths written. */
export async function saveLiveDocuments(result: Pick<LiveReadResult, 'documents'>, dir: string): Promise<string[]> {
  const root = path.resolve(dir);
  const written: string[] = [];
  for (const document of result.documents) {
    const target = path.resolve(root, ...document.name.split('/'));
    // Virtual names are built from safe segments; this guards against documents built elsewhere.
    const relative = path.relative(root, target);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) throw new Error(`Refusing to write ${document.name} outside ${root}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, document.text);
    written.push(target);
  }
  return written;
}

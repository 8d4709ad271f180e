// Compiled to dist/test/helpers/repo.js: the repository root is three levels up.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function repoPath(...segments: string[]): string {
  return path.join(repoRoot, ...segments);
}

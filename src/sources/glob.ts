// Glob patterns in the paths given (`'infra/**/policies'`), matched as a line of a .gitignore in the
// working directory would match, anchored there: `*` and `?` within a name, `[a-z]`, `**` across
// directories, a trailing `/` for directories only. The walk starts at the part before the first
// wildcard, so `infra/*/trust.json` reads no directory outside `infra`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ignoreRules } from './gitignore.js';

export interface GlobPattern {
  /** The pattern as given. */
  text: string;
  /** The directory the walk starts from: the pattern's segments before the first wildcard (absolute). */
  base: string;
  /** True when the entry at `absolute` (inside `base`) is matched; a matched directory is taken whole. */
  matches(absolute: string, isDirectory: boolean): boolean;
}

const WILDCARD = /[*?[]/;

/** A path that holds a wildcard and names nothing as it is written (a directory really named `[old]` stays a path). */
export function isGlob(input: string, cwd: string): boolean {
  return WILDCARD.test(input) && !existsSync(path.resolve(cwd, input));
}

export function globPattern(input: string, cwd: string): GlobPattern {
  const segments = input.split(path.sep).join('/').split('/');
  const firstWildcard = segments.findIndex((segment) => WILDCARD.test(segment));
  const literal = segments.slice(0, firstWildcard).join('/');
  const base = path.resolve(cwd, literal === '' && input.startsWith('/') ? '/' : literal || '.');
  const rules = ignoreRules(`/${segments.slice(firstWildcard).join('/')}`);
  return {
    text: input,
    base,
    matches(absolute, isDirectory) {
      const relative = path.relative(base, absolute).split(path.sep).join('/');
      if (relative === '' || relative.startsWith('../') || path.isAbsolute(relative)) return false;
      return rules.ignores(isDirectory ? `${relative}/` : relative);
    },
  };
}

// .gitignore files, honoured while walking directories: those of the repository root (the nearest
// directory above the input that holds `.git`) and of every directory on the way down to each file.
// Patterns mean what git says (the `ignore` package, as ESLint uses it): globs, `/`-anchored
// paths, a trailing `/` for directories only, `!` to re-include, a deeper file overriding a
// shallower one. Patterns from the command line (--ignore-pattern) are one more layer, read as a
// .gitignore in the working directory would be, that decides after every file. Path globs use the
// same matching. The package is loaded only when a pattern is met.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ignore } from 'ignore';

export const GITIGNORE = '.gitignore';
let makeIgnore: (() => Ignore) | undefined;

interface Layer {
  directory: string;
  rules: Ignore;
}

/** Rules from .gitignore-style lines (the `ignore` package, loaded on first use). */
export function ignoreRules(lines: string | readonly string[]): Ignore {
  makeIgnore ??= createRequire(import.meta.url)('ignore') as () => Ignore;
  return makeIgnore().add(typeof lines === 'string' ? lines : [...lines]);
}

/** The .gitignore rules in force in one directory, outermost first, and the command line's patterns. */
export class GitIgnores {
  static readonly none = new GitIgnores([]);

  private constructor(
    private readonly layers: readonly Layer[],
    private readonly commandLine?: Layer,
  ) {}

  /** These rules and .gitignore-style `patterns` relative to `directory`, which decide after every .gitignore (--ignore-pattern). */
  withPatterns(directory: string, patterns: readonly string[]): GitIgnores {
    return patterns.length === 0 ? this : new GitIgnores(this.layers, { directory, rules: ignoreRules(patterns) });
  }

  /** The rules in force above `directory`: from the repository root down to its parent (outside a repository, none). */
  static above(directory: string): GitIgnores {
    const ancestors: string[] = [];
    for (let dir = path.dirname(directory); ; dir = path.dirname(dir)) {
      ancestors.unshift(dir);
      if (existsSync(path.join(dir, '.git'))) break;
      if (path.dirname(dir) === dir) return GitIgnores.none;
    }
    return ancestors.reduce<GitIgnores>((rules, dir) => rules.enter(dir), GitIgnores.none);
  }

  /** The rules in force inside `directory`: these plus its own .gitignore, if it has a readable one. */
  enter(directory: string): GitIgnores {
    let text: string;
    try {
      text = readFileSync(path.join(directory, GITIGNORE), 'utf8');
    } catch {
      return this;
    }
    return new GitIgnores([...this.layers, { directory, rules: ignoreRules(text) }], this.commandLine);
  }

  /** True when the entry at `absolute` is ignored; the last layer with a matching pattern decides (the command line's last of all). */
  ignores(absolute: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const layer of this.layers) ignored = decide(layer, absolute, isDirectory, ignored);
    return this.commandLine === undefined ? ignored : decide(this.commandLine, absolute, isDirectory, ignored);
  }
}

/**
 * What one layer says of an entry: ignored, re-included (`!`), or, when no pattern matches, what the
 * layers before said. The walk only enters directories that were not ignored, so a layer that ignores
 * an entry only because it ignores its parent has been overruled by a later layer re-including that
 * parent (the command line's `!dir/` over a .gitignore's `dir/`): it says nothing of the entry.
 */
function decide({ directory, rules }: Layer, absolute: string, isDirectory: boolean, before: boolean): boolean {
  const relative = path.relative(directory, absolute).split(path.sep).join('/');
  if (relative === '' || relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) return before;
  const verdict = rules.test(isDirectory ? `${relative}/` : relative);
  if (verdict.unignored) return false;
  if (!verdict.ignored) return before;
  const parent = path.posix.dirname(relative);
  return parent === '.' || !rules.test(`${parent}/`).ignored ? true : before;
}

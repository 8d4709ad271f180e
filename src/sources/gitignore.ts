// .gitignore files, honoured while walking directories: those of the repository root (the nearest
// directory above the input that holds `.git`) and of every directory on the way down to each file.
// Patterns mean what git says (the `ignore` package, as ESLint uses it): globs, `/`-anchored
// paths, a trailing `/` for directories only, `!` to re-include, a deeper file overriding a
// shallower one. The package is loaded only when a .gitignore is found.
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

/** The .gitignore rules in force in one directory, outermost first. */
export class GitIgnores {
  static readonly none = new GitIgnores([]);

  private constructor(private readonly layers: readonly Layer[]) {}

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
    makeIgnore ??= createRequire(import.meta.url)('ignore') as () => Ignore;
    return new GitIgnores([...this.layers, { directory, rules: makeIgnore().add(text) }]);
  }

  /** True when the entry at `absolute` is ignored; the last .gitignore with a matching pattern decides. */
  ignores(absolute: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const { directory, rules } of this.layers) {
      const relative = path.relative(directory, absolute).split(path.sep).join('/');
      if (relative === '' || relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) continue;
      const verdict = rules.test(isDirectory ? `${relative}/` : relative);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }
}

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

  /**
   * The rules in force below `named`, a path named on the command line: from the repository root
   * down to its parent (outside a repository, none). The named path itself is read whatever they
   * say, and so is what is below it unless a pattern matches the entry itself (`*.log`, `build/`
   * inside it): each of these .gitignore files gets a last, winning `!/PATH/` for the named path and
   * each directory between, since git would otherwise ignore everything under an ignored directory.
   */
  static above(named: string): GitIgnores {
    const ancestors: string[] = [];
    for (let dir = path.dirname(named); ; dir = path.dirname(dir)) {
      ancestors.unshift(dir);
      if (existsSync(path.join(dir, '.git'))) break;
      if (path.dirname(dir) === dir) return GitIgnores.none;
    }
    return ancestors.reduce<GitIgnores>((rules, dir) => rules.enter(dir, reincluded(dir, named)), GitIgnores.none);
  }

  /** The rules in force inside `directory`: these plus its own .gitignore, if it has a readable one, and `extra` patterns after it. */
  enter(directory: string, extra: readonly string[] = []): GitIgnores {
    let text: string;
    try {
      text = readFileSync(path.join(directory, GITIGNORE), 'utf8');
    } catch {
      return this;
    }
    return new GitIgnores([...this.layers, { directory, rules: ignoreRules(text).add([...extra]) }], this.commandLine);
  }

  /**
   * Whether an entry of `directory` (by name) is ignored; the last layer with a matching pattern
   * decides (the command line's last of all). Asked once per directory: each layer's path to it is
   * worked out here, not once per entry and layer.
   */
  inDirectory(directory: string): (name: string, isDirectory: boolean) => boolean {
    const layers = (this.commandLine === undefined ? this.layers : [...this.layers, this.commandLine]).flatMap((layer) => {
      const relative = path.relative(layer.directory, directory).split(path.sep).join('/');
      // Outside the layer's directory: it says nothing of the entries (nor of the directory itself, were it an entry).
      if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) return [];
      return [{ rules: layer.rules, prefix: relative === '' ? '' : `${relative}/` }];
    });
    if (layers.length === 0) return () => false;
    return (name, isDirectory) => {
      let ignored = false;
      for (const layer of layers) ignored = decide(layer, name, isDirectory, ignored);
      return ignored;
    };
  }
}

/**
 * What one layer says of an entry (`name` in the directory at `prefix` from the layer's own): ignored,
 * re-included (`!`), or, when no pattern matches, what the layers before said. The walk only enters
 * directories that were not ignored, so a layer that ignores an entry only because it ignores its
 * directory has been overruled by a later layer re-including that directory (the command line's `!dir/`
 * over a .gitignore's `dir/`): it says nothing of the entry.
 */
function decide({ rules, prefix }: { rules: Ignore; prefix: string }, name: string, isDirectory: boolean, before: boolean): boolean {
  const verdict = rules.test(isDirectory ? `${prefix}${name}/` : `${prefix}${name}`);
  if (verdict.unignored) return false;
  if (!verdict.ignored) return before;
  return prefix === '' || !rules.test(prefix).ignored ? true : before;
}

/** `!/a/`, `!/a/b/`: negations, anchored at `directory`, of each directory from it down to `named` (which is re-included as a directory and as a file). */
function reincluded(directory: string, named: string): string[] {
  const segments = path.relative(directory, named).split(path.sep).filter((segment) => segment !== '');
  // Characters special to .gitignore patterns are escaped, so a name is matched literally.
  const escaped = segments.map((segment) => segment.replace(/[\\*?[\]!# ]/g, (c) => `\\${c}`));
  return escaped.flatMap((_, index) => {
    const prefix = `/${escaped.slice(0, index + 1).join('/')}`;
    return index === escaped.length - 1 ? [`!${prefix}`, `!${prefix}/`] : [`!${prefix}/`];
  });
}

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
  /** Every pattern matches by name alone (namesOnly). */
  byName: boolean;
}

/** A line with no slash but a trailing one and no backslash (escapes are left to the full path); comments and blank lines too. */
const NAME_PATTERN = /^!?[^/\\]*\/?\s*$/;

/**
 * Whether every pattern matches by name alone: git matches a pattern without a slash at its
 * beginning or middle against the name, at any depth (gitignore(5)). An entry of a directory such
 * a layer does not ignore is then decided by its name, whatever the directory.
 */
function namesOnly(lines: readonly string[]): boolean {
  return lines.every((line) => NAME_PATTERN.test(line));
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
    return patterns.length === 0 ? this : new GitIgnores(this.layers, { directory, rules: ignoreRules(patterns), byName: namesOnly(patterns) });
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
    return new GitIgnores([...this.layers, { directory, rules: ignoreRules(text).add([...extra]), byName: namesOnly([...text.split('\n'), ...extra]) }], this.commandLine);
  }

  /**
   * The rules as they apply to the entries of `directory`. `from`: the same for its parent, of which it
   * is the subdirectory `name`: each layer's view is then carried down a level (no path.relative, no
   * test of the whole path), else worked out from the paths.
   */
  inDirectory(directory: string, from?: { parent: DirectoryIgnores; name: string }): DirectoryIgnores {
    const layers = this.commandLine === undefined ? this.layers : [...this.layers, this.commandLine];
    return new DirectoryIgnores(
      layers.map((layer) => {
        const above = from?.parent.views.find((view) => view.layer === layer);
        return above?.prefix === undefined ? viewOf(layer, directory) : viewBelow(above, from!.name);
      }),
    );
  }
}

/**
 * One layer as a directory sees it: the directory's path from the layer's own (`prefix`: '' or ending
 * in `/`; undefined outside it), and `silent` when the layer ignores the directory or one above it.
 * The walk only enters directories that were not ignored, so such a layer has been overruled by a
 * later one re-including the directory (the command line's `!dir/` over a .gitignore's `dir/`): it
 * says nothing of the entries. Silence is worked out for layers of patterns by name only (namesOnly),
 * whose entries are then asked by name alone (names repeat: the answers are cached); for the others
 * it is asked when an entry is ignored (decide).
 */
interface View {
  layer: Layer;
  prefix?: string;
  silent: boolean;
}

function viewOf(layer: Layer, directory: string): View {
  const relative = path.relative(layer.directory, directory).split(path.sep).join('/');
  if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) return { layer, silent: false };
  const prefix = relative === '' ? '' : `${relative}/`;
  return { layer, prefix, silent: layer.byName && prefix !== '' && layer.rules.test(prefix).ignored };
}

/** The view from subdirectory `name` of a directory inside the layer's. */
function viewBelow(above: View, name: string): View {
  const { layer } = above;
  return { layer, prefix: `${above.prefix}${name}/`, silent: above.silent || (layer.byName && layer.rules.test(`${name}/`).ignored) };
}

/** The .gitignore rules as they apply to the entries of one directory. */
export class DirectoryIgnores {
  constructor(readonly views: readonly View[]) {}

  /** Whether the entry `name` is ignored; the last layer with a matching pattern decides (the command line's last of all). */
  ignores(name: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const view of this.views) ignored = decide(view, name, isDirectory, ignored);
    return ignored;
  }
}

/** What one layer says of an entry: ignored, re-included (`!`), or, when no pattern matches, what the layers before said. */
function decide({ layer, prefix, silent }: View, name: string, isDirectory: boolean, before: boolean): boolean {
  if (prefix === undefined || silent) return before;
  const { rules, byName } = layer;
  const entry = byName ? name : `${prefix}${name}`;
  const verdict = rules.test(isDirectory ? `${entry}/` : entry);
  if (verdict.unignored) return false;
  if (!verdict.ignored) return before;
  // Ignored because the layer ignores the directory (see View): it says nothing.
  return byName || prefix === '' || !rules.test(prefix).ignored ? true : before;
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

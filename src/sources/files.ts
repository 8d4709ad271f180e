// Paths on the command line → files to read. Directories are walked recursively; glob patterns are
// expanded (src/sources/glob.ts); symlink loops, unreadable entries, sockets and FIFOs are reported,
// never fatal.
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { ConfiguredKind, PipelineParams, SourceResult } from '../types.js';
import { readDocuments } from '../documents/read.js';
import { GITIGNORE, GitIgnores, type DirectoryIgnores } from './gitignore.js';
import { globPattern, isGlob, type GlobPattern } from './glob.js';

export const CONFIG_FILE_NAME = 'mp-s3-lint.config.json';
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
/** Read when walking directories: policies (JSON), CloudFormation templates (JSON, YAML, .template) and Terraform plans (JSON). A YAML file that is not a template yields nothing. */
export const DEFAULT_EXTENSIONS: readonly string[] = ['.json', '.yaml', '.yml', '.template'];

export interface WalkOptions {
  extensions: readonly string[];
  cwd: string;
  /** Pass over what .gitignore files ignore (default true); a path named on the command line is always read. */
  gitignore?: boolean;
  /**
   * .gitignore-style patterns relative to cwd (--ignore-pattern), applied whatever `gitignore` says and
   * after every .gitignore: to what the walk finds and what a glob matches, never to a path named outright.
   */
  ignorePatterns?: readonly string[];
  /** Read only the entries of each directory given, not its subdirectories (default true: recursive). */
  recursive?: boolean;
  /** Filled with what each listed directory holds, for the config search. */
  listing?: DirectoryListing;
}

export interface FoundFile {
  /** Absolute path. */
  absolute: string;
  /** Display path: relative to cwd, POSIX separators. */
  display: string;
  /** Named on the command line (a read failure then exits 2). */
  explicit: boolean;
  /**
   * The content, when it does not come from the file (standard input, maybe in a file's place): the bytes
   * and their count; reading stops past the setup's maxFileSize, so a larger `size` only says "too large".
   */
  content?: { bytes: Uint8Array; size: number };
  /** Indices in WalkResult.inputs of the paths on the command line it was found under (none for standard input). */
  inputs?: number[];
}

/** A path (or glob) given on the command line, and what the walk found under it. */
export interface NamedInput {
  /** Display path, or the pattern as given. */
  display: string;
  /** A directory or a glob: what is under it is walked. */
  isDirectory: boolean;
  /** Entries under it that .gitignore files or --ignore-pattern pass over (files with a read ending, and directories). */
  ignored: number;
  /** It could not be read at all, or a glob matched no file (MP001, exit code 2): reported already. */
  unreadable: boolean;
}

/**
 * What the walk saw in each directory it listed, so the config search does not ask the file system
 * again: LISTED_CONFIG when mp-s3-lint.config.json is a file there, LISTED_GIT when `.git` is there.
 * A directory where either name is a link or something odd is left out (the search then looks itself).
 */
export type DirectoryListing = Map<string, number>;
export const LISTED_CONFIG = 1;
export const LISTED_GIT = 2;

function listingFlags(entries: readonly Dirent[]): number | undefined {
  let flags = 0;
  for (const entry of entries) {
    if (entry.name === CONFIG_FILE_NAME) {
      if (!entry.isFile()) return undefined;
      flags |= LISTED_CONFIG;
    } else if (entry.name === '.git') {
      if (!entry.isFile() && !entry.isDirectory()) return undefined;
      flags |= LISTED_GIT;
    }
  }
  return flags;
}

export interface WalkResult {
  files: FoundFile[];
  /** Inputs that could not be read at all, as results with an `unreadable` problem. */
  failures: SourceResult[];
  /** Entries passed over on purpose (symlink loops, sockets, FIFOs), as notes. */
  skipped: SourceResult[];
  /** The paths named on the command line, in order. */
  inputs: NamedInput[];
}

/** The result of a file-system call, or undefined when it fails. */
export function unlessFailing<T>(call: () => T): T | undefined {
  try {
    return call();
  } catch {
    return undefined;
  }
}

const realPath = (absolute: string) => unlessFailing(() => realpathSync(absolute)) ?? absolute;

export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  const shown = relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join('/');
}

/** path.join(directory, name) for a directory path that is absolute and normalized and a name from its listing: nothing to normalize. */
function childPath(directory: string, name: string): string {
  return directory.endsWith(path.sep) ? directory + name : directory + path.sep + name;
}

/**
 * The display paths of a directory's entries (displayPath of each), from the directory's own: it and
 * the name, when the directory is cwd or inside it, as it usually is; worked out whole otherwise.
 */
function entryDisplay(shown: string, cwd: string): (child: string, name: string) => string {
  if (shown !== '.' && path.isAbsolute(shown)) return (child) => displayPath(child, cwd);
  const prefix = shown === '.' ? '' : `${shown}/`;
  // A name starting with `..` right in cwd is shown as displayPath shows it (whole).
  return (child, name) => (prefix === '' && name.startsWith('..') ? displayPath(child, cwd) : prefix + name);
}

const FILE_START = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** An input that could not be read; `explicit` (named on the command line) makes the run exit 2. */
function failure(display: string, message: string, explicit: boolean): SourceResult {
  return { file: display, documents: [], problems: [{ code: 'unreadable', message, range: FILE_START }], unreadable: explicit };
}

function skipped(display: string, message: string): SourceResult {
  return { file: display, documents: [], problems: [{ code: 'skipped', message, range: FILE_START }] };
}

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'No such file or directory.';
  if (code === 'EACCES' || code === 'EPERM') return 'Permission denied.';
  if (code === 'ELOOP') return 'Too many levels of symbolic links.';
  return error instanceof Error ? error.message : String(error);
}

// Synchronous file-system calls throughout: on a 2-core CI machine an awaited fs.promises call costs
// 50–200 µs of thread-pool round trip against 5–15 µs for the synchronous one (bench/RESULTS.md).
export function walkPaths(inputs: readonly string[], options: WalkOptions): WalkResult {
  const result: WalkResult = { files: [], failures: [], skipped: [], inputs: [] };
  /** Directories visited from the current input (a second visit is a symbolic link loop); inputs may overlap. */
  const visitedDirectories = new Set<string>();
  const seenFiles = new Map<string, FoundFile>();
  const wanted = (name: string) => options.extensions.some((ext) => name.toLowerCase().endsWith(ext)) && name !== CONFIG_FILE_NAME;
  /** Index of the named input being walked. */
  let current = 0;
  const failed = (source: SourceResult) => {
    if (source.unreadable === true) result.inputs[current]!.unreadable = true;
    result.failures.push(source);
  };

  /** `pattern`: the glob a directory's entries must match (a matched directory is then taken whole). */
  function visit(absolute: string, explicit: boolean, ignores: GitIgnores, pattern?: GlobPattern): void {
    const display = displayPath(absolute, options.cwd);
    let info;
    try {
      info = statSync(absolute);
    } catch (error) {
      const linkInfo = unlessFailing(() => lstatSync(absolute));
      if (linkInfo?.isSymbolicLink() && !explicit) {
        result.skipped.push(skipped(display, `Skipped: broken or looping symbolic link (${errorText(error).replace(/\.$/, "").toLowerCase()}).`));
        return;
      }
      failed(failure(display, `Cannot read ${display}: ${errorText(error)}`, explicit));
      return;
    }
    if (info.isDirectory()) {
      if (explicit) result.inputs[current]!.isDirectory = true;
      visitDirectory(absolute, realPath(absolute), display, explicit, ignores, pattern);
      return;
    }
    if (!info.isFile()) {
      result.skipped.push(skipped(display, 'Skipped: not a regular file (socket, FIFO or device).'));
      return;
    }
    addFile(absolute, realPath(absolute), explicit);
  }

  /** A file found twice (named twice, or under two named paths) is read once, for every input it is under. */
  function addFile(absolute: string, real: string, explicit: boolean, display = displayPath(absolute, options.cwd)): void {
    const seen = seenFiles.get(real);
    if (seen !== undefined) {
      if (!seen.inputs!.includes(current)) seen.inputs!.push(current);
      return;
    }
    const found = { absolute, display, explicit, inputs: [current] };
    seenFiles.set(real, found);
    result.files.push(found);
  }

  /**
   * `real` is the directory's path with symbolic links resolved, `display` its display path; the entries' types come with the listing, so only links cost a stat.
   * `from`: the rules as they applied in the parent directory, of which this is the entry `name`.
   */
  function visitDirectory(absolute: string, real: string, display: string, explicit: boolean, inherited: GitIgnores, pattern?: GlobPattern, from?: { parent: DirectoryIgnores; name: string }): void {
    if (visitedDirectories.has(real)) {
      result.skipped.push(skipped(display, 'Skipped: symbolic link loop (this directory was already visited).'));
      return;
    }
    visitedDirectories.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      failed(failure(display, `Cannot read directory ${display}: ${errorText(error)}`, explicit));
      return;
    }
    if (options.listing !== undefined) {
      const flags = listingFlags(entries);
      if (flags !== undefined) options.listing.set(absolute, flags);
    }
    const ignores = options.gitignore !== false && entries.some((entry) => entry.name === GITIGNORE && entry.isFile()) ? inherited.enter(absolute) : inherited;
    const here = ignores.inDirectory(absolute, from);
    const displayOf = entryDisplay(display, options.cwd);
    // Inside a directory the pattern does not match yet, only matching files are taken, and subdirectories are searched on.
    const fileMatches = (child: string) => pattern === undefined || pattern.matches(child, false);
    const rest = (child: string) => (pattern?.matches(child, true) === false ? pattern : undefined);
    const ignored = (name: string, isDirectory: boolean) => {
      if (!here.ignores(name, isDirectory)) return false;
      result.inputs[current]!.ignored++;
      return true;
    };
    for (const entry of entries) {
      const name = entry.name;
      if (SKIPPED_DIRECTORIES.has(name)) continue;
      const child = childPath(absolute, name);
      if (entry.isDirectory()) {
        if (options.recursive !== false && !ignored(name, true)) visitDirectory(child, childPath(real, name), displayOf(child, name), false, ignores, rest(child), { parent: here, name });
      } else if (entry.isFile()) {
        if (wanted(name) && fileMatches(child) && !ignored(name, false)) addFile(child, childPath(real, name), false, displayOf(child, name));
      } else {
        // A symbolic link (followed), socket, FIFO or device.
        const childInfo = unlessFailing(() => statSync(child));
        const isDirectory = childInfo?.isDirectory() === true;
        if (isDirectory ? options.recursive !== false : (wanted(name) || childInfo === undefined) && fileMatches(child)) {
          if (!ignored(name, isDirectory)) visit(child, false, ignores, isDirectory ? rest(child) : undefined);
        }
      }
    }
  }

  const ignoresAbove = (absolute: string) => (options.gitignore === false ? GitIgnores.none : GitIgnores.above(absolute)).withPatterns(options.cwd, options.ignorePatterns ?? []);
  for (const [index, input] of inputs.entries()) {
    visitedDirectories.clear();
    current = index;
    const glob = isGlob(input, options.cwd);
    const absolute = path.resolve(options.cwd, input);
    result.inputs.push({ display: glob ? input : displayPath(absolute, options.cwd), isDirectory: glob, ignored: 0, unreadable: false });
    if (glob) {
      const pattern = globPattern(input, options.cwd);
      if (statSync(pattern.base, { throwIfNoEntry: false })?.isDirectory()) visitDirectory(pattern.base, realPath(pattern.base), displayPath(pattern.base, options.cwd), false, ignoresAbove(pattern.base), pattern);
      // Files another path found first count for this pattern too.
      if (!result.files.some((file) => file.inputs?.includes(index))) {
        failed(failure(input, `No files match the pattern ${input} (matched as a .gitignore line from the working directory, reading ${options.extensions.join(' ')} files, passing over what .gitignore and --ignore-pattern exclude).`, true));
      }
      continue;
    }
    visit(absolute, true, ignoresAbove(absolute));
  }
  return result;
}

/** Reads one file into documents; a file over `maxFileSize` is reported without being read. A file named on the command line that holds no policy is reported (MP006), one found in a directory passed over. */
export function readSourceFile(file: FoundFile, maxFileSize: number, kindOverride?: ConfiguredKind, params?: PipelineParams): SourceResult {
  if (file.content !== undefined) {
    if (file.content.size <= maxFileSize) return readDocuments(file.display, file.content.bytes, { kindOverride, params, named: true });
    return tooLarge(file.display, `Standard input holds more than ${maxFileSize} bytes, the limit (maxFileSize in the config)`);
  }
  let bytes: Buffer;
  let descriptor: number | undefined;
  try {
    // One open file for the size check and the read: on a virtual machine each system call counts.
    descriptor = openSync(file.absolute, 'r');
    const size = fstatSync(descriptor).size;
    if (size > maxFileSize) return tooLarge(file.display, `File is ${size} bytes, over the ${maxFileSize}-byte limit (maxFileSize in the config)`);
    bytes = readOpenFile(descriptor, size);
  } catch (error) {
    return failure(file.display, `Cannot read ${file.display}: ${errorText(error)}`, file.explicit);
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
  return readDocuments(file.display, bytes, { kindOverride, params, named: file.explicit });
}

/**
 * The buffer every file is read into, grown as needed: readDocuments decodes the bytes it is given and
 * keeps none of them, so one buffer serves the whole run instead of a new one per file.
 */
let readBuffer = Buffer.allocUnsafeSlow(64 * 1024);

/** What readFileSync(descriptor) reads: `size` bytes (fewer if the file shrank), into readBuffer. */
function readOpenFile(descriptor: number, size: number): Buffer {
  // A size of 0 may be a file whose size the system does not tell (/proc): read to its end.
  if (size === 0) return readFileSync(descriptor);
  if (readBuffer.length < size) readBuffer = Buffer.allocUnsafeSlow(size);
  let length = 0;
  while (length < size) {
    const read = readSync(descriptor, readBuffer, length, size - length, null);
    if (read === 0) break;
    length += read;
  }
  return readBuffer.subarray(0, length);
}

function tooLarge(display: string, what: string): SourceResult {
  return { file: display, documents: [], problems: [{ code: 'too-large', message: `${what}; AWS policies are at most a few KB, so it was not read.`, range: FILE_START }] };
}

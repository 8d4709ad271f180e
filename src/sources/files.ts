// Paths on the command line → files to read. Directories are walked recursively; symlink loops,
// unreadable entries, sockets and FIFOs are reported, never fatal.
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { ConfiguredKind, PipelineParams, SourceResult } from '../types.js';
import { readDocuments } from '../documents/read.js';
import { GITIGNORE, GitIgnores } from './gitignore.js';

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
}

export interface FoundFile {
  /** Absolute path. */
  absolute: string;
  /** Display path: relative to cwd, POSIX separators. */
  display: string;
  /** Named on the command line (a read failure then exits 2). */
  explicit: boolean;
}

export interface WalkResult {
  files: FoundFile[];
  /** Inputs that could not be read at all, as results with an `unreadable` problem. */
  failures: SourceResult[];
  /** Entries passed over on purpose (symlink loops, sockets, FIFOs), as notes. */
  skipped: SourceResult[];
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
  const result: WalkResult = { files: [], failures: [], skipped: [] };
  const visitedDirectories = new Set<string>();
  const seenFiles = new Set<string>();
  const wanted = (name: string) => options.extensions.some((ext) => name.toLowerCase().endsWith(ext)) && name !== CONFIG_FILE_NAME;

  function visit(absolute: string, explicit: boolean, ignores: GitIgnores): void {
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
      result.failures.push(failure(display, `Cannot read ${display}: ${errorText(error)}`, explicit));
      return;
    }
    if (info.isDirectory()) {
      visitDirectory(absolute, realPath(absolute), explicit, ignores);
      return;
    }
    if (!info.isFile()) {
      result.skipped.push(skipped(display, 'Skipped: not a regular file (socket, FIFO or device).'));
      return;
    }
    addFile(absolute, realPath(absolute), explicit);
  }

  function addFile(absolute: string, real: string, explicit: boolean): void {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    result.files.push({ absolute, display: displayPath(absolute, options.cwd), explicit });
  }

  /** `real` is the directory's path with symbolic links resolved; the entries' types come with the listing, so only links cost a stat. */
  function visitDirectory(absolute: string, real: string, explicit: boolean, inherited: GitIgnores): void {
    const display = displayPath(absolute, options.cwd);
    if (visitedDirectories.has(real)) {
      result.skipped.push(skipped(display, 'Skipped: symbolic link loop (this directory was already visited).'));
      return;
    }
    visitedDirectories.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      result.failures.push(failure(display, `Cannot read directory ${display}: ${errorText(error)}`, explicit));
      return;
    }
    const ignores = options.gitignore !== false && entries.some((entry) => entry.name === GITIGNORE && entry.isFile()) ? inherited.enter(absolute) : inherited;
    for (const entry of entries) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      const child = path.join(absolute, entry.name);
      if (entry.isDirectory()) {
        if (!ignores.ignores(child, true)) visitDirectory(child, path.join(real, entry.name), false, ignores);
      } else if (entry.isFile()) {
        if (wanted(entry.name) && !ignores.ignores(child, false)) addFile(child, path.join(real, entry.name), false);
      } else {
        // A symbolic link (followed), socket, FIFO or device.
        const childInfo = unlessFailing(() => statSync(child));
        if ((childInfo?.isDirectory() || wanted(entry.name) || childInfo === undefined) && !ignores.ignores(child, childInfo?.isDirectory() === true)) visit(child, false, ignores);
      }
    }
  }

  for (const input of inputs) {
    const absolute = path.resolve(options.cwd, input);
    visit(absolute, true, options.gitignore === false ? GitIgnores.none : GitIgnores.above(absolute));
  }
  return result;
}

/** Reads one file into documents; a file over `maxFileSize` is reported without being read. */
export function readSourceFile(file: FoundFile, maxFileSize: number, kindOverride?: ConfiguredKind, params?: PipelineParams): SourceResult {
  let bytes: Buffer;
  let descriptor: number | undefined;
  try {
    // One open file for the size check and the read: on a virtual machine each system call counts.
    descriptor = openSync(file.absolute, 'r');
    const size = fstatSync(descriptor).size;
    if (size > maxFileSize) {
      return {
        file: file.display,
        documents: [],
        problems: [{ code: 'too-large', message: `File is ${size} bytes, over the ${maxFileSize}-byte limit (maxFileSize in the config); AWS policies are at most a few KB, so it was not read.`, range: FILE_START }],
      };
    }
    bytes = readFileSync(descriptor);
  } catch (error) {
    return failure(file.display, `Cannot read ${file.display}: ${errorText(error)}`, file.explicit);
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
  return readDocuments(file.display, bytes, { kindOverride, params });
}

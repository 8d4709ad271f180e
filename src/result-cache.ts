// --cache: each setup's result remembered in a file, keyed by a hash of everything it depends on, and
// reused while none of it changed, as ESLint's --cache does for files (README "Caching", docs/decisions.md
// "A persistent cache"). A warm run walks, reads and hashes the files; it does not parse them, assemble the
// setups or run the rules. What a setup adds to the report (src/lint.ts GroupOutcome) is stored before the
// suppressions mark its findings: they are applied afresh on every run.
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding, PipelineParams } from './types.js';
import type { Rule } from './engine/rule.js';
import type { CheckedPart, FileRead, GroupOutcome } from './lint.js';
import type { Policy } from './policy/model.js';
import { actionCatalogSource } from './policy/catalog.js';
import { awsManagedDataSource } from './documents/managed.js';
import { policyOf } from './setup/questions.js';
import type { Setup } from './setup/setup.js';
import { timeInstants } from './setup/time.js';
import type { LintConfig, RuleLevel } from './sources/config.js';
import { DEFAULT_MAX_FILE_SIZE, displayPath, type FoundFile, type WalkOptions } from './sources/files.js';
import { VERSION } from './version.js';
import { nodeCrypto, sha256Hex } from './hash.js';

/** Where the cache is kept when --cache-location does not say: a file in the working directory. */
export const DEFAULT_CACHE_LOCATION = '.mp-s3-lint-cache';

export interface CacheOptions {
  /**
   * The cache file, relative to cwd (default `.mp-s3-lint-cache`). An existing directory, or a path
   * ending in a separator, holds it: `.mp-s3-lint-cache_<hash of cwd>` in it, as ESLint names its own.
   */
  location?: string;
  /** @internal The release the cache is written by and keyed on (default VERSION): tests stand in another. */
  toolVersion?: string;
}

/** How the cache served a run: in `Report.cache` (the formatters do not show it). */
export interface CacheStats {
  /** The cache file (display path). */
  location: string;
  /** Setups (folders) whose stored result was used. */
  hits: number;
  /** Setups checked because nothing usable was stored; their result is stored now. */
  misses: number;
  /** Setups never cached: standard input, a file that could not be read or is over maxFileSize, or a result that depends on the time in a way not bounded (docs/decisions.md). */
  notCached: number;
  /** Whether the file was written (not when nothing changed, nor when it could not be). */
  written: boolean;
  /** What went wrong with the file, one line each (the CLI prints them on stderr); the report is right whatever they say. */
  warnings: string[];
}

/** What a run's results depend on beyond each folder: the same for every setup of the run. */
export interface RunInput {
  cwd: string;
  rules: readonly Rule[];
  params?: Partial<PipelineParams>;
  ruleLevels?: Readonly<Record<string, RuleLevel>>;
  quiet?: boolean;
  walk: WalkOptions;
  configFile?: string;
}

/** What a folder's result depends on beyond its files. */
export interface GroupInput {
  config: LintConfig | undefined;
  /** The merged pipeline parameters (configs and command line). */
  params: PipelineParams;
  /** The folder is a directory named on the command line (it may then be an export setup whatever it holds). */
  named: boolean;
  /** The time of the check (ms): a stored result is used only within the time it holds for. */
  now: number;
}

/** The files of a folder the cache read and hashed; `outcome` when the stored result is used. */
export interface CacheEntry {
  key: string;
  outcome?: GroupOutcome;
  /** The bytes read, by file: the folder's check reads them from here, never twice (on a miss). */
  contents?: ReadonlyMap<FoundFile, Uint8Array>;
}

const FORMAT = 'mp-s3-lint-cache';
/** Bumped whenever the file's layout or an entry's meaning changes: an older file is then a silent miss. */
const FORMAT_VERSION = 1;
/** How every cache file this code writes begins: a file that does not is someone else's, never overwritten. */
const PREFIX = `{"format":"${FORMAT}"`;

/** An entry as stored: when it holds (ms, both exclusive) and the folder's outcome in short form. */
interface StoredEntry {
  validAfter?: number;
  validUntil?: number;
  reads: [documents: number, flags: number][];
  result: { kind: 'none' } | { kind: 'passed-over'; files: number } | { kind: 'checked'; part: CheckedPart };
}

export class ResultCache {
  /** The entries of the file read at the start. */
  private readonly stored: ReadonlyMap<string, unknown>;
  /** The entries to write: those of this run's folders (stored ones as read, new ones as JSON text). */
  private readonly kept = new Map<string, unknown>();
  private fresh = 0;
  /** The file needs writing even if no entry changed (corrupt, another version). */
  private stale: boolean;
  /** The file is someone else's or could not be read: left alone. */
  private readonly writable: boolean;
  private readonly stats: CacheStats;
  private readonly runDigest: string;
  private readonly configDigests = new WeakMap<LintConfig, string>();
  private readonly toolVersion: string;

  private constructor(
    /** The cache file (absolute path). */
    readonly file: string,
    private readonly cwd: string,
    options: CacheOptions,
    run: RunInput,
  ) {
    this.toolVersion = options.toolVersion ?? VERSION;
    this.stats = { location: displayPath(file, cwd), hits: 0, misses: 0, notCached: 0, written: false, warnings: [] };
    const loaded = this.load();
    this.stored = loaded.entries;
    this.stale = loaded.stale;
    this.writable = loaded.writable;
    this.runDigest = sha256Hex(stableJson(this.runMaterial(run)));
  }

  /** The cache of `options.location` (relative to run.cwd), read now; a file that cannot be used is an empty cache and a warning. */
  static open(options: CacheOptions, run: Omit<RunInput, 'cwd'> & { cwd: string }): ResultCache {
    return new ResultCache(cacheFile(options.location, run.cwd), run.cwd, options, run);
  }

  /**
   * Reads and hashes a folder's files; returns its stored outcome when there is one for this key and
   * it holds at `input.now`, else the bytes read (the folder is checked, then `store`d). Undefined for
   * a folder that is never cached.
   */
  lookUp(group: { directory: string; label?: string; files: readonly FoundFile[]; passedOver: readonly unknown[] }, input: GroupInput): CacheEntry | undefined {
    if (group.label !== undefined || group.passedOver.length > 0 || group.files.some((file) => file.content !== undefined)) return this.notCached();
    const contents = new Map<FoundFile, Uint8Array>();
    const maxFileSize = input.config?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    for (const file of group.files) {
      const bytes = readWhole(file.absolute, maxFileSize);
      if (bytes === undefined) return this.notCached();
      contents.set(file, bytes);
    }
    const hash = nodeCrypto().createHash('sha256');
    hash.update(this.runDigest);
    hash.update(
      stableJson({
        directory: displayPath(group.directory, this.cwd),
        named: input.named,
        config: input.config === undefined ? null : this.configDigest(input.config),
        params: input.params,
        // MP505 compares from_date with the day it runs (UTC, the clock's, not `now`).
        ...(input.params.fromDate === undefined ? {} : { day: new Date().toISOString().slice(0, 10) }),
      }),
    );
    for (const [file, bytes] of contents) {
      hash.update(JSON.stringify([file.display, file.explicit, bytes.length]));
      hash.update(bytes);
    }
    const key = hash.digest('hex');
    const stored = this.stored.get(key);
    const outcome = stored === undefined ? undefined : this.usable(stored, input.now);
    if (outcome === undefined) {
      this.stats.misses++;
      return { key, contents };
    }
    this.stats.hits++;
    this.kept.set(key, stored);
    return { key, outcome };
  }

  /**
   * Stores a folder's outcome, unless its result may change with the time in a way not bounded: a
   * policy that uses the time otherwise than in the conditions timeBounds reads, or findings that name
   * the time of the check (an explanation quotes the request's aws:CurrentTime, to the millisecond).
   */
  store(entry: CacheEntry, outcome: GroupOutcome, setup: Setup | undefined): void {
    const bounds = setup === undefined ? {} : timeBounds(setup);
    // As text now: the suppressions mark the findings in place once recorded.
    const text = bounds === undefined ? undefined : JSON.stringify({ ...bounds, reads: outcome.reads.map(encodeRead), result: outcome.result } satisfies StoredEntry);
    if (text === undefined || (setup !== undefined && namesTheTime(text, setup.facts.now))) {
      this.stats.misses--;
      this.stats.notCached++;
      return;
    }
    this.kept.set(entry.key, text);
    this.fresh++;
  }

  /** Writes the file (atomically) when it changed, and says how the run went. */
  close(): CacheStats {
    const changed = this.stale || this.fresh > 0 || this.kept.size !== this.stored.size;
    if (this.writable && changed) this.write();
    return { ...this.stats, warnings: [...this.stats.warnings] };
  }

  private notCached(): undefined {
    this.stats.notCached++;
    return undefined;
  }

  private warn(message: string): void {
    this.stats.warnings.push(message);
  }

  private load(): { entries: Map<string, unknown>; stale: boolean; writable: boolean } {
    const empty = (stale: boolean, writable = true) => ({ entries: new Map<string, unknown>(), stale, writable });
    const shown = this.stats.location;
    let text: string;
    try {
      // A FIFO or a device would block the read or be something else's: only a regular file is read.
      const info = statSync(this.file);
      if (!info.isFile()) {
        this.warn(`${shown} is not a regular file: it is left as it is, every setup is checked and nothing is cached (give --cache-location another path)`);
        return empty(false, false);
      }
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      // None there yet (ENOTDIR: a file stands where a directory of the path should; the write says so).
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return empty(true);
      // Not ours to replace: it may be anything.
      this.warn(`cannot read the cache file ${shown} (${errorText(error)}); every setup is checked and nothing is cached`);
      return empty(false, false);
    }
    if (text === '') return empty(true);
    if (!text.startsWith(PREFIX) && !PREFIX.startsWith(text)) {
      this.warn(`${shown} is not an mp-s3-lint cache file: it is left as it is, every setup is checked and nothing is cached (give --cache-location another path)`);
      return empty(false, false);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      this.warn(`the cache file ${shown} is corrupt (${errorText(error)}); every setup is checked and the file written anew`);
      return empty(true);
    }
    if (!isRecord(data) || typeof data['formatVersion'] !== 'number' || typeof data['toolVersion'] !== 'string' || !isRecord(data['entries'])) {
      this.warn(`the cache file ${shown} is corrupt (not the layout of a cache file); every setup is checked and the file written anew`);
      return empty(true);
    }
    // Another release's or layout's cache: silently replaced.
    if (data['formatVersion'] !== FORMAT_VERSION || data['toolVersion'] !== this.toolVersion) return empty(true);
    return { entries: new Map(Object.entries(data['entries'])), stale: false, writable: true };
  }

  /** A stored entry's outcome when it is well formed and holds at `now`; a malformed one is a miss and a warning. */
  private usable(stored: unknown, now: number): GroupOutcome | undefined {
    let outcome: GroupOutcome;
    try {
      const entry = stored as StoredEntry;
      if (!holdsAt(entry, now)) return undefined;
      outcome = decodeOutcome(entry);
    } catch (error) {
      if (this.stats.warnings.every((warning) => !warning.includes('corrupt'))) this.warn(`the cache file ${this.stats.location} is corrupt (${errorText(error)}); the setups concerned are checked and the file written anew`);
      this.stale = true;
      return undefined;
    }
    return outcome;
  }

  private write(): void {
    const directory = path.dirname(this.file);
    const temporary = path.join(directory, `.${path.basename(this.file)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
    const entries = [...this.kept].map(([key, entry]) => `${JSON.stringify(key)}:${typeof entry === 'string' ? entry : JSON.stringify(entry)}`);
    const text = `${PREFIX},"formatVersion":${FORMAT_VERSION},"toolVersion":${JSON.stringify(this.toolVersion)},"entries":{\n${entries.join(',\n')}\n}}\n`;
    try {
      mkdirSync(directory, { recursive: true });
      writeFileSync(temporary, text);
      renameSync(temporary, this.file);
      this.stats.written = true;
    } catch (error) {
      try {
        unlinkSync(temporary);
      } catch {
        // never written
      }
      this.warn(`cannot write the cache file ${this.stats.location} (${errorText(error)}); the report is complete, and the next run checks every setup again`);
    }
  }

  /** The run-wide part of every key: hashed once. Values as given, never stored: only the hash is. */
  private runMaterial(run: RunInput): unknown {
    return {
      format: FORMAT_VERSION,
      tool: this.toolVersion,
      // The data the rules read: the AWS managed policies and the action catalog.
      data: { managed: awsManagedDataSource(), actions: actionCatalogSource() },
      rules: run.rules.map((rule) => [rule.meta.id, rule.meta.defaultLevel, rule.scope]),
      params: run.params ?? {},
      ruleLevels: run.ruleLevels ?? {},
      quiet: run.quiet === true,
      extensions: run.walk.extensions,
      gitignore: run.walk.gitignore !== false,
      ignorePatterns: run.walk.ignorePatterns ?? [],
      configFile: run.configFile === undefined ? null : displayPath(path.resolve(run.cwd, run.configFile), run.cwd),
    };
  }

  /** The merged config as it affects a folder, paths shown as in the report (hashed once per config). */
  private configDigest(config: LintConfig): string {
    let digest = this.configDigests.get(config);
    if (digest === undefined) {
      const shown = (absolute: string) => displayPath(absolute, this.cwd);
      digest = sha256Hex(
        stableJson({
          file: shown(config.file),
          files: config.files.map(shown),
          params: config.params,
          rules: config.rules,
          documents: [...config.documents].map(([file, kind]) => [shown(file), kind]),
          maxFileSize: config.maxFileSize ?? null,
          suppressions: config.suppressions.map((s) => ({ ...s, file: shown(s.file), source: shown(s.source) })),
          sources: {
            params: Object.entries(config.sources.params).map(([name, source]) => [name, shown(source!.file), source!.range]),
            rules: Object.entries(config.sources.rules).map(([id, source]) => [id, shown(source.file), source.range]),
            documents: [...config.sources.documents].map(([file, source]) => [shown(file), shown(source.file), source.range]),
            maxFileSize: config.sources.maxFileSize === undefined ? null : [shown(config.sources.maxFileSize.file), config.sources.maxFileSize.range],
          },
        }),
      );
      this.configDigests.set(config, digest);
    }
    return digest;
  }
}

/** The cache file --cache-location names (relative to cwd): a directory holds `.mp-s3-lint-cache_<hash of cwd>`. */
export function cacheFile(location: string | undefined, cwd: string): string {
  const given = location ?? DEFAULT_CACHE_LOCATION;
  const absolute = path.resolve(cwd, given);
  let existing: boolean;
  try {
    existing = statSync(absolute, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    existing = false; // ENOTDIR and the like: the write says why
  }
  const directory = /[\\/]$/.test(given) || existing;
  return directory ? path.join(absolute, `${DEFAULT_CACHE_LOCATION}_${sha256Hex(cwd).slice(0, 12)}`) : absolute;
}

/** A file's bytes, as readSourceFile reads them (one open file for the size and the content); undefined when over the limit or unreadable. */
function readWhole(file: string, maxFileSize: number): Uint8Array | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, 'r');
    if (fstatSync(descriptor).size > maxFileSize) return undefined;
    return readFileSync(descriptor);
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** Keys whose value is the time of the request (src/setup/time.ts). */
const TIME_KEYS = new Set(['aws:currenttime', 'aws:epochtime', 'aws:tokenissuetime']);
const TIME_KEY_TEXT = /aws:(?:currenttime|epochtime|tokenissuetime)/gi;

/**
 * When a setup's result holds: it depends on the time only through Date (and aws:EpochTime Numeric)
 * conditions on the time keys, whose answers change only at the instants they name (src/setup/time.ts),
 * so the result holds strictly between the last such instant before the check and the first after it.
 * Undefined when the time keys appear anywhere else (a policy variable, another operator: not bounded)
 * or the check ran at one of the instants: not cached. Suppressions' `expires` need no bound: they are
 * applied afresh on every run.
 */
export function timeBounds(setup: Setup): { validAfter?: number; validUntil?: number } | undefined {
  const documents = new Set([...setup.documents, ...setup.trust, ...setup.identity, ...setup.boundary, ...setup.bucket, ...setup.key]);
  const policies: Policy[] = [];
  let mentions = 0;
  let bounded = 0;
  for (const document of documents) {
    const found = (JSON.stringify(document.policy) ?? '').match(TIME_KEY_TEXT)?.length ?? 0;
    if (found === 0) continue;
    mentions += found;
    const policy = policyOf(document);
    policies.push(policy);
    bounded += boundedTimeConditions(policy);
  }
  if (mentions === 0) return {};
  if (bounded < mentions) return undefined;
  const now = setup.facts.now;
  const instants = timeInstants(policies, -Infinity);
  if (instants.includes(now)) return undefined;
  const before = instants.filter((instant) => instant < now);
  const after = instants.find((instant) => instant > now);
  return { ...(before.length === 0 ? {} : { validAfter: before[before.length - 1]! }), ...(after === undefined ? {} : { validUntil: after }) };
}

/** Whether text names the day of `now` (any rendering of the date and time begins with it) or its second since the epoch. */
function namesTheTime(text: string, now: number): boolean {
  return text.includes(new Date(now).toISOString().slice(0, 10)) || text.includes(String(Math.floor(now / 1000)));
}

/** Conditions on a time key that timeInstants reads: Date operators, and Numeric ones on aws:EpochTime. */
function boundedTimeConditions(policy: Policy): number {
  let count = 0;
  for (const statement of policy.statements) {
    for (const [operator, entries] of Object.entries(statement.condition ?? {})) {
      const base = operator.replace(/^(?:ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
      for (const key of Object.keys(entries)) {
        const lower = key.toLowerCase();
        if (TIME_KEYS.has(lower) && (base.startsWith('Date') || (base.startsWith('Numeric') && lower === 'aws:epochtime'))) count++;
      }
    }
  }
  return count;
}

function holdsAt(entry: StoredEntry, now: number): boolean {
  const { validAfter, validUntil } = entry;
  if (validAfter !== undefined && !(typeof validAfter === 'number' && now > validAfter)) return false;
  if (validUntil !== undefined && !(typeof validUntil === 'number' && now < validUntil)) return false;
  return true;
}

const READ_FAILURE = 1;
const FACTS = 2;
const UNREADABLE = 4;
const NOT_POLICY = 8;

function encodeRead(read: FileRead): [number, number] {
  return [read.documents, (read.readFailure ? READ_FAILURE : 0) | (read.facts ? FACTS : 0) | (read.unreadable ? UNREADABLE : 0) | (read.notPolicy ? NOT_POLICY : 0)];
}

class Malformed extends Error {}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Malformed(`an entry's ${what} is malformed`);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A stored entry as the run uses it, checked field by field, every object new (the stored one is written back as read). */
function decodeOutcome(entry: StoredEntry): GroupOutcome {
  check(isRecord(entry) && Array.isArray(entry.reads) && isRecord(entry.result), 'shape');
  const reads = entry.reads.map((read): FileRead => {
    check(Array.isArray(read) && read.length === 2 && isCount(read[0]) && isCount(read[1]), 'file');
    const [documents, flags] = read;
    return { documents, readFailure: (flags & READ_FAILURE) !== 0, facts: (flags & FACTS) !== 0, unreadable: (flags & UNREADABLE) !== 0, notPolicy: (flags & NOT_POLICY) !== 0 };
  });
  const result = entry.result as Record<string, unknown>;
  if (result['kind'] === 'none') return { reads, result: { kind: 'none' } };
  if (result['kind'] === 'passed-over') {
    check(isCount(result['files']), 'count');
    return { reads, result: { kind: 'passed-over', files: result['files'] } };
  }
  check(result['kind'] === 'checked' && isRecord(result['part']), 'result');
  return { reads, result: { kind: 'checked', part: decodePart(result['part']) } };
}

function decodePart(part: Record<string, unknown>): CheckedPart {
  const { name, findings, files, inputFailure, documents, readFailures, ruleIds, verdict } = part;
  check(typeof name === 'string' && Array.isArray(findings) && isStrings(files) && typeof inputFailure === 'boolean' && isCount(documents) && isCount(readFailures) && isStrings(ruleIds), 'setup');
  check(isRecord(verdict) && isCount(verdict['documents']) && Array.isArray(verdict['items']), 'verdict');
  const worksUntil = verdict['worksUntil'];
  check(worksUntil === undefined || Number.isFinite(worksUntil), 'verdict');
  const items = verdict['items'].map((item): [string, string] => {
    check(Array.isArray(item) && item.length === 2 && isStrings(item), 'verdict');
    return [item[0]!, item[1]!];
  });
  return {
    name,
    findings: findings.map(decodeFinding),
    files: [...files],
    inputFailure,
    documents,
    readFailures,
    ruleIds: [...ruleIds],
    verdict: { documents: verdict['documents'], ...(worksUntil === undefined ? {} : { worksUntil: worksUntil as number }), items },
  };
}

const FINDING_TEXT = new Set(['ruleId', 'message', 'file', 'path', 'fix', 'setup']);
const FINDING_NUMBERS = new Set(['line', 'column', 'endLine', 'endColumn']);
const LEVELS = new Set(['error', 'warning', 'note']);

/** A new finding with the stored one's keys in their order (as the rules made it). */
function decodeFinding(value: unknown): Finding {
  check(isRecord(value), 'finding');
  for (const [key, field] of Object.entries(value)) {
    if (FINDING_TEXT.has(key)) check(typeof field === 'string', 'finding');
    else if (FINDING_NUMBERS.has(key)) check(isCount(field), 'finding');
    else check(key === 'level' && LEVELS.has(field as string), 'finding');
  }
  for (const key of ['ruleId', 'level', 'message', 'file', 'path', ...FINDING_NUMBERS]) check(key in value, 'finding');
  return { ...value } as unknown as Finding;
}

/** JSON with every object's keys sorted and undefined values left out: the same value, the same text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (!isRecord(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = inner[key];
    return sorted;
  });
}

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? message : `${code}: ${message.replace(new RegExp(`^${code}: `), '')}`;
}

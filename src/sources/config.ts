// mp-s3-lint.config.json: pipeline parameters, rule levels, per-file kinds and suppressions for the
// setups below it. Configs cascade as ESLint's did: from the repository root (or the nearest config
// with "root": true) down to a setup's directory they merge, the nearer config winning key by key.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConfiguredKind, Level, PipelineParams, SourceRange } from '../types.js';
import { parseJson, type ParsedJson } from '../documents/json.js';
import { LineIndex, identityOffsets } from '../documents/positions.js';
import { describePath, validateConfig, type GrammarIssue } from '../policy/grammar.js';
import { CONFIG_FILE_NAME, LISTED_CONFIG, LISTED_GIT, unlessFailing, type DirectoryListing } from './files.js';

export type RuleLevel = Level | 'off';

/** A finding accepted on purpose, as one config declares it. */
export interface Suppression {
  rule: string;
  /** Absolute path of the file whose findings it covers (written relative to its config). */
  file: string;
  /** The JSONPath written in the config: the node it covers, and everything inside it. */
  path?: string;
  reason: string;
  /** Last day it applies, YYYY-MM-DD (UTC). */
  expires?: string;
  /** Absolute path of the config that declares it, its index in that config's list, and where it is written. */
  source: string;
  index: number;
  range: SourceRange;
}

/** Where a value was written: the config file (absolute) and the position there. */
export interface ValueSource {
  file: string;
  range: SourceRange;
}

/**
 * The configuration a directory's setup sees: the configs of the cascade merged. `params` per key,
 * `rules` per rule id, `documents` per file, `maxFileSize` whole, the nearer config winning;
 * suppressions add up, each keeping the config that declares it.
 */
export interface LintConfig {
  /** The nearest config (absolute path): setup-wide findings point at it. */
  file: string;
  /** Every config merged, outermost first. */
  files: readonly string[];
  params: Partial<PipelineParams>;
  rules: Readonly<Record<string, RuleLevel>>;
  /** Kinds by absolute file path. */
  documents: ReadonlyMap<string, ConfiguredKind>;
  maxFileSize?: number;
  suppressions: readonly Suppression[];
  /** Where each value above was written (for findings about a parameter, and --print-config). */
  sources: {
    params: Partial<Record<keyof PipelineParams, ValueSource>>;
    rules: Readonly<Record<string, ValueSource>>;
    documents: ReadonlyMap<string, ValueSource>;
    maxFileSize?: ValueSource;
  };
}

export type ConfigOutcome = { ok: true; config: LintConfig } | { ok: false; message: string };

/** What a config file's values are checked against beyond its JSON Schema. */
export interface ConfigContext {
  /** The rule ids that exist: `rules` and `suppressions` may name no other. */
  ruleIds: ReadonlySet<string>;
}

/** One config file on its own (not merged), as parsed. */
interface ConfigFile {
  config: LintConfig;
  root: boolean;
}

type FileOutcome = { ok: true; file: ConfigFile } | { ok: false; message: string };

/** An explicit config (--config): used alone, for every setup; `root` has nothing to stop. */
export async function loadConfig(file: string, context: ConfigContext): Promise<ConfigOutcome> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Invalid config ${file}: ${reason}` };
  }
  const parsed = parseConfig(file, text, context);
  return parsed.ok ? { ok: true, config: parsed.file.config } : parsed;
}

/** A config file's text → its values with their positions, or what is wrong with it (file, line, column, key and what is expected). */
function parseConfig(file: string, text: string, context: ConfigContext): FileOutcome {
  const parsed = parseJson(text, new LineIndex(text), identityOffsets);
  if (!parsed.ok || parsed.problems.length > 0) {
    const problem = parsed.problems[0]!;
    return { ok: false, message: `Invalid config ${file}:${problem.range.line}:${problem.range.column}: ${problem.message}` };
  }
  const value = parsed.json.value;
  const schemaIssues = validateConfig(value);
  const issues = schemaIssues.length > 0 ? schemaIssues : semanticIssues(value as RawConfig, context);
  if (issues.length > 0) return { ok: false, message: `Invalid config ${file}:\n${issueLines(parsed.json, issues).join('\n')}` };
  return { ok: true, file: configOf(file, value as RawConfig, parsed.json) };
}

/**
 * Each issue of a JSON file as a line of an error message: its line and column, then what is wrong with which key.
 * @internal Left out of the published types: its parameter is the parser's tree, whose package is not installed with mp-s3-lint.
 */
export function issueLines(json: ParsedJson, issues: readonly GrammarIssue[]): string[] {
  return issues.map((issue) => {
    const at = json.locate(issue.path);
    return `  ${at.line}:${at.column}  ${issue.message}`;
  });
}

interface RawSuppression {
  rule: string;
  file: string;
  path?: string;
  reason: string;
  expires?: string;
}

type RawConfig = Partial<PipelineParams> & {
  $schema?: string;
  root?: boolean;
  rules?: Record<string, RuleLevel>;
  documents?: Record<string, ConfiguredKind>;
  maxFileSize?: number;
  suppressions?: RawSuppression[];
};

/** A path as the report writes it (src/engine/run.ts formatJsonPath): `$`, then `.name`, `[0]` or `['any name']` steps. */
const JSON_PATH = /^\$(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\['(?:[^'\\]|\\.)*'\])*$/;

/** What the schema cannot say: rule ids that exist, calendar dates, JSONPaths the report could write. */
function semanticIssues(raw: RawConfig, context: ConfigContext): GrammarIssue[] {
  const issues: GrammarIssue[] = [];
  const unknownRule = (id: string) => `is not a rule of this version of mp-s3-lint (${id}); 'mp-s3-lint --list-rules' lists them`;
  for (const id of Object.keys(raw.rules ?? {})) {
    if (!context.ruleIds.has(id)) issues.push({ path: ['rules', id], message: `${describePath(['rules', id], 'The config')} ${unknownRule(id)}.` });
  }
  (raw.suppressions ?? []).forEach((suppression, index) => {
    const at = (key: string) => ['suppressions', index, key];
    const where = (key: string) => describePath(at(key), 'The config');
    if (!context.ruleIds.has(suppression.rule)) issues.push({ path: at('rule'), message: `${where('rule')} ${unknownRule(suppression.rule)}.` });
    if (suppression.expires !== undefined && !isCalendarDate(suppression.expires)) {
      issues.push({ path: at('expires'), message: `${where('expires')} must be a date YYYY-MM-DD that exists; found ${JSON.stringify(suppression.expires)}.` });
    }
    if (suppression.path !== undefined && !JSON_PATH.test(suppression.path)) {
      issues.push({ path: at('path'), message: `${where('path')} must be a JSONPath as the report shows it (e.g. "$.Statement[0].Principal"); found ${JSON.stringify(suppression.path)}.` });
    }
  });
  return issues;
}

/** YYYY-MM-DD naming a day of the Gregorian calendar (2027-02-30 does not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

function configOf(file: string, raw: RawConfig, json: ParsedJson): ConfigFile {
  const directory = path.dirname(file);
  const { rules = {}, documents = {}, maxFileSize, suppressions = [], root = false, $schema: _schema, ...params } = raw;
  const at = (...keys: (string | number)[]): ValueSource => ({ file, range: json.locate(keys) });
  const documentEntries = Object.entries(documents).map(([name, kind]) => [path.resolve(directory, name), kind, at('documents', name)] as const);
  return {
    root,
    config: {
      file,
      files: [file],
      params,
      rules,
      documents: new Map(documentEntries.map(([absolute, kind]) => [absolute, kind])),
      ...(maxFileSize === undefined ? {} : { maxFileSize }),
      suppressions: suppressions.map((s, index) => ({
        rule: s.rule,
        file: path.resolve(directory, s.file),
        ...(s.path === undefined ? {} : { path: s.path }),
        reason: s.reason.trim(),
        ...(s.expires === undefined ? {} : { expires: s.expires }),
        source: file,
        index,
        range: json.locate(['suppressions', index]),
      })),
      sources: {
        params: Object.fromEntries(Object.keys(params).map((name) => [name, at(name)])),
        rules: Object.fromEntries(Object.keys(rules).map((id) => [id, at('rules', id)])),
        documents: new Map(documentEntries.map(([absolute, , source]) => [absolute, source])),
        ...(maxFileSize === undefined ? {} : { maxFileSize: at('maxFileSize') }),
      },
    },
  };
}

/** `nearer` laid over `outer`: each key the nearer config writes wins; suppressions add up. */
function mergeConfigs(outer: LintConfig, nearer: LintConfig): LintConfig {
  const maxFileSize = nearer.maxFileSize ?? outer.maxFileSize;
  const maxFileSizeSource = nearer.sources.maxFileSize ?? outer.sources.maxFileSize;
  return {
    file: nearer.file,
    files: [...outer.files, ...nearer.files],
    params: { ...outer.params, ...nearer.params },
    rules: { ...outer.rules, ...nearer.rules },
    documents: new Map([...outer.documents, ...nearer.documents]),
    ...(maxFileSize === undefined ? {} : { maxFileSize }),
    suppressions: [...outer.suppressions, ...nearer.suppressions],
    sources: {
      params: { ...outer.sources.params, ...nearer.sources.params },
      rules: { ...outer.sources.rules, ...nearer.sources.rules },
      documents: new Map([...outer.sources.documents, ...nearer.sources.documents]),
      ...(maxFileSizeSource === undefined ? {} : { maxFileSize: maxFileSizeSource }),
    },
  };
}

/**
 * Directories whose answer is remembered. Setups are checked in the order of the walk, so the
 * directories asked about next are the recent ones and their parents; a cache of every directory
 * held ~60 MB by the end of a 100,000-document run (bench/RESULTS.md).
 */
const REMEMBERED_DIRECTORIES = 1_000;

/**
 * The merged configuration of each directory: its parent's merge plus its own config file, remembered
 * for the directories used last, so a 100,000-file run reads and merges each config once per stretch
 * of the walk. The cascade stops at a config with `"root": true` and at the repository root (the
 * directory holding `.git`): configs outside the repository never leak in.
 */
export class ConfigFinder {
  private readonly cache = new Map<string, Promise<ConfigOutcome | undefined>>();

  constructor(
    private readonly context: ConfigContext,
    private readonly listing: DirectoryListing = new Map(),
  ) {}

  find(directory: string): Promise<ConfigOutcome | undefined> {
    let found = this.cache.get(directory);
    if (found === undefined) found = this.lookUp(directory);
    else this.cache.delete(directory); // set again below: the Map's order is the order of use
    this.cache.set(directory, found);
    if (this.cache.size > REMEMBERED_DIRECTORIES) this.cache.delete(this.cache.keys().next().value!);
    return found;
  }

  private async lookUp(directory: string): Promise<ConfigOutcome | undefined> {
    const candidate = path.join(directory, CONFIG_FILE_NAME);
    // A directory the walk listed is known to hold the file or not: no failed read per directory.
    const listed = this.listing.get(directory);
    const text = listed !== undefined && (listed & LISTED_CONFIG) === 0 ? undefined : unlessFailing(() => readFileSync(candidate, 'utf8'));
    const own = text === undefined ? undefined : parseConfig(candidate, text, this.context);
    if (own !== undefined && !own.ok) return own;
    const parentDirectory = path.dirname(directory);
    const top = own?.file.root === true || parentDirectory === directory || (listed === undefined ? existsSync(path.join(directory, '.git')) : (listed & LISTED_GIT) !== 0);
    const inherited = top ? undefined : await this.find(parentDirectory);
    if (inherited !== undefined && !inherited.ok) return inherited;
    if (own === undefined) return inherited;
    return { ok: true, config: inherited === undefined ? own.file.config : mergeConfigs(inherited.config, own.file.config) };
  }
}

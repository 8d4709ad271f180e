// mp-s3-lint.config.json: pipeline parameters, rule levels and per-file kinds for the setups below it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConfiguredKind, Level, PipelineParams, SourceRange } from '../types.js';
import { parseJson } from '../documents/json.js';
import { LineIndex, identityOffsets } from '../documents/positions.js';
import { validateConfig } from '../policy/grammar.js';
import { CONFIG_FILE_NAME, unlessFailing } from './files.js';

export interface LintConfig {
  /** Absolute path of the config file. */
  file: string;
  params: Partial<PipelineParams>;
  /** Position of each parameter's value in the file. */
  paramRanges: Partial<Record<keyof PipelineParams, SourceRange>>;
  rules: Record<string, Level | 'off'>;
  /** Kinds by absolute file path. */
  documents: Map<string, ConfiguredKind>;
  maxFileSize?: number;
}

export type ConfigOutcome = { ok: true; config: LintConfig } | { ok: false; message: string };

export async function loadConfig(file: string): Promise<ConfigOutcome> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Invalid config ${file}: ${reason}` };
  }
  return parseConfig(file, text);
}

/** A config file's text → its parameters, rule levels and kinds, or what is wrong with it. */
function parseConfig(file: string, text: string): ConfigOutcome {
  const parsed = parseJson(text, new LineIndex(text), identityOffsets);
  if (!parsed.ok || parsed.problems.length > 0) {
    const problem = parsed.problems[0]!;
    return { ok: false, message: `Invalid config ${file}:${problem.range.line}:${problem.range.column}: ${problem.message}` };
  }
  const value = parsed.json.value;
  const issues = validateConfig(value);
  if (issues.length > 0) {
    return { ok: false, message: `Invalid config ${file}:\n${issues.map((issue) => `  ${issue.message}`).join('\n')}` };
  }
  const raw = value as Record<string, unknown>;
  const directory = path.dirname(file);
  const { rules = {}, documents = {}, maxFileSize, $schema: _schema, ...params } = raw as {
    rules?: Record<string, Level | 'off'>;
    documents?: Record<string, ConfiguredKind>;
    maxFileSize?: number;
    $schema?: string;
  } & Partial<PipelineParams>;
  return {
    ok: true,
    config: {
      file,
      params,
      paramRanges: Object.fromEntries(Object.keys(params).map((name) => [name, parsed.json.locate([name])])),
      rules,
      documents: new Map(Object.entries(documents).map(([name, kind]) => [path.resolve(directory, name), kind])),
      maxFileSize,
    },
  };
}

/**
 * Directories whose answer is remembered. Setups are checked in the order of the walk, so the
 * directories asked about next are the recent ones and their parents; a cache of every directory
 * held ~60 MB by the end of a 100,000-document run (bench/RESULTS.md).
 */
const REMEMBERED_DIRECTORIES = 1_000;

/** Finds the nearest mp-s3-lint.config.json at or above `directory`, remembering the answers for the directories used last. */
export class ConfigFinder {
  private readonly cache = new Map<string, Promise<ConfigOutcome | undefined>>();

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
    const text = unlessFailing(() => readFileSync(candidate, 'utf8'));
    if (text !== undefined) return parseConfig(candidate, text);
    const parent = path.dirname(directory);
    return parent === directory ? undefined : this.find(parent);
  }
}

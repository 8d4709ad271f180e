// The library entry point: lint(options) → Report. The CLI only parses arguments, prints and exits.
import path from 'node:path';
import type { Finding, PipelineParams, Report, SourceResult } from './types.js';
import type { Rule } from './engine/rule.js';
import { runRules } from './engine/run.js';
import { assembleSetup } from './setup/assemble.js';
import type { Setup } from './setup/setup.js';
import { ConfigFinder, loadConfig, type LintConfig } from './sources/config.js';
import { DEFAULT_MAX_FILE_SIZE, displayPath, readSourceFile, walkPaths } from './sources/files.js';
import { allRules } from '../rules/index.js';

export interface LintOptions {
  paths: readonly string[];
  cwd?: string;
  /** Pipeline parameters from the command line; they override every config file. */
  params?: Partial<PipelineParams>;
  /** An explicit config file: used for every setup instead of the nearest mp-s3-lint.config.json. */
  configFile?: string;
  /** File name endings to read when walking directories (default `.json`). */
  extensions?: readonly string[];
  /** Report errors only. */
  quiet?: boolean;
  rules?: readonly Rule[];
}

/** Bad usage or configuration: the CLI prints the message and exits 2. */
export class UsageError extends Error {}

export async function lint(options: LintOptions): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const explicitConfig = options.configFile === undefined ? undefined : await requireConfig(path.resolve(cwd, options.configFile));
  const finder = new ConfigFinder();
  const configFor = async (directory: string): Promise<LintConfig | undefined> => {
    if (explicitConfig !== undefined) return explicitConfig;
    const outcome = await finder.find(directory);
    if (outcome !== undefined && !outcome.ok) throw new UsageError(outcome.message);
    return outcome?.config;
  };

  const walked = await walkPaths(options.paths, { extensions: options.extensions ?? ['.json'], cwd });
  const groups = new Map<string, SourceResult[]>();
  const addToGroup = (absoluteDirectory: string, source: SourceResult) => groups.set(absoluteDirectory, [...(groups.get(absoluteDirectory) ?? []), source]);
  for (const file of walked.files) {
    const config = await configFor(path.dirname(file.absolute));
    const source = await readSourceFile(file, config?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, config?.documents.get(file.absolute));
    addToGroup(path.dirname(file.absolute), source);
  }
  for (const source of [...walked.failures, ...walked.skipped]) addToGroup(path.dirname(path.resolve(cwd, source.file)), source);

  const setups: Setup[] = [];
  for (const [directory, sources] of groups) {
    const config = await configFor(directory);
    setups.push(
      assembleSetup({
        directory: displayPath(directory, cwd),
        sources,
        params: mergeParams(config?.params, options.params),
        configFile: config === undefined ? undefined : displayPath(config.file, cwd),
        paramRanges: Object.fromEntries(Object.entries(config?.paramRanges ?? {}).filter(([name]) => (options.params as Record<string, unknown> | undefined)?.[name] === undefined)),
        ruleLevels: config?.rules ?? {},
      }),
    );
  }
  return lintSetups(setups, { rules: options.rules, quiet: options.quiet, inputFailure: walked.failures.some((f) => f.unreadable) });
}

/** Runs the rules over assembled setups (file mode and live mode share this). */
export function lintSetups(setups: readonly Setup[], options: { rules?: readonly Rule[]; quiet?: boolean; inputFailure?: boolean }): Report {
  const all = runRules(setups, options.rules ?? allRules);
  const findings = options.quiet ? all.filter((f) => f.level === 'error') : all;
  const files = new Set(setups.flatMap((setup) => setup.sources.map((source) => source.file)));
  return {
    findings,
    summary: summarize(findings, files.size),
    inputFailure: (options.inputFailure ?? false) || setups.some((setup) => setup.sources.some((source) => source.unreadable)),
  };
}

export function mergeParams(fromConfig: Partial<PipelineParams> | undefined, fromCli: Partial<PipelineParams> | undefined): PipelineParams {
  const defined = Object.fromEntries(Object.entries(fromCli ?? {}).filter(([, value]) => value !== undefined));
  return { encryption: 'none', ...fromConfig, ...defined };
}

function summarize(findings: readonly Finding[], files: number): Report['summary'] {
  const count = (level: Finding['level']) => findings.filter((f) => f.level === level).length;
  return { errors: count('error'), warnings: count('warning'), notes: count('note'), files };
}

async function requireConfig(file: string): Promise<LintConfig> {
  const outcome = await loadConfig(file);
  if (!outcome.ok) throw new UsageError(outcome.message);
  return outcome.config;
}

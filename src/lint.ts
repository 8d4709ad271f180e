// The library entry point: lint(options) → Report. The CLI only parses arguments, prints and exits.
import path from 'node:path';
import type { Finding, PipelineParams, Report, SourceResult } from './types.js';
import type { Rule } from './engine/rule.js';
import { runRules, sortFindings } from './engine/run.js';
import { assembleSetup } from './setup/assemble.js';
import type { Setup } from './setup/setup.js';
import { ConfigFinder, loadConfig, type LintConfig } from './sources/config.js';
import { DEFAULT_EXTENSIONS, DEFAULT_MAX_FILE_SIZE, displayPath, readSourceFile, walkPaths, type FoundFile, type WalkResult } from './sources/files.js';
import { allRules } from '../rules/index.js';
import type { HeapCeiling } from './heap.js';

export interface LintOptions {
  paths: readonly string[];
  cwd?: string;
  /** Pipeline parameters from the command line; they override every config file. */
  params?: Partial<PipelineParams>;
  /** An explicit config file: used for every setup instead of the nearest mp-s3-lint.config.json. */
  configFile?: string;
  /** File name endings to read when walking directories (default DEFAULT_EXTENSIONS: `.json`, `.yaml`, `.yml`, `.template`). */
  extensions?: readonly string[];
  /** Report errors only. */
  quiet?: boolean;
  rules?: readonly Rule[];
  /** Pass over files and directories that .gitignore files ignore (default true). */
  gitignore?: boolean;
  /**
   * Full garbage collections between setups when the heap passes a ceiling (src/heap.ts). The CLI
   * passes one; a library caller's process is left to V8 unless it does.
   */
  heap?: HeapCeiling;
  /** The time of the check: aws:CurrentTime of Mixpanel's requests (default: now). */
  now?: Date;
}

/** Bad usage or configuration: the CLI prints the message and exits 2. */
export class UsageError extends Error {}

/**
 * The config of a directory: the explicit `configFile` (relative to cwd) for every directory, else the
 * nearest mp-s3-lint.config.json at or above it. An invalid config is a UsageError (exit 2).
 */
export async function configResolver(cwd: string, configFile: string | undefined): Promise<(directory: string) => Promise<LintConfig | undefined>> {
  if (configFile !== undefined) {
    const outcome = await loadConfig(path.resolve(cwd, configFile));
    if (!outcome.ok) throw new UsageError(outcome.message);
    return async () => outcome.config;
  }
  const finder = new ConfigFinder();
  return async (directory) => {
    const outcome = await finder.find(directory);
    if (outcome !== undefined && !outcome.ok) throw new UsageError(outcome.message);
    return outcome?.config;
  };
}

export async function lint(options: LintOptions): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const configFor = await configResolver(cwd, options.configFile);
  const rules = options.rules ?? allRules;
  const heap = options.heap;
  const walked = walkPaths(options.paths, { extensions: options.extensions ?? DEFAULT_EXTENSIONS, cwd, gitignore: options.gitignore });
  const report = new ReportBuilder({ quiet: options.quiet, inputFailure: walked.failures.some((f) => f.unreadable) });
  // Taken from the end of the reversed list, so each group is let go once checked (memory at 100,000 files).
  const groups = groupByDirectory(walked, cwd).reverse();
  walked.files.length = 0;
  heap?.betweenPhases();
  for (let group = groups.pop(); group !== undefined; group = groups.pop()) {
    const config = await configFor(group.directory);
    const params = mergeParams(config?.params, options.params);
    const sources: SourceResult[] = [];
    for (const file of group.files) sources.push(readSourceFile(file, config?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, config?.documents.get(file.absolute), params));
    const setup = assembleSetup({
      directory: displayPath(group.directory, cwd),
      sources: [...sources, ...group.passedOver],
      params,
      configFile: config === undefined ? undefined : displayPath(config.file, cwd),
      paramRanges: Object.fromEntries(Object.entries(config?.paramRanges ?? {}).filter(([name]) => (options.params as Record<string, unknown> | undefined)?.[name] === undefined)),
      ruleLevels: config?.rules ?? {},
      now: options.now?.getTime(),
    });
    report.add(checkSetup(setup, rules));
    heap?.afterSetup();
  }
  heap?.betweenPhases();
  return report.build();
}

/** One directory's files and the inputs passed over in it: one setup. */
interface SetupGroup {
  /** Absolute path. */
  directory: string;
  files: FoundFile[];
  passedOver: SourceResult[];
}

/**
 * Files grouped by folder, in the order they were found. One setup is checked at a time: its files
 * are read, checked and released before the next folder's, so memory holds one setup's documents
 * and everyone's findings, never every file at once.
 */
function groupByDirectory(walked: WalkResult, cwd: string): SetupGroup[] {
  const groups = new Map<string, SetupGroup>();
  const groupOf = (directory: string) => {
    let group = groups.get(directory);
    if (group === undefined) groups.set(directory, (group = { directory, files: [], passedOver: [] }));
    return group;
  };
  for (const file of walked.files) groupOf(path.dirname(file.absolute)).files.push(file);
  for (const source of [...walked.failures, ...walked.skipped]) groupOf(path.dirname(path.resolve(cwd, source.file))).passedOver.push(source);
  return [...groups.values()];
}

/** What checking a setup leaves: its findings and what the summary needs. */
interface CheckedSetup {
  findings: Finding[];
  files: string[];
  inputFailure: boolean;
}

function checkSetup(setup: Setup, rules: readonly Rule[]): CheckedSetup {
  return {
    findings: runRules([setup], rules),
    files: setup.sources.map((source) => source.file),
    inputFailure: setup.sources.some((source) => source.unreadable === true),
  };
}

interface CheckOptions {
  rules?: readonly Rule[];
  quiet?: boolean;
  inputFailure?: boolean;
}

/** Collects the findings of setups checked one by one, keeping only them and what the summary needs. */
class ReportBuilder {
  private readonly findings: Finding[] = [];
  private readonly files = new Set<string>();
  private inputFailure: boolean;

  constructor(private readonly options: CheckOptions) {
    this.inputFailure = options.inputFailure ?? false;
  }

  add(checked: CheckedSetup): void {
    for (const finding of checked.findings) this.findings.push(finding);
    for (const file of checked.files) this.files.add(file);
    this.inputFailure ||= checked.inputFailure;
  }

  build(): Report {
    const findings = sortFindings(this.findings);
    const report: Report = { findings, summary: summarize(findings, this.files.size), inputFailure: this.inputFailure };
    return this.options.quiet ? errorsOnly(report) : report;
  }
}

/** Runs the rules over assembled setups (file mode and live mode share this). */
export function lintSetups(setups: readonly Setup[], options: CheckOptions): Report {
  const report = new ReportBuilder(options);
  for (const setup of setups) report.add(checkSetup(setup, options.rules ?? allRules));
  return report.build();
}

/** The report as --quiet shows it: errors only, counted again. */
export function errorsOnly(report: Report): Report {
  const findings = report.findings.filter((f) => f.level === 'error');
  return { ...report, findings, summary: summarize(findings, report.summary.files) };
}

export function mergeParams(fromConfig: Partial<PipelineParams> | undefined, fromCli: Partial<PipelineParams> | undefined): PipelineParams {
  const defined = Object.fromEntries(Object.entries(fromCli ?? {}).filter(([, value]) => value !== undefined));
  return { encryption: 'none', ...fromConfig, ...defined };
}

function summarize(findings: readonly Finding[], files: number): Report['summary'] {
  const count = (level: Finding['level']) => findings.filter((f) => f.level === level).length;
  return { errors: count('error'), warnings: count('warning'), notes: count('note'), files };
}

// The library entry point: lint(options) → Report. The CLI only parses arguments, prints and exits.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { CheckedSetup, Finding, InputProblemCode, PipelineParams, Report, SourceResult } from './types.js';
import { readDocuments } from './documents/read.js';
import type { Rule } from './engine/rule.js';
import { levelFor, rulesRun, runRules, runRunRule, sortFindings } from './engine/run.js';
import { SuppressionLedger } from './engine/suppress.js';
import { summarize } from './engine/summary.js';
import { VerdictBuilder, verdictPart, type VerdictPart } from './engine/verdict.js';
import { assembleSetup } from './setup/assemble.js';
import { playsExportPart } from './setup/relevance.js';
import type { Setup } from './setup/setup.js';
import { ConfigFinder, loadConfig, type ConfigContext, type LintConfig, type RuleLevel } from './sources/config.js';
import { DEFAULT_EXTENSIONS, DEFAULT_MAX_FILE_SIZE, displayPath, readSourceFile, walkPaths, type DirectoryListing, type FoundFile, type NamedInput, type WalkOptions, type WalkResult } from './sources/files.js';
import { allRules } from '../rules/index.js';
import type { HeapCeiling } from './heap.js';
import { ResultCache, type CacheOptions } from './result-cache.js';

/** The path that stands for standard input. */
export const STDIN_PATH = '-';
/** How standard input is shown when --stdin-filename does not name it. */
export const STDIN_DISPLAY = '<stdin>';

export interface StdinInput {
  /** Reads standard input: its bytes (at most `limit`; all of them when `size` ≤ `limit`) and the size of the whole input. */
  read(limit: number): Promise<{ bytes: Uint8Array; size: number }>;
  /**
   * --stdin-filename: relative to cwd. The document takes that file's place in its directory's setup (the
   * file on disk, if any, is not read); without it, it is `<stdin>`, a setup of its own at cwd.
   */
  filename?: string;
}

export interface LintOptions {
  /** Files, directories and glob patterns; `-` is standard input (`stdin`). */
  paths: readonly string[];
  cwd?: string;
  /** Pipeline parameters from the command line; they override every config file. */
  params?: Partial<PipelineParams>;
  /** An explicit config file: used for every setup instead of the cascade of mp-s3-lint.config.json files. */
  configFile?: string;
  /** File name endings to read when walking directories (default DEFAULT_EXTENSIONS: `.json`, `.yaml`, `.yml`, `.template`). */
  extensions?: readonly string[];
  /** Report errors only. */
  quiet?: boolean;
  rules?: readonly Rule[];
  /** Pass over files and directories that .gitignore files ignore (default true). */
  gitignore?: boolean;
  /** .gitignore-style patterns relative to cwd (--ignore-pattern): what the walk and globs find is passed over when they match. */
  ignorePatterns?: readonly string[];
  /** Rule levels from the command line (--rule): over every config. */
  ruleLevels?: Readonly<Record<string, RuleLevel>>;
  /** The document of `-` among the paths. */
  stdin?: StdinInput;
  /**
   * Full garbage collections between setups when the heap passes a ceiling (src/heap.ts). The CLI
   * passes one; a library caller's process is left to V8 unless it does.
   */
  heap?: HeapCeiling;
  /** The time of the check: aws:CurrentTime of Mixpanel's requests, and the day (UTC) suppressions' `expires` dates are compared with (default: now). */
  now?: Date;
  /**
   * --cache: remember each setup's result in a file, keyed by a hash of everything it depends on, and
   * reuse it while nothing changed (src/result-cache.ts, README "Caching"). The report is the same
   * either way; `Report.cache` says how many setups were reused.
   */
  cache?: CacheOptions;
}

/** Bad usage or configuration: the CLI prints the message and exits 2. */
export class UsageError extends Error {}

/** What configs are checked against: the ids of the rules this run knows. */
export function configContext(rules: readonly Rule[]): ConfigContext {
  return { ruleIds: new Set(rules.map((rule) => rule.meta.id)) };
}

/**
 * The config of a directory: the explicit `configFile` (relative to cwd) for every directory, else the
 * merged cascade of mp-s3-lint.config.json files down to it. An invalid config is a UsageError (exit 2).
 */
export async function configResolver(cwd: string, configFile: string | undefined, context: ConfigContext, listing?: DirectoryListing): Promise<(directory: string) => Promise<LintConfig | undefined>> {
  if (configFile !== undefined) {
    const outcome = await loadConfig(path.resolve(cwd, configFile), context);
    if (!outcome.ok) throw new UsageError(outcome.message);
    return async () => outcome.config;
  }
  const finder = new ConfigFinder(context, listing);
  return async (directory) => {
    const outcome = await finder.find(directory);
    if (outcome !== undefined && !outcome.ok) throw new UsageError(outcome.message);
    return outcome?.config;
  };
}

const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'note', 'off'];

/** `--rule ID:LEVEL` values → levels by rule id; a malformed value or an unknown rule is a UsageError naming it and what is expected. */
export function parseRuleOptions(values: readonly string[], rules: readonly Rule[] = allRules): Record<string, RuleLevel> {
  const known = configContext(rules).ruleIds;
  const levels: Record<string, RuleLevel> = {};
  for (const value of values) {
    const match = /^\s*([^:\s]+)\s*:\s*([^:\s]+)\s*$/.exec(value);
    if (match === null) throw new UsageError(`--rule ${JSON.stringify(value)}: expected ID:LEVEL, e.g. --rule MP105:off`);
    const [, id, level] = match as unknown as [string, string, string];
    if (!known.has(id)) throw new UsageError(`--rule ${value}: ${id} is not a rule of this version of mp-s3-lint; 'mp-s3-lint --list-rules' lists them`);
    if (!(LEVELS as readonly string[]).includes(level)) throw new UsageError(`--rule ${value}: the level must be one of ${LEVELS.join(', ')}`);
    levels[id] = level as RuleLevel;
  }
  return levels;
}

/**
 * A run reads what the paths name. Nothing to check is a usage error (exit code 2, `Report.nothingToCheck`),
 * never a pass: a path named on the command line under which no policy document was found, or a run
 * that read no document at all.
 */
export async function lint(options: LintOptions): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const rules = options.rules ?? allRules;
  const context = configContext(rules);
  const unknownRule = Object.keys(options.ruleLevels ?? {}).find((id) => !context.ruleIds.has(id));
  if (unknownRule !== undefined) throw new UsageError(`--rule ${unknownRule}: not a rule of this version of mp-s3-lint; 'mp-s3-lint --list-rules' lists them`);
  const listing: DirectoryListing = new Map();
  const configFor = await configResolver(cwd, options.configFile, context, listing);
  const heap = options.heap;
  const walkOptions: WalkOptions = { extensions: options.extensions ?? DEFAULT_EXTENSIONS, cwd, gitignore: options.gitignore, ignorePatterns: options.ignorePatterns, listing };
  const fromStdin = options.paths.filter((input) => input === STDIN_PATH).length;
  if (fromStdin > 1) throw new UsageError(`'${STDIN_PATH}' (standard input) can be given once`);
  if (fromStdin === 1 && options.stdin === undefined) throw new UsageError(`'${STDIN_PATH}' reads standard input, and there is none`);
  if (fromStdin === 0 && options.stdin?.filename !== undefined) throw new UsageError(`--stdin-filename names the document read from standard input: give '${STDIN_PATH}' among the paths`);
  const cache = options.cache === undefined ? undefined : ResultCache.open(options.cache, { cwd, rules, params: options.params, ruleLevels: options.ruleLevels, quiet: options.quiet, walk: walkOptions, configFile: options.configFile });
  const walked = walkPaths(
    options.paths.filter((input) => input !== STDIN_PATH),
    walkOptions,
  );
  // The cache file is never one of the files checked, whatever its name (unless named outright).
  if (cache !== undefined) walked.files = walked.files.filter((file) => file.explicit || file.absolute !== cache.file);
  const stdinGroup = fromStdin === 1 ? await placeStdin(options.stdin!, walked, walkOptions, configFor) : undefined;
  const report = new ReportBuilder({ rules, quiet: options.quiet, inputFailure: walked.failures.some((f) => f.unreadable) });
  const tally = new InputTally(walked.inputs);
  const ledger = new SuppressionLedger(options.now ?? new Date(), cwd, (absolute) => displayPath(absolute, cwd));
  // Taken from the end of the reversed list, so each group is let go once checked (memory at 100,000 files).
  const groups = groupByDirectory(walked, cwd).reverse();
  if (stdinGroup !== undefined) groups.push(stdinGroup);
  walked.files.length = 0;
  heap?.betweenPhases();
  const namedDirectories = new Set(walked.inputs.filter((input) => input.isDirectory).map((input) => path.resolve(cwd, input.display)));
  for (let group = groups.pop(); group !== undefined; group = groups.pop()) {
    const config = await configFor(group.directory);
    const params = mergeParams(config?.params, options.params);
    const entry = cache?.lookUp(group, { config, params, named: namedDirectories.has(group.directory), now: options.now?.getTime() ?? Date.now() });
    let outcome = entry?.outcome;
    if (outcome === undefined) {
      const checked = checkGroup(group, config, params, options, cwd, walked.inputs, report, entry?.contents);
      outcome = checked.outcome;
      // Stored before the suppressions mark the findings: they are applied afresh on every run.
      if (entry !== undefined) cache!.store(entry, outcome, checked.setup);
    }
    const part = recordGroup(outcome, group, report, tally);
    if (part === undefined) continue;
    ledger.apply(part.findings, config?.suppressions ?? [], placesFor(part.files, config === undefined ? undefined : displayPath(config.file, cwd), group.directory, cwd));
    heap?.afterSetup();
  }
  await reportSuppressions(report, ledger, async (source) => ({ ...(await configFor(path.dirname(source)))?.rules, ...options.ruleLevels }));
  heap?.betweenPhases();
  const built = report.build(tally.nothingToCheck(walkOptions.extensions));
  return cache === undefined ? built : { ...built, cache: cache.close() };
}

/** What reading a group's files and checking its setup gave, whether computed now or taken from the cache. */
export interface GroupOutcome {
  /** Per file of the group, in order: what the input tally and the summary count. */
  reads: FileRead[];
  /** `none`: no file holds anything to check; `passed-over`: its files are nothing of an export setup. */
  result: { kind: 'none' } | { kind: 'passed-over'; files: number } | { kind: 'checked'; part: CheckedPart };
}

/** One file as the input tally sees it. */
export interface FileRead {
  documents: number;
  /** It may hold a policy but could not be read (READ_FAILURES). */
  readFailure: boolean;
  /** It holds facts (get-bucket-encryption, describe-key). */
  facts: boolean;
  unreadable: boolean;
  /** It holds nothing to check: passed over, counted. */
  notPolicy: boolean;
}

function fileRead(source: SourceResult): FileRead {
  return {
    documents: source.documents.length,
    readFailure: source.problems.some((p) => READ_FAILURES.has(p.code)),
    facts: source.facts !== undefined,
    unreadable: source.unreadable === true,
    notPolicy: source.notPolicy === true,
  };
}

/**
 * Reads a group's files (from `contents` when the cache read them already), assembles its setup, and
 * runs the rules when it is an export setup. Nothing is recorded in the report yet (recordGroup).
 */
function checkGroup(
  group: SetupGroup,
  config: LintConfig | undefined,
  params: PipelineParams,
  options: LintOptions,
  cwd: string,
  inputs: readonly NamedInput[],
  report: ReportBuilder,
  contents: ReadonlyMap<FoundFile, Uint8Array> | undefined,
): { outcome: GroupOutcome; setup?: Setup } {
  const reads: FileRead[] = [];
  const sources: SourceResult[] = [];
  for (const file of group.files) {
    const kindOverride = config?.documents.get(file.absolute);
    const bytes = contents?.get(file);
    // What readSourceFile does with the bytes it reads (src/sources/files.ts).
    const source = bytes === undefined ? readSourceFile(file, config?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, kindOverride, params) : readDocuments(file.display, bytes, { kindOverride, params, named: file.explicit });
    reads.push(fileRead(source));
    // A file that holds nothing to check is counted, not kept.
    if (source.notPolicy !== true) sources.push(source);
  }
  if (sources.length === 0 && group.passedOver.length === 0) return { outcome: { reads, result: { kind: 'none' } } };
  const setup = assembleSetup({
    directory: group.label ?? displayPath(group.directory, cwd),
    sources: [...sources, ...group.passedOver],
    params,
    configFile: config === undefined ? undefined : displayPath(config.file, cwd),
    paramSources: paramSourcesOf(config, options.params, cwd),
    ruleLevels: { ...config?.rules, ...options.ruleLevels },
    now: options.now?.getTime(),
  });
  if (!isDeclaredSetup(group, config, inputs, cwd, setup) && !playsExportPart(setup, params.role)) {
    // Nothing to the export: its files are counted, never reported.
    return { outcome: { reads, result: { kind: 'passed-over', files: sources.length + group.passedOver.length } }, setup };
  }
  return { outcome: { reads, result: { kind: 'checked', part: report.evaluate(setup) } }, setup };
}

/** Records a group's outcome in the tally and the report; returns the checked setup's part, for the suppressions. */
function recordGroup(outcome: GroupOutcome, group: SetupGroup, report: ReportBuilder, tally: InputTally): CheckedPart | undefined {
  outcome.reads.forEach((read, index) => {
    tally.add(group.files[index]!.inputs ?? [], read);
    if (read.notPolicy) report.passOver();
  });
  switch (outcome.result.kind) {
    case 'none':
      return undefined;
    case 'passed-over':
      report.passOver(outcome.result.files);
      return undefined;
    case 'checked':
      report.record(outcome.result.part);
      return outcome.result.part;
  }
}

/**
 * A folder declared an export setup whatever its documents: its own config gives pipeline
 * parameters, a file in it (or the folder itself, holding something to report) is named on the
 * command line, or it is standard input's.
 */
function isDeclaredSetup(group: SetupGroup, config: LintConfig | undefined, inputs: readonly NamedInput[], cwd: string, setup: Setup): boolean {
  if (group.label !== undefined || group.files.some((file) => file.explicit) || group.passedOver.some((source) => source.unreadable === true)) return true;
  const ownConfig = Object.values(config?.sources.params ?? {}).some((source) => source !== undefined && path.dirname(source.file) === group.directory);
  if (ownConfig) return true;
  const named = inputs.some((input) => input.isDirectory && path.resolve(cwd, input.display) === group.directory);
  return named && (setup.documents.length > 0 || setup.sources.some((source) => source.problems.length > 0));
}

/** Codes of a file that may hold a policy but could not be read: it is reported (an error), so the path it is under is not empty. */
const READ_FAILURES = new Set<InputProblemCode>(['unreadable', 'too-large', 'not-text', 'invalid-json', 'invalid-yaml', 'embedded-policy-invalid']);

/** What was found under each path named on the command line, for the "nothing to check" usage error. */
class InputTally {
  private readonly found: { files: number; checked: boolean; failed: boolean }[];
  /** Documents read, and files that may hold one but could not be read (reported as errors). */
  private documents = 0;
  private readFailures = 0;

  constructor(private readonly inputs: readonly NamedInput[]) {
    this.found = inputs.map((input) => ({ files: 0, checked: false, failed: input.unreadable }));
  }

  add(inputs: readonly number[], read: FileRead): void {
    this.documents += read.documents;
    if (read.readFailure) this.readFailures++;
    const checked = read.documents > 0 || read.facts || read.readFailure;
    for (const index of inputs) {
      const found = this.found[index]!;
      found.files++;
      found.checked ||= checked;
      found.failed ||= read.unreadable;
    }
  }

  /** One sentence per named path with nothing to check under it, or one for a run that read no document. */
  nothingToCheck(extensions: readonly string[]): string[] {
    const messages = this.inputs.flatMap((input, index) => {
      const { files, checked, failed } = this.found[index]!;
      if (checked || failed) return [];
      return [nothingUnder(input, files, extensions)];
    });
    // A file that failed to parse is an error finding already (exit code 1): the run does not pass.
    if (messages.length === 0 && this.documents === 0 && this.readFailures === 0 && !this.found.some((f) => f.failed)) messages.push(NO_DOCUMENT);
    return messages;
  }
}

const NO_DOCUMENT = 'nothing to check: no policy document was read, so nothing was checked.';
const NO_SETUP =
  'nothing to check: no export setup was found. A folder is one when its mp-s3-lint.config.json gives the pipeline parameters, when it is named on the command line with parameters given, or when it holds a role that trusts Mixpanel (or the role --role names) or the policy of the bucket --bucket names.';
const WHAT_IS_READ = 'a policy, an AWS CLI output that holds one (aws iam get-role, get-role-policy, get-policy-version, get-account-authorization-details, aws s3api get-bucket-policy, aws kms get-key-policy; JSON or YAML), a CloudFormation template or a Terraform plan';

function nothingUnder(input: NamedInput, files: number, extensions: readonly string[]): string {
  if (!input.isDirectory) return `nothing to check in ${input.display}: it holds no policy document (looked for ${WHAT_IS_READ}).`;
  const read = files === 0 ? `no file ending in ${extensions.join(', ')} was found under it` : `${files} ${files === 1 ? 'file' : 'files'} ending in ${extensions.join(', ')} ${files === 1 ? 'was' : 'were'} read and none holds ${WHAT_IS_READ}`;
  const ignored = input.ignored === 0 ? '' : `; ${input.ignored} ${input.ignored === 1 ? 'entry under it is' : 'entries under it are'} ignored by .gitignore or --ignore-pattern (--no-gitignore reads what .gitignore ignores)`;
  return `nothing to check under ${input.display}: no policy document was found (${read}${ignored}).`;
}

/** Where each parameter from the configs is written (display path and position); a parameter the command line gives has none. */
export function paramSourcesOf(config: LintConfig | undefined, fromCli: Partial<PipelineParams> | undefined, cwd: string): Setup['paramSources'] {
  const sources: Setup['paramSources'] = {};
  const written = config?.sources.params ?? {};
  for (const name of Object.keys(written) as (keyof PipelineParams)[]) {
    const source = written[name]!;
    if (fromCli?.[name] === undefined) sources[name] = { file: displayPath(source.file, cwd), range: source.range };
  }
  return sources;
}

/** The absolute paths a setup's findings can point at: its files, its nearest config and its directory. */
export function placesOf(setup: Setup, directory: string, cwd: string): Set<string> {
  return placesFor(
    setup.sources.map((source) => source.file),
    setup.configFile,
    directory,
    cwd,
  );
}

/** placesOf from a setup's files and config file (display paths). */
function placesFor(files: readonly string[], configFile: string | undefined, directory: string, cwd: string): Set<string> {
  const places = new Set(files.map((file) => path.resolve(cwd, file)));
  if (configFile !== undefined) places.add(path.resolve(cwd, configFile));
  places.add(directory);
  return places;
}

/**
 * Findings of the rules about the run as a whole (MP040: suppressions that expired or match nothing),
 * once every setup was checked; each at the level the declaring config's cascade (and --rule) gives.
 */
export async function reportSuppressions(report: ReportBuilder, ledger: SuppressionLedger, levelsFor: (configFile: string) => Promise<Readonly<Record<string, RuleLevel>>>): Promise<void> {
  const bySource = new Map<string, ReturnType<SuppressionLedger['statuses']>>();
  for (const status of ledger.statuses()) bySource.set(status.suppression.source, [...(bySource.get(status.suppression.source) ?? []), status]);
  for (const rule of report.rules) {
    if (rule.scope !== 'run') continue;
    for (const [source, suppressions] of bySource) {
      const level = levelFor(rule, await levelsFor(source));
      if (level === 'off') continue;
      report.addRunFindings(suppressions[0]!.source, rule.meta.id, runRunRule(rule, level, { suppressions }));
    }
  }
}

/** One directory's files and the inputs passed over in it: one setup. */
interface SetupGroup {
  /** Absolute path; its config applies. */
  directory: string;
  /** The setup's name when it is not the directory's (standard input without --stdin-filename). */
  label?: string;
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

/**
 * Reads standard input (no more than its setup's maxFileSize) and places it. With a file name, it joins
 * that directory's setup in the file's place: the directory's other files are added to the walk (not its
 * subdirectories), and the file itself, if found, is left unread. Without one, it is a setup of its own
 * at cwd, returned here.
 */
async function placeStdin(stdin: StdinInput, walked: WalkResult, walkOptions: WalkOptions, configFor: (directory: string) => Promise<LintConfig | undefined>): Promise<SetupGroup | undefined> {
  const cwd = walkOptions.cwd;
  const absolute = stdin.filename === undefined ? path.join(cwd, STDIN_DISPLAY) : path.resolve(cwd, stdin.filename);
  const directory = path.dirname(absolute);
  const content = await stdin.read((await configFor(directory))?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  const file: FoundFile = { absolute, display: stdin.filename === undefined ? STDIN_DISPLAY : displayPath(absolute, cwd), explicit: true, content };
  if (stdin.filename === undefined) return { directory, label: STDIN_DISPLAY, files: [file], passedOver: [] };
  if (statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
    const siblings = walkPaths([directory], { ...walkOptions, recursive: false });
    const known = new Set(walked.files.map((found) => found.absolute));
    const knownPassedOver = new Set([...walked.failures, ...walked.skipped].map((source) => source.file));
    // Found beside the named file, under no path of the command line.
    walked.files.push(...siblings.files.filter((found) => !known.has(found.absolute)).map((found) => ({ ...found, inputs: [] })));
    walked.failures.push(...siblings.failures.filter((source) => !knownPassedOver.has(source.file)));
    walked.skipped.push(...siblings.skipped.filter((source) => !knownPassedOver.has(source.file)));
  }
  const index = walked.files.findIndex((found) => found.absolute === absolute);
  if (index >= 0) walked.files[index] = file;
  else walked.files.push(file);
  return undefined;
}

/** What one checked setup adds to the report: plain data (the cache stores it as JSON). */
export interface CheckedPart {
  /** The setup's directory (display path). */
  name: string;
  /** Its findings, before suppressions mark them. */
  findings: Finding[];
  /** Its files (display paths): counted in the summary, and where its findings can point. */
  files: string[];
  inputFailure: boolean;
  documents: number;
  readFailures: number;
  ruleIds: string[];
  verdict: VerdictPart;
}

interface CheckOptions {
  rules?: readonly Rule[];
  quiet?: boolean;
  inputFailure?: boolean;
}

/** Checks setups one by one and collects their findings, keeping only them, the verdict and what the summary needs. */
export class ReportBuilder {
  readonly rules: readonly Rule[];
  private readonly findings: Finding[] = [];
  private readonly files = new Set<string>();
  private readonly setups: CheckedSetup[] = [];
  /** The lists of rules run, shared between setups with the same rules turned off (one list per combination, not per setup). */
  private readonly ruleLists = new Map<string, readonly string[]>();
  private readonly verdict = new VerdictBuilder();
  private inputFailure: boolean;
  private passedOver = 0;
  /** The export setups checked, by directory. */
  private readonly exportSetups: string[] = [];
  private documents = 0;
  /** Live reads that failed (MP600 errors): the run does not pass, whatever was read. */
  private readFailures = 0;

  constructor(private readonly options: CheckOptions) {
    this.rules = options.rules ?? allRules;
    this.inputFailure = options.inputFailure ?? false;
  }

  /** Runs the rules over one setup and records what they found; returns its findings (suppressions mark them in place). */
  check(setup: Setup): Finding[] {
    const part = this.evaluate(setup);
    this.record(part);
    return part.findings;
  }

  /** Runs the rules over one setup: what it adds to the report, recorded by `record` (the cache stores it in between). */
  evaluate(setup: Setup): CheckedPart {
    const findings = runRules([setup], this.rules);
    return {
      name: setup.directory,
      findings,
      files: setup.sources.map((source) => source.file),
      inputFailure: setup.sources.some((source) => source.unreadable === true),
      documents: setup.documents.length,
      readFailures: setup.live?.problems.length ?? 0,
      ruleIds: rulesRun(setup, this.rules),
      // Now, before suppressions mark the findings: the verdict counts every one.
      verdict: verdictPart(setup, this.rules, findings),
    };
  }

  /** Records one checked setup. */
  record(part: CheckedPart): void {
    for (const finding of part.findings) this.findings.push(finding);
    for (const file of part.files) this.files.add(file);
    this.inputFailure ||= part.inputFailure;
    this.documents += part.documents;
    this.readFailures += part.readFailures;
    const key = part.ruleIds.join(' ');
    let shared = this.ruleLists.get(key);
    if (shared === undefined) this.ruleLists.set(key, (shared = part.ruleIds));
    this.setups.push({ name: part.name, ruleIds: shared });
    this.exportSetups.push(part.name);
    this.verdict.addPart(part.verdict);
  }

  /** Findings of a rule about the run as a whole, grouped under `name` (the config they are about) like a setup's. */
  addRunFindings(name: string, ruleId: string, findings: readonly Finding[]): void {
    for (const finding of findings) this.findings.push({ ...finding, setup: name });
    this.setups.push({ name, ruleIds: [ruleId] });
  }

  /** Files read that held nothing to check, or nothing of an export setup. */
  passOver(files = 1): void {
    this.passedOver += files;
  }

  /** The report; without `nothingToCheck` given, a run whose setups hold no document (and no failed read) has nothing to check. */
  build(nothingToCheck?: string[]): Report {
    const findings = sortFindings(this.findings);
    const messages = nothingToCheck ?? (this.documents === 0 && this.readFailures === 0 && !this.inputFailure ? [NO_DOCUMENT] : []);
    // Policies were read, but none plays a part in an export: nothing was checked either.
    if (messages.length === 0 && this.exportSetups.length === 0 && !this.inputFailure) messages.push(NO_SETUP);
    const report: Report = {
      findings,
      summary: summarize(findings, this.files.size, 0, this.passedOver, this.exportSetups),
      inputFailure: this.inputFailure,
      ...(messages.length === 0 ? {} : { nothingToCheck: messages }),
      setups: this.setups,
      verdict: this.verdict.build(),
    };
    return this.options.quiet ? errorsOnly(report) : report;
  }
}

/** Runs the rules over assembled setups (file mode and live mode share this). */
export function lintSetups(setups: readonly Setup[], options: CheckOptions): Report {
  const report = new ReportBuilder(options);
  for (const setup of setups) report.check(setup);
  return report.build();
}

/** The report as --quiet shows it: errors only, counted again. */
export function errorsOnly(report: Report): Report {
  const findings = report.findings.filter((f) => f.level === 'error');
  return { ...report, findings, summary: summarize(findings, report.summary.files, report.summary.known, report.summary.passedOver, report.summary.setups) };
}

export function mergeParams(fromConfig: Partial<PipelineParams> | undefined, fromCli: Partial<PipelineParams> | undefined): PipelineParams {
  const defined = Object.fromEntries(Object.entries(fromCli ?? {}).filter(([, value]) => value !== undefined));
  return { encryption: 'none', ...fromConfig, ...defined };
}

// The command line: parse arguments, call the library, print, choose the exit code. Nothing else.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { default as Yargs } from 'yargs';
import type { Encryption, PipelineParams, Report, RuleMeta } from './types.js';
import { errorsOnly, lint, parseRuleOptions, STDIN_PATH, UsageError, type StdinInput } from './lint.js';
import { heapCeiling, type HeapCeiling } from './heap.js';
import { applyBaseline, baselineOf } from './engine/baseline.js';
import { readBaseline, type Baseline } from './sources/baseline.js';
import type { RuleLevel } from './sources/config.js';
import { DEFAULT_EXTENSIONS } from './sources/files.js';
import { formatReport, FORMATS, type FormatName } from './report/format.js';
import { formatRuleListJson, formatRuleTable } from './report/rule-table.js';
import { allRules } from '../rules/index.js';
import { LINKS, README_PATH, RULE_DOCS_DIR, VERSION, type ProjectLinks } from './version.js';
import { resultPaths } from './repository.js';
import { formatStatus, STATUS_FORMATS, type StatusFormat } from './status/format.js';
import { makeRedactor, secretsIn, type Redact } from './redact.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour on by default). */
  stdoutIsTty: boolean;
  /** Whether stderr is a terminal (live mode's progress line is shown only then). */
  stderrIsTty?: boolean;
  /** The raw arguments, for refusing a secret given on the command line. */
  argv?: readonly string[];
  /** Asks a yes/no question on the terminal; absent when there is none (CI, pipes). */
  confirm?: (question: string) => Promise<boolean>;
  /** Standard input, read when `-` is among the paths. */
  stdin?: AsyncIterable<Uint8Array>;
  /** SIGINT and SIGTERM, for a run that records what it did (`--create`); absent in tests that send none. */
  interrupt?: Interrupt;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The process's stop signals as an AbortSignal (its reason `SIGINT` or `SIGTERM`). */
export interface Interrupt {
  signal: AbortSignal;
  /** Says that this run handles the signals: before, a signal ends the process at once. */
  claim(): void;
}

/** The parsed command line, as yargs gives it (kebab-case and alias keys too; fastArguments the same). */
export interface Arguments {
  paths: string[];
  bucket?: string;
  role?: string;
  token?: string;
  region?: string;
  prefix?: string;
  encryption?: Encryption;
  kmsKey?: string;
  fromDate?: string;
  config?: string;
  format: FormatName;
  outputFile?: string;
  sarifCategory?: string;
  summaryFile?: string;
  maxWarnings?: number;
  quiet: boolean;
  listRules: boolean;
  color?: boolean;
  ext: string[];
  gitignore: boolean;
  ignorePattern?: string[];
  stdinFilename?: string;
  cache: boolean;
  cacheLocation?: string;
  printConfig?: string;
  rule?: string[];
  baseline?: string;
  writeBaseline?: string;
  _: (string | number)[];
  out?: string;
  force?: boolean;
  live: boolean;
  profile?: string;
  endpointUrl?: string;
  saveDocuments?: string;
  timeout: number;
  create: boolean;
  projectId?: string;
  dataResidency?: 'us' | 'eu' | 'in';
  apiUrl?: string;
  toDate?: string;
  frequency?: 'daily' | 'hourly';
  events?: string[];
  where?: string;
  trial?: boolean;
  failIfExists: boolean;
  dryRun: boolean;
  yes: boolean;
  auditLog?: string;
  resolveUnknown?: string;
  pipeline?: string;
  explain?: boolean;
}

/**
 * The values of options not given; yargs' set-up and the fast path (fastArguments) both take them
 * from here. Arrays are copied for each run.
 */
const DEFAULTS = {
  paths: [] as readonly string[],
  ext: DEFAULT_EXTENSIONS,
  gitignore: true,
  cache: false,
  format: 'stylish' as FormatName,
  quiet: false,
  live: false,
  timeout: 10000,
  create: false,
  failIfExists: false,
  dryRun: false,
  yes: false,
  listRules: false,
} as const;

/** The one-letter aliases of options (yargs' set-up and fastArguments). */
const ALIASES = { format: 'f', outputFile: 'o' } as const;
const SCRIPT_NAME = 'mp-s3-lint';
const ENCRYPTIONS: readonly Encryption[] = ['none', 'aes', 'kms'];

function parser(yargs: typeof Yargs, argv: readonly string[]) {
  return yargs([...argv])
    .scriptName(SCRIPT_NAME)
    .usage('Usage: $0 [paths..] [options]\n\nChecks the policies behind a Mixpanel raw export to S3.')
    .command('$0 [paths..]', 'Lint the policy documents under the paths', (y) =>
      y.positional('paths', { type: 'string', array: true, default: [...DEFAULTS.paths], describe: "Files, directories and glob patterns (quoted: 'infra/**/policies') to lint; - reads one document from standard input" }),
    )
    .command('init', 'Write a correct setup (policies with real values and the config) to start from', (y) =>
      y
        .option('out', { type: 'string', default: '.', describe: 'Directory to write to' })
        .option('force', { type: 'boolean', default: false, describe: 'Overwrite existing files' })
        .check((a) => {
          const missing = missingInitFlags(a as unknown as Arguments);
          if (missing.length > 0) throw new Error(`init needs ${missing.join(', ')}: it writes documents with your real values, never placeholders`);
          return true;
        }),
    )
    .command('status', "Show what Mixpanel's pipelines did (runs, sync dates); --explain checks why the latest run failed", (y) => {
      for (const name of STATUS_HIDDEN_OPTIONS) y.hide(name);
      return y
        .usage('Usage: $0 status [--pipeline NAME] [--explain] [options]')
        .epilogue(
          "Shows each pipeline's recent runs and sync dates from Mixpanel's Data Pipelines API, read-only; Mixpanel credentials come from the environment, as with --create. With --explain, the pipeline flags and the live-mode options (--profile, --endpoint-url, --timeout) reach AWS; the destination comes from the audit log, overridden by the flags.\n" +
            'Format: stylish, json or github. Exit codes: 0 no latest run failed (or none finished yet); 1 the latest run of a pipeline failed or timed out; 2 usage or credential error, unknown pipeline, or Mixpanel (or, with --explain, AWS) could not tell.\n' +
            docsLine(LINKS, README_PATH, { anchor: 'after-creating-mp-s3-lint-status', title: 'After creating: mp-s3-lint status' }),
        )
        .option('pipeline', { type: 'string', describe: 'Only this pipeline (its name as Mixpanel lists it)', group: 'Status:' })
        .option('explain', { type: 'boolean', default: false, describe: 'For a pipeline whose latest run failed: run the live check of its destination (from the audit log or the pipeline flags) and say why', group: 'Status:' });
    })
    .option('bucket', { type: 'string', describe: 's3_bucket the pipeline writes to', group: 'Pipeline:' })
    .option('role', { type: 'string', describe: 's3_role: ARN of the export role Mixpanel assumes', group: 'Pipeline:' })
    .option('token', { type: 'string', describe: 'Mixpanel project token (the expected sts:ExternalId)', group: 'Pipeline:' })
    .option('region', { type: 'string', describe: 's3_region', group: 'Pipeline:' })
    .option('prefix', { type: 'string', describe: 's3_prefix', group: 'Pipeline:' })
    .option('encryption', { choices: ENCRYPTIONS, describe: 's3_encryption (default none)', group: 'Pipeline:' })
    .option('kms-key', { type: 'string', describe: 's3_kms_key_id (required with --encryption kms)', group: 'Pipeline:' })
    .option('from-date', { type: 'string', describe: 'from_date, YYYY-MM-DD (checked when given)', group: 'Pipeline:' })
    .option('config', { type: 'string', describe: 'Config file for every setup, instead of the cascade of mp-s3-lint.config.json files down to each setup', group: 'Input:' })
    .option('print-config', { type: 'string', describe: 'Print the merged configuration of the setup in DIR as JSON, with the file each value came from, and exit', group: 'Input:' })
    .option('rule', { type: 'string', array: true, describe: 'Rule level over every config, ID:LEVEL (error, warning, note, off); repeatable', group: 'Input:' })
    .option('ext', { type: 'string', array: true, default: [...DEFAULTS.ext], describe: 'File endings to read in directories (YAML only when it is a CloudFormation template)', group: 'Input:' })
    .option('gitignore', { type: 'boolean', default: DEFAULTS.gitignore, describe: 'Pass over what .gitignore files ignore (--no-gitignore reads everything)', group: 'Input:' })
    .option('ignore-pattern', { type: 'string', array: true, describe: 'Pass over what this .gitignore-style pattern matches (from the working directory); repeatable', group: 'Input:' })
    .option('stdin-filename', { type: 'string', describe: 'With -: the file the document from standard input stands for (it joins that directory\'s setup)', group: 'Input:' })
    .option('cache', { type: 'boolean', default: DEFAULTS.cache, describe: 'Reuse the results of setups whose files, configs and options did not change since the last --cache run (not with --live)', group: 'Input:' })
    .option('cache-location', { type: 'string', describe: 'With --cache: the cache file, or a directory for it (default .mp-s3-lint-cache)', group: 'Input:' })
    .option('format', { alias: ALIASES.format, choices: FORMATS, default: DEFAULTS.format, describe: 'Output format', group: 'Output:' })
    .option('output-file', { alias: ALIASES.outputFile, type: 'string', describe: 'Write the report to a file instead of stdout (missing directories are created)', group: 'Output:' })
    .option('sarif-category', { type: 'string', describe: 'SARIF: code-scanning category (automationDetails.id), one per analysis of the same commit', group: 'Output:' })
    .option('summary-file', { type: 'string', describe: 'Also write the counts as JSON: {"errors","warnings","notes","files"}', group: 'Output:' })
    .option('max-warnings', { type: 'number', describe: 'Exit 1 when warnings exceed this number', group: 'Output:' })
    .option('quiet', { type: 'boolean', default: DEFAULTS.quiet, describe: 'Report errors only', group: 'Output:' })
    .option('color', { type: 'boolean', describe: 'Force colour on or off (--no-color); NO_COLOR and FORCE_COLOR are honoured', group: 'Output:' })
    .option('baseline', { type: 'string', describe: 'Report only findings not in this baseline file (the others are counted as known)', group: 'Output:' })
    .option('write-baseline', { type: 'string', describe: "Record today's findings in this file (and report them as known)", group: 'Output:' })
    .option('live', { type: 'boolean', default: DEFAULTS.live, describe: 'Read the deployed role, bucket and key from AWS (read-only) instead of files', group: 'Live mode:' })
    .option('profile', { type: 'string', describe: 'AWS shared-config profile (SSO profiles included)', group: 'Live mode:' })
    .option('endpoint-url', { type: 'string', describe: 'AWS endpoint for every service (LocalStack, tests); AWS_ENDPOINT_URL(_<SERVICE>) also work', group: 'Live mode:' })
    .option('save-documents', { type: 'string', describe: 'Write the documents read to this directory, to check them offline later', group: 'Live mode:' })
    .option('timeout', { type: 'number', default: DEFAULTS.timeout, describe: 'Time limit of each AWS call attempt, answer included, in ms', group: 'Live mode:' })
    .option('create', { type: 'boolean', default: DEFAULTS.create, describe: 'With --live: create the Mixpanel pipeline, only when every check passed (docs/create.md)', group: 'Creating the pipeline:' })
    .option('project-id', { type: 'string', describe: 'Mixpanel project id (needed with a service account)', group: 'Creating the pipeline:' })
    .option('data-residency', { choices: ['us', 'eu', 'in'] as const, describe: 'Mixpanel data residency (default us)', group: 'Creating the pipeline:' })
    .option('api-url', { type: 'string', describe: 'Mixpanel API base URL instead of https://data*.mixpanel.com/api/2.0 (tests)', group: 'Creating the pipeline:' })
    .option('to-date', { type: 'string', describe: 'to_date, YYYY-MM-DD (default: no end)', group: 'Creating the pipeline:' })
    .option('frequency', { choices: ['daily', 'hourly'] as const, describe: 'frequency (default daily)', group: 'Creating the pipeline:' })
    .option('events', { type: 'string', array: true, describe: 'Only these events', group: 'Creating the pipeline:' })
    .option('where', { type: 'string', describe: 'Mixpanel selector expression', group: 'Creating the pipeline:' })
    .option('trial', { type: 'boolean', describe: '30-day trial pipeline', group: 'Creating the pipeline:' })
    .option('fail-if-exists', { type: 'boolean', default: DEFAULTS.failIfExists, describe: 'Exit 1 when the pipeline already exists', group: 'Creating the pipeline:' })
    .option('dry-run', { type: 'boolean', default: DEFAULTS.dryRun, describe: 'Everything but the POST; print the request (secret as ***)', group: 'Creating the pipeline:' })
    .option('yes', { type: 'boolean', default: DEFAULTS.yes, describe: 'Create without asking (required without a terminal)', group: 'Creating the pipeline:' })
    .option('audit-log', { type: 'string', describe: 'Audit file, one JSON line per attempt (default mp-s3-lint-audit.jsonl)', group: 'Creating the pipeline:' })
    .option('resolve-unknown', { type: 'string', describe: 'After an "unknown" outcome, once checked in Mixpanel: the pipeline that is ours, or none', group: 'Creating the pipeline:' })
    .check(checks)
    .option('list-rules', { type: 'boolean', default: DEFAULTS.listRules, describe: 'Print the rule table (with --format json: one object per rule) and exit' })
    .epilogue(helpEpilogue(LINKS, README_PATH))
    .strict()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    // Wrapped to the terminal when there is one; piped or in CI, lines are left whole (yargs would cut words to fit a guessed width).
    .wrap(process.stdout.isTTY === true ? Math.min(120, process.stdout.columns ?? 100) : null)
    .exitProcess(false);
}

type ParsedArguments = Record<string, unknown> & { _: (string | number)[] };

/** Checks of the whole command line (yargs' .check; fastArguments too). */
function checks(a: ParsedArguments): true {
  commonChecks(a);
  if (a._[0] === 'status') return statusChecks(a);
  const createOnly = ['projectId', 'dataResidency', 'apiUrl', 'toDate', 'frequency', 'events', 'where', 'trial', 'auditLog', 'resolveUnknown'].filter((name) => a[name] !== undefined);
  if (a['create'] !== true && (createOnly.length > 0 || a['failIfExists'] === true || a['dryRun'] === true || a['yes'] === true)) throw new Error('the pipeline options (--project-id, --to-date, --dry-run, --yes, …) go with --create');
  if (a['resolveUnknown'] === '') throw new Error('--resolve-unknown needs the name of the pipeline that is ours, or none');
  if (a['create'] === true && a['live'] !== true) throw new Error('--create goes with --live: the pipeline is created only after the deployed setup passed every check');
  if (a['create'] === true && a['fromDate'] === undefined && a['trial'] !== true) throw new Error('--create needs --from-date YYYY-MM-DD (or --trial)');
  if (a['live'] !== true && (a['profile'] !== undefined || a['endpointUrl'] !== undefined || a['saveDocuments'] !== undefined)) throw new Error('--profile, --endpoint-url and --save-documents go with --live');
  if (a['live'] === true && (a['paths'] as string[] | undefined)?.length) throw new Error('--live reads the documents from AWS; give no paths (use --save-documents DIR to keep a copy)');
  if (a['sarifCategory'] !== undefined && a['format'] !== 'sarif') throw new Error('--sarif-category goes with --format sarif');
  if (a['sarifCategory'] !== undefined && String(a['sarifCategory']).trim() === '') throw new Error('--sarif-category needs a name, e.g. --sarif-category prod');
  if (a['baseline'] !== undefined && a['writeBaseline'] !== undefined) throw new Error('--baseline reads a baseline and --write-baseline writes one: give one of them (rewrite a baseline with --write-baseline alone)');
  if (a['printConfig'] !== undefined && (a['live'] === true || (a['paths'] as string[] | undefined)?.length)) throw new Error('--print-config DIR prints the configuration of one setup and exits: give no paths and no --live');
  if (a['live'] === true && (a['cache'] === true || a['cacheLocation'] !== undefined)) throw new Error('--cache goes with linting files: --live reads the deployed setup afresh every time');
  if (a['cacheLocation'] !== undefined && a['cache'] !== true) throw new Error('--cache-location goes with --cache');
  if (a['cacheLocation'] !== undefined && String(a['cacheLocation']).trim() === '') throw new Error('--cache-location needs a path, e.g. --cache-location node_modules/.cache/mp-s3-lint/');
  if (a['stdinFilename'] !== undefined && !(a['paths'] as string[] | undefined)?.includes(STDIN_ARGUMENT)) throw new Error(`--stdin-filename names the document read from standard input: give '${STDIN_PATH}' among the paths`);
  return true;
}

/** The options that take several values (repeatable, or a list); any other given twice is a usage error. */
const LIST_OPTIONS = new Set(['paths', 'rule', 'ext', 'ignorePattern', 'events']);

/** Checks of values every command shares. */
function commonChecks(a: ParsedArguments): void {
  // yargs joins a repeated option into a list, which a single value then reads as "a,b": refused, whatever the
  // option (a CI script that adds an override to shared arguments must not check "bucket-a,bucket-b").
  const repeated = Object.keys(a).find((name) => /^[a-z][a-zA-Z]+$/.test(name) && !LIST_OPTIONS.has(name) && Array.isArray(a[name]));
  if (repeated !== undefined) throw new Error(`--${kebab(repeated)} was given ${(a[repeated] as unknown[]).length} times; give it once`);
  if (!(Number(a['timeout']) > 0)) throw new Error('--timeout must be a positive number of milliseconds');
  for (const name of ['endpointUrl', 'apiUrl'] as const) {
    const url = a[name] as string | undefined;
    if (url !== undefined && !(URL.canParse(url) && /^https?:$/.test(new URL(url).protocol))) throw new Error(`--${name === 'apiUrl' ? 'api-url' : 'endpoint-url'} must be an http or https URL, not ${JSON.stringify(url)}`);
  }
}

/** Options of the linter and of --create that `status` does not take (hidden from `status --help`, refused when given). */
const STATUS_HIDDEN_OPTIONS = [
  'from-date', 'ext', 'gitignore', 'ignore-pattern', 'stdin-filename', 'cache', 'cache-location', 'print-config', 'rule', 'max-warnings', 'quiet', 'baseline', 'write-baseline', 'live', 'save-documents',
  'create', 'to-date', 'frequency', 'events', 'where', 'trial', 'fail-if-exists', 'dry-run', 'yes', 'resolve-unknown', 'list-rules',
];
/** The flags --explain uses: where the pipeline writes (overriding the audit log) and how to reach AWS. */
const EXPLAIN_OPTIONS: ReadonlyArray<[string, string]> = [
  ['bucket', '--bucket'], ['role', '--role'], ['token', '--token'], ['region', '--region'], ['prefix', '--prefix'], ['encryption', '--encryption'], ['kmsKey', '--kms-key'],
  ['config', '--config'], ['profile', '--profile'], ['endpointUrl', '--endpoint-url'], ['auditLog', '--audit-log'],
];

function statusChecks(a: ParsedArguments): true {
  const camel = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const given = STATUS_HIDDEN_OPTIONS.filter((name) => {
    const value = a[camel(name)];
    if (name === 'ext') return JSON.stringify(value) !== JSON.stringify(DEFAULT_EXTENSIONS);
    if (name === 'gitignore') return value === false;
    return value !== undefined && value !== false;
  });
  if (given.length > 0) throw new Error(`status does not take --${given.join(', --')}: it reads what Mixpanel did, and --explain runs the live check itself`);
  if (!(STATUS_FORMATS as readonly string[]).includes(a['format'] as string)) throw new Error(`status prints ${STATUS_FORMATS.join(', ')}, not ${String(a['format'])}`);
  const explainOnly = EXPLAIN_OPTIONS.filter(([name]) => a[name] !== undefined).map(([, flag]) => flag);
  if (a['explain'] !== true && explainOnly.length > 0) throw new Error(`${explainOnly.join(', ')} go${explainOnly.length === 1 ? 'es' : ''} with --explain (they place the pipeline's destination and reach AWS)`);
  return true;
}

function useColor(args: Arguments, io: CliIo): boolean {
  return colorFor(args.color, args.outputFile, io.stdoutIsTty, io.env);
}

/** Writes `text` to --output-file or stdout; false (after saying why) when the file cannot be written. */
function writeOutput(args: Arguments, io: CliIo, text: string): boolean {
  if (args.outputFile === undefined) {
    io.stdout(text);
    return true;
  }
  return writeFileOption(args.outputFile, text, io);
}

/** Writes a file a flag names (relative to the working directory); false, with the reason on stderr, when it cannot. */
function writeFileOption(file: string, text: string, io: CliIo): boolean {
  try {
    writeTextFile(path.resolve(io.cwd, file), text);
    return true;
  } catch (error) {
    io.stderr(`mp-s3-lint: cannot write ${file}: ${(error as Error).message}\n`);
    return false;
  }
}

/** The end of --help: exit codes, where the docs are and where bugs go. */
export function helpEpilogue(links: ProjectLinks, readmePath: string): string {
  return [
    'Exit codes: 0 no error findings; 1 error findings (or warnings over --max-warnings); 2 usage error, unreadable input, invalid config, unusable AWS credentials, or nothing to check (no policy document under a path given); 130/143 --create stopped by SIGINT/SIGTERM.',
    docsLine(links, readmePath),
    ...(links.issues === undefined ? [] : [`Bugs: ${links.issues}`]),
  ].join('\n');
}

/** Where the docs (or one README section) are: the home page when package.json names one, else the installed README. */
export function docsLine(links: ProjectLinks, readmePath: string, section?: { anchor: string; title: string }): string {
  if (links.homepage !== undefined) return `Docs: ${links.homepage}${section === undefined ? '' : `#${section.anchor}`}`;
  return `Docs: ${readmePath}${section === undefined ? '' : ` (section "${section.title}")`}`;
}

/** Bytes of text encoded and written at a time: a large report is not copied whole into a buffer. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes text to a file a megabyte at a time (a 100,000-document report is ~13 MB; encoding it whole
 * added ~40 MB of peak memory), creating the directories above it that do not exist.
 */
export function writeTextFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const descriptor = openSync(file, 'w');
  const buffer = Buffer.allocUnsafe(WRITE_CHUNK * 3); // UTF-8 takes at most 3 bytes per UTF-16 unit
  try {
    for (let offset = 0; offset < text.length; ) {
      let end = Math.min(offset + WRITE_CHUNK, text.length);
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--; // a pair is encoded together or not at all
      const length = buffer.write(text.slice(offset, end));
      for (let written = 0; written < length; ) written += writeSync(descriptor, buffer, written, length - written);
      offset = end;
    }
  } finally {
    closeSync(descriptor);
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** The CLI keeps V8's used heap near 64 MiB on long runs (src/heap.ts; bench/RESULTS.md). */
const HEAP_CEILING = 64 * 1024 * 1024;

/** What a lone `-` is while yargs parses (yargs drops `-` from positionals); no argument from the shell can hold a NUL. */
const STDIN_ARGUMENT = '\0-';

/** What parsing the command line gave: the arguments, yargs' output (--help, --version), or why not. */
export type Parsed = { args: Arguments } | { output: string } | { failure: string };

/** Runs the CLI and returns the exit code; tests call this directly. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = argv.map((argument) => (argument === STDIN_PATH ? STDIN_ARGUMENT : argument));
  const fast = fastArguments(parsed);
  const outcome: Parsed = fast === undefined ? await parseWithYargs(parsed) : { args: fast };
  if ('failure' in outcome) {
    io.stderr(`mp-s3-lint: ${outcome.failure.replaceAll(STDIN_ARGUMENT, STDIN_PATH)}\nRun 'mp-s3-lint --help' for usage.\n`);
    return EXIT_USAGE;
  }
  if ('output' in outcome) {
    io.stdout(outcome.output + '\n');
    return EXIT_OK;
  }
  // `init` and `status` take no paths.
  const paths = (outcome.args.paths ?? []).map((input) => (input === STDIN_ARGUMENT ? STDIN_PATH : input));
  return run({ ...outcome.args, paths }, { ...io, argv });
}

/**
 * The options fastArguments takes, by how they are written: a string value, one of some values, or a
 * flag (with its value). Anything else (--help, --version, `--name=value`, arrays, commands, live mode,
 * --cache, …) goes to yargs.
 */
type FastOption = { name: keyof Arguments } & ({ kind: 'string' } | { kind: 'choice'; values: readonly string[] } | { kind: 'count' } | { kind: 'flag'; value: boolean });
const FAST_OPTIONS: ReadonlyMap<string, FastOption> = new Map<string, FastOption>([
  ...(['bucket', 'role', 'token', 'region', 'prefix', 'kmsKey', 'fromDate', 'config', 'outputFile', 'sarifCategory', 'summaryFile', 'baseline', 'writeBaseline', 'stdinFilename'] as const).map(
    (name): [string, FastOption] => [`--${kebab(name)}`, { name, kind: 'string' }],
  ),
  [`-${ALIASES.outputFile}`, { name: 'outputFile', kind: 'string' }],
  ['--encryption', { name: 'encryption', kind: 'choice', values: ENCRYPTIONS }],
  ['--format', { name: 'format', kind: 'choice', values: FORMATS }],
  [`-${ALIASES.format}`, { name: 'format', kind: 'choice', values: FORMATS }],
  ['--max-warnings', { name: 'maxWarnings', kind: 'count' }],
  ['--quiet', { name: 'quiet', kind: 'flag', value: true }],
  ['--color', { name: 'color', kind: 'flag', value: true }],
  ['--no-color', { name: 'color', kind: 'flag', value: false }],
  ['--gitignore', { name: 'gitignore', kind: 'flag', value: true }],
  ['--no-gitignore', { name: 'gitignore', kind: 'flag', value: false }],
]);

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/**
 * The common command line (paths and simple options, each at most once) parsed without loading yargs,
 * into exactly the object yargs would give; undefined for anything else, which yargs then parses (it
 * takes ~20 ms to load and set up, a sixth of a start). Where yargs would read a value in its own way
 * (numbers, `true`/`false` after a flag, a value starting with `-`, a path named like a command), this
 * leaves it to yargs.
 */
export function fastArguments(argv: readonly string[]): Arguments | undefined {
  const paths: string[] = [];
  const given = new Map<string, unknown>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (!argument.startsWith('-')) {
      if (argument === 'init' || argument === 'status' || looksNumeric(argument)) return undefined;
      paths.push(argument);
      continue;
    }
    const option = FAST_OPTIONS.get(argument);
    if (option === undefined || given.has(option.name)) return undefined;
    const next = argv[index + 1];
    if (option.kind === 'flag') {
      if (next === 'true' || next === 'false') return undefined;
      given.set(option.name, option.value);
      continue;
    }
    if (next === undefined || next.startsWith('-')) return undefined;
    if (option.kind === 'count' ? !/^[0-9]{1,9}$/.test(next) : looksNumeric(next)) return undefined;
    if (option.kind === 'choice' && !option.values.includes(next)) return undefined;
    given.set(option.name, option.kind === 'count' ? Number(next) : next);
    index++;
  }
  const args: Record<string, unknown> = { _: [], paths, $0: SCRIPT_NAME };
  const { paths: _positional, ...defaults } = DEFAULTS;
  for (const [name, value] of [...Object.entries(defaults), ...given]) {
    const copy = Array.isArray(value) ? [...(value as unknown[])] : value;
    args[name] = copy;
    args[kebab(name)] = copy;
    if (name in ALIASES) args[ALIASES[name as keyof typeof ALIASES]] = copy;
  }
  try {
    checks(args as ParsedArguments);
  } catch {
    return undefined; // yargs says why
  }
  return args as unknown as Arguments;
}

/** Strings yargs may read as numbers (or that are empty): left to it. */
function looksNumeric(text: string): boolean {
  return text.trim() === '' || !Number.isNaN(Number(text));
}

/** The command line through yargs, loaded only when needed (fastArguments takes the common ones). */
export async function parseWithYargs(parsed: readonly string[]): Promise<Parsed> {
  const { default: yargs } = await import('yargs');
  let failure: string | undefined;
  let output = '';
  let args: Arguments | undefined;
  try {
    args = (await parser(yargs, parsed)
      .fail((message, error) => {
        failure = message ?? error?.message ?? 'invalid arguments';
      })
      .parse(parsed, {}, (_error, _argv, text) => {
        output = text;
      })) as unknown as Arguments;
  } catch (error) {
    failure ??= error instanceof Error ? error.message : String(error);
  }
  if (failure !== undefined) return { failure };
  if (output !== '') return { output };
  return { args: args! };
}

/** The flags `init` needs to write documents with real values (no placeholders). */
function missingInitFlags(args: Arguments): string[] {
  const required: [string, unknown][] = [['--bucket', args.bucket], ['--role', args.role], ['--token', args.token], ['--region', args.region]];
  if (args.encryption === 'kms') required.push(['--kms-key', args.kmsKey]);
  return required.filter(([, value]) => value === undefined || value === '').map(([flag]) => flag);
}

async function runInit(args: Arguments, io: CliIo): Promise<number> {
  const { initFiles, writeInitFiles } = await import('./init.js');
  const outcome = await writeInitFiles(path.resolve(io.cwd, args.out ?? '.'), initFiles(paramsFrom(args) as PipelineParams), args.force ?? false);
  if (!outcome.ok) {
    io.stderr(`mp-s3-lint init: ${outcome.message}\n`);
    return EXIT_USAGE;
  }
  io.stdout(`Wrote:\n${outcome.written.map((file) => `  ${file}`).join('\n')}\nCheck them with: mp-s3-lint ${args.out ?? '.'}\n`);
  return EXIT_OK;
}

function paramsFrom(args: Arguments): Partial<PipelineParams> {
  return {
    bucket: args.bucket,
    role: args.role,
    token: args.token,
    region: args.region,
    prefix: args.prefix,
    encryption: args.encryption,
    kmsKey: args.kmsKey,
    fromDate: args.fromDate,
  };
}

async function run(args: Arguments, io: CliIo): Promise<number> {
  if (args._[0] === 'init') return runInit({ ...args, encryption: args.encryption ?? 'none' }, io);
  if (args._[0] === 'status') return runStatus(args, io);
  const rules: RuleMeta[] = allRules.map((rule) => rule.meta);
  if (args.listRules) return listRules(args, io, rules);
  try {
    const ruleLevels = parseRuleOptions(args.rule ?? []);
    if (args.printConfig !== undefined) {
      const { printConfig } = await import('./print-config.js');
      io.stdout(JSON.stringify(await printConfig({ directory: args.printConfig, cwd: io.cwd, configFile: args.config, params: paramsFrom(args), ruleLevels }), null, 2) + '\n');
      return EXIT_OK;
    }
    const baseline = args.baseline === undefined ? undefined : baselineFrom(path.resolve(io.cwd, args.baseline));
    if (args.live) return await runLive(args, io, rules, ruleLevels, baseline);
    if (args.paths.length === 0) {
      io.stderr("mp-s3-lint: no paths given. Try 'mp-s3-lint ./policies'.\nRun 'mp-s3-lint --help' for usage.\n");
      return EXIT_USAGE;
    }
    const heap = heapCeiling(HEAP_CEILING);
    const report = await lint({
      paths: args.paths,
      cwd: io.cwd,
      params: paramsFrom(args),
      configFile: args.config,
      extensions: args.ext,
      gitignore: args.gitignore,
      ignorePatterns: args.ignorePattern,
      ruleLevels,
      ...(args.paths.includes(STDIN_PATH) ? { stdin: stdinFrom(io, args.stdinFilename) } : {}),
      heap,
      ...(args.cache ? { cache: { location: args.cacheLocation } } : {}),
    });
    // The report is right whatever went wrong with the cache file: a warning, and the exit code of the report.
    for (const warning of report.cache?.warnings ?? []) io.stderr(`mp-s3-lint: warning: ${warning}\n`);
    // Nothing was checked: no report, summary or baseline a program could take for a clean run (an empty
    // SARIF upload would close a category's alerts), only why on stderr, as ESLint does for a pattern
    // that matches no file.
    if (report.nothingToCheck !== undefined && (report.summary.setups?.length ?? 0) === 0) {
      sayNothingToCheck(report, io);
      return EXIT_USAGE;
    }
    return (await writeReport(args, io, shapeWithBaseline(args, io, report, baseline), rules, { heap })).code;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`mp-s3-lint: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** --list-rules: the table, or JSON with --format json. */
function listRules(args: Arguments, io: CliIo, rules: readonly RuleMeta[]): number {
  if (args.format !== 'stylish' && args.format !== 'json') {
    io.stderr(`mp-s3-lint: --list-rules prints a table, or JSON with --format json; not ${args.format}\n`);
    return EXIT_USAGE;
  }
  io.stdout(args.format === 'json' ? formatRuleListJson(rules, { docsBaseUri: LINKS.ruleDocsBase ?? RULE_DOCS_DIR }) : formatRuleTable(rules));
  return EXIT_OK;
}

function baselineFrom(file: string): Baseline {
  const outcome = readBaseline(file);
  if (!outcome.ok) throw new UsageError(outcome.message);
  return outcome.baseline;
}

/**
 * --write-baseline FILE records the report's findings and reports them as known; --baseline FILE leaves
 * out the findings it knows. Either way the gate of --create never sees this (runLive).
 */
function shapeWithBaseline(args: Arguments, io: CliIo, report: Report, baseline: Baseline | undefined): Report {
  if (args.writeBaseline === undefined) return baseline === undefined ? report : applyBaseline(report, baseline, io.cwd);
  const file = path.resolve(io.cwd, args.writeBaseline);
  const document = baselineOf(report, file, io.cwd);
  try {
    writeTextFile(file, JSON.stringify(document, null, 2) + '\n');
  } catch (error) {
    throw new UsageError(`cannot write ${args.writeBaseline}: ${(error as Error).message}`);
  }
  return applyBaseline(report, { file, counts: new Map(document.findings.map((entry) => [entry.fingerprint, entry.count])) }, io.cwd);
}

/** Standard input for `-`: read up to the limit, then stop (a larger input is only reported as too large). */
function stdinFrom(io: CliIo, filename: string | undefined): StdinInput {
  return {
    ...(filename === undefined ? {} : { filename }),
    read: async (limit) => {
      if (io.stdin === undefined) throw new UsageError(`'${STDIN_PATH}' reads standard input, and there is none`);
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of io.stdin) {
        size += chunk.length;
        if (size > limit) break;
        chunks.push(chunk);
      }
      return { bytes: size > limit ? new Uint8Array() : Buffer.concat(chunks), size };
    },
  };
}

/**
 * Colour in stylish output: --color / --no-color decide; else none in an --output-file; else FORCE_COLOR
 * (any value but 0 or false turns it on, even when stdout is not a terminal, as Node and chalk read it,
 * and it wins over NO_COLOR as in Node); else NO_COLOR turns it off when set and not empty
 * (https://no-color.org); else colour on a terminal only.
 */
export function colorFor(flag: boolean | undefined, outputFile: string | undefined, stdoutIsTty: boolean, env: NodeJS.ProcessEnv): boolean {
  if (flag !== undefined) return flag;
  if (outputFile !== undefined) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  return stdoutIsTty;
}

/**
 * Formats the report, writes it to stdout or --output-file, and returns the exit code. --quiet only
 * hides warnings and notes: they still count against --max-warnings (as in ESLint), and --create
 * decides on the whole report too.
 */
async function writeReport(args: Arguments, io: CliIo, report: Report, rules: readonly RuleMeta[], options: { heap?: HeapCeiling; redact?: Redact } = {}): Promise<{ code: number; written: boolean }> {
  const formatted = formatReport(args.format, args.quiet ? errorsOnly(report) : report, rules, {
    color: useColor(args, io),
    version: VERSION,
    informationUri: LINKS.homepage,
    docsBaseUri: LINKS.ruleDocsBase,
    category: args.sarifCategory,
    paths: args.format === 'sarif' ? resultPaths(io.cwd, io.env) : undefined,
  });
  const text = options.redact === undefined ? formatted : options.redact(formatted);
  options.heap?.betweenPhases(); // formatting a large report leaves tens of MB behind; writing it needs as much again
  if (!writeOutput(args, io, text)) return { code: EXIT_USAGE, written: false };
  sayNothingToCheck(report, io);
  // The counts of the whole report (--quiet only hides), as the exit code sees them.
  const { errors, warnings, notes, files } = report.summary;
  if (args.summaryFile !== undefined && !writeFileOption(args.summaryFile, JSON.stringify({ errors, warnings, notes, files }) + '\n', io)) return { code: EXIT_USAGE, written: false };
  return { code: exitCodeFor(report, args.maxWarnings), written: true };
}

/** Nothing to check is a usage error, said on stderr as ESLint says a pattern matched no file. */
function sayNothingToCheck(report: Report, io: CliIo): void {
  for (const message of report.nothingToCheck ?? []) io.stderr(`mp-s3-lint: ${message}\n`);
}

/** A progress line on stderr, rewritten in place: only on a terminal, never in CI logs. */
function progressLine(io: CliIo): { update?: (message: string) => void; done: () => void } {
  if (io.stderrIsTty !== true || io.env['CI'] !== undefined) return { done: () => undefined };
  let shown = false;
  return {
    update: (message) => {
      shown = true;
      io.stderr(`\r\x1b[2K${message}`);
    },
    done: () => {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}

/**
 * Opens --output-file for writing (creating it and its directories, keeping what it holds until the
 * report replaces it), so that an unwritable one is a usage error before anything is read or sent.
 * Returns why not, if not.
 */
function outputFileProblem(args: Arguments, io: CliIo): string | undefined {
  if (args.outputFile === undefined) return undefined;
  const file = path.resolve(io.cwd, args.outputFile);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    closeSync(openSync(file, 'a'));
    return undefined;
  } catch (error) {
    return `cannot write ${args.outputFile}: ${(error as Error).message}`;
  }
}

async function runLive(args: Arguments, given: CliIo, rules: readonly RuleMeta[], ruleLevels: Readonly<Record<string, RuleLevel>>, baseline: Baseline | undefined): Promise<number> {
  // Whatever live mode prints goes through the one redactor: no secret of the environment, in any encoding.
  const redact = makeRedactor(secretsIn(given.env));
  const io: CliIo = { ...given, stdout: (text) => given.stdout(redact(text)), stderr: (text) => given.stderr(redact(text)) };
  const { lintLive } = await import('./live.js');
  const create = args.create ? await import('./create/index.js') : undefined;
  const secretOnCommandLine = create?.findSecretInArgv(io.argv ?? [], io.env);
  if (secretOnCommandLine !== undefined) {
    io.stderr(`mp-s3-lint: refused: ${secretOnCommandLine}.\n`);
    return EXIT_USAGE;
  }
  // Usage errors stop the run before any AWS read or Mixpanel request.
  const notSent = create === undefined ? '' : '; nothing was sent to Mixpanel';
  const unwritable = outputFileProblem(args, io);
  if (unwritable !== undefined) {
    io.stderr(`mp-s3-lint: ${unwritable}${notSent}\n`);
    return EXIT_USAGE;
  }
  // From here a signal does not end a --create run at once: the run stops and records it.
  if (create !== undefined) io.interrupt?.claim();
  const interrupt = create === undefined ? undefined : io.interrupt?.signal;
  const progress = progressLine(io);
  let result: Awaited<ReturnType<typeof lintLive>>;
  try {
    result = await lintLive({
      cwd: io.cwd,
      params: paramsFrom(args),
      configFile: args.config,
      profile: args.profile,
      endpointUrl: args.endpointUrl,
      saveDocuments: args.saveDocuments,
      ruleLevels,
      reader: { timeoutMs: args.timeout, ...(progress.update === undefined ? {} : { onProgress: progress.update }), ...(interrupt === undefined ? {} : { signal: interrupt }) },
    });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`mp-s3-lint: ${error.message}${notSent}\n`);
      return EXIT_USAGE;
    }
    throw error;
  } finally {
    progress.done();
  }
  // An interrupted read is incomplete: no report, and --create only records that it stopped.
  let checked = EXIT_OK;
  if (interrupt?.aborted !== true) {
    if (args.format === 'stylish') {
      const who = result.callerIdentity === undefined ? 'unknown credentials' : `${result.callerIdentity.arn} (account ${result.callerIdentity.account})`;
      io.stderr(`Live check as ${who}: ${result.calls} AWS calls in ${result.waves ?? 0} waves, ${result.documents.length} documents.\n`);
    }
    const written = await writeReport(args, io, shapeWithBaseline(args, io, result.report, baseline), rules, { redact });
    if (create === undefined) return written.code;
    if (!written.written) {
      io.stderr('mp-s3-lint: not creating the pipeline: the report could not be written; nothing was sent to Mixpanel.\n');
      return EXIT_USAGE;
    }
    checked = written.code;
  }
  const outcome = await create!.createPipeline(
    {
      // --rule, suppressions and baselines shaped the report above; the gate is the check's verdict.
      report: result.fullReport,
      maxWarnings: args.maxWarnings,
      params: result.params,
      documents: result.documents,
      ...(result.callerIdentity === undefined ? {} : { caller: { account: result.callerIdentity.account, arn: result.callerIdentity.arn } }),
      env: io.env,
      toDate: args.toDate,
      frequency: args.frequency,
      events: args.events,
      where: args.where,
      trial: args.trial,
      projectId: args.projectId,
      dataResidency: args.dataResidency,
      apiUrl: args.apiUrl,
      failIfExists: args.failIfExists,
      dryRun: args.dryRun,
      yes: args.yes,
      interactive: io.confirm !== undefined,
      auditLog: args.auditLog,
      cwd: io.cwd,
      resolveUnknown: args.resolveUnknown,
    },
    { ...(io.confirm === undefined ? {} : { confirm: io.confirm }), log: (line) => io.stderr(`${line}\n`), ...(interrupt === undefined ? {} : { interrupt }) },
  );
  for (const message of outcome.messages) io.stderr(`${message}\n`);
  if (outcome.exitCode > EXIT_USAGE) return outcome.exitCode;
  return checked === EXIT_USAGE ? EXIT_USAGE : Math.max(checked, outcome.exitCode);
}

/** `status`: what Mixpanel's pipelines did; exit 0 fine, 1 a latest run failed, 2 could not tell (README). */
async function runStatus(args: Arguments, io: CliIo): Promise<number> {
  const { findSecretInArgv } = await import('./create/credentials.js');
  const secretOnCommandLine = findSecretInArgv(io.argv ?? [], io.env);
  if (secretOnCommandLine !== undefined) {
    io.stderr(`mp-s3-lint: refused: ${secretOnCommandLine}.\n`);
    return EXIT_USAGE;
  }
  const { pipelineStatus } = await import('./status/index.js');
  const { fromDate: _notUsed, ...destination } = paramsFrom(args);
  const result = await pipelineStatus(
    {
      env: io.env,
      pipeline: args.pipeline,
      projectId: args.projectId,
      dataResidency: args.dataResidency,
      apiUrl: args.apiUrl,
      ...(args.explain === true
        ? { explain: { cwd: io.cwd, auditLog: args.auditLog, params: destination, configFile: args.config, profile: args.profile, endpointUrl: args.endpointUrl, reader: { timeoutMs: args.timeout } } }
        : {}),
    },
    { log: (line) => io.stderr(`${line}\n`) },
  );
  for (const message of result.messages) io.stderr(`${message}\n`);
  const text = formatStatus(args.format as StatusFormat, result, { color: useColor(args, io), rules: allRules.map((rule) => rule.meta) });
  if (text !== '' && !writeOutput(args, io, text)) return EXIT_USAGE;
  return result.exitCode;
}

export function exitCodeFor(report: Report, maxWarnings: number | undefined): number {
  if (report.inputFailure || (report.nothingToCheck?.length ?? 0) > 0) return EXIT_USAGE;
  if (report.summary.errors > 0) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && maxWarnings >= 0 && report.summary.warnings > maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}

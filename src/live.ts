// Live mode: read the deployed documents with the AWS SDK (read-only), then run the same rules as
// file mode. The CLI loads this module only with --live, so file mode never pays for the SDK.
import path from 'node:path';
import type { PipelineParams, Report, SourceResult } from './types.js';
import { readDocuments } from './documents/read.js';
import { assembleSetup } from './setup/assemble.js';
import { configContext, configResolver, lintSetups, mergeParams, paramSourcesOf, placesOf, ReportBuilder, reportSuppressions, UsageError } from './lint.js';
import { SuppressionLedger } from './engine/suppress.js';
import type { RuleLevel } from './sources/config.js';
import { displayPath } from './sources/files.js';
import { allRules } from '../rules/index.js';
import { readLiveAccount, savedFileName, saveLiveDocuments, type CallerIdentity, type LiveFacts, type LiveOptions, type LiveProblem, type LiveReadResult } from './sources/live/index.js';
import { sha256Hex } from './hash.js';

export interface LiveLintOptions {
  cwd: string;
  /** Pipeline parameters from the command line; `role` (ARN or name) is required. */
  params: Partial<PipelineParams>;
  /** Explicit config file; else the nearest mp-s3-lint.config.json at or above cwd. */
  configFile?: string;
  profile?: string;
  endpointUrl?: string;
  /** Write the documents read under this directory, so the same check can run offline. */
  saveDocuments?: string;
  reader?: LiveOptions;
  /** Rule levels from the command line (--rule): over the config, for the report only. */
  ruleLevels?: Readonly<Record<string, RuleLevel>>;
  /** The time of the check: aws:CurrentTime of Mixpanel's requests, and the day (UTC) suppressions' `expires` dates are compared with (default: now). */
  now?: Date;
}

export interface LiveLintResult {
  /** The report as shown: --rule levels, and the config's suppressions, applied. */
  report: Report;
  /**
   * The rules at the config's levels, with no --rule, suppression or baseline applied (they shape the
   * report only): what --create decides on and status --explain explains with.
   */
  fullReport: Report;
  callerIdentity?: CallerIdentity;
  /** Every document checked, by display path, with the SHA-256 of its text (for audit records). */
  documents: { file: string; sha256: string }[];
  /** The parameters the check ran with (role and key resolved to ARNs where AWS said them). */
  params: PipelineParams;
  /** What AWS said about the role, bucket and key beyond their documents. */
  facts: LiveFacts;
  /** The reads that failed (each is also an MP600 finding). */
  problems: LiveProblem[];
  calls: number;
  waves?: number;
}

/** Display path of a document: where --save-documents wrote it, else its virtual `live/…` name. */
function documentPath(name: string, options: LiveLintOptions): string {
  return options.saveDocuments === undefined ? name : displayPath(path.resolve(options.cwd, options.saveDocuments, savedFileName(name)), options.cwd);
}

/** The live documents through the same reader as files (positions, grammar), with their live metadata. */
function sourcesOf(read: LiveReadResult, options: LiveLintOptions): SourceResult[] {
  return read.documents.map((live) => {
    const source = readDocuments(documentPath(live.name, options), Buffer.from(live.text), { kindOverride: live.kind });
    for (const document of source.documents) document.meta = { ...document.meta, ...live.meta };
    return source;
  });
}

export async function lintLive(options: LiveLintOptions): Promise<LiveLintResult> {
  const config = await (await configResolver(options.cwd, options.configFile, configContext(allRules)))(options.cwd);
  const given = mergeParams(config?.params, options.params);
  if (given.role === undefined) throw new UsageError('live mode needs the export role: --role ARN_OR_NAME (or "role" in the config)');
  const read = await readLiveAccount(
    { role: given.role, bucket: given.bucket, kmsKey: given.kmsKey, region: given.region, profile: options.profile, endpointUrl: options.endpointUrl },
    options.reader,
  );
  // Credentials no call could use: one message, as for any other unusable input (exit 2), not a finding per read.
  if (read.credentialFailure !== undefined) throw new UsageError(`live mode read nothing from AWS: ${read.credentialFailure}`);
  // Rules evaluate requests against real ARNs: a role name or key alias becomes what AWS returned.
  const params: PipelineParams = { ...given, role: read.facts.roleArn ?? given.role, kmsKey: read.facts.key?.arn ?? given.kmsKey };
  if (options.saveDocuments !== undefined) {
    try {
      // "root": the saved setup is checked offline with exactly these values, whatever configs sit above it.
      await saveLiveDocuments(read, path.resolve(options.cwd, options.saveDocuments), { root: true, ...params, ...(config === undefined ? {} : { rules: config.rules }) });
    } catch (error) {
      throw new UsageError(`cannot save the documents under ${options.saveDocuments}: ${(error as Error).message}`);
    }
  }
  const hashes = new Map(read.documents.map((live) => [documentPath(live.name, options), sha256Hex(live.text)]));
  const setupAt = (ruleLevels: Readonly<Record<string, RuleLevel>>) => {
    const setup = assembleSetup({
      directory: 'live',
      sources: sourcesOf(read, options),
      params,
      configFile: config === undefined ? undefined : displayPath(config.file, options.cwd),
      paramSources: paramSourcesOf(config, options.params, options.cwd),
      ruleLevels,
      now: options.now?.getTime(),
    });
    setup.live = { ...(read.callerIdentity === undefined ? {} : { callerIdentity: read.callerIdentity }), facts: read.facts, problems: read.problems };
    // The bucket's default encryption read, Bucket Keys are known: on only when its rule says so.
    if (read.problems.every((problem) => problem.call !== 's3:GetBucketEncryption')) setup.facts.bucketKeyEnabled = read.facts.bucketEncryption?.bucketKeyEnabled ?? false;
    return setup;
  };
  const fullReport = lintSetups([setupAt(config?.rules ?? {})], {});
  const levels = { ...config?.rules, ...options.ruleLevels };
  const setup = setupAt(levels);
  const builder = new ReportBuilder({});
  const ledger = new SuppressionLedger(options.now ?? new Date(), options.cwd, (absolute) => displayPath(absolute, options.cwd));
  ledger.apply(builder.check(setup), config?.suppressions ?? [], placesOf(setup, options.cwd, options.cwd));
  await reportSuppressions(builder, ledger, async () => levels);
  return {
    report: builder.build(),
    fullReport,
    ...(read.callerIdentity === undefined ? {} : { callerIdentity: read.callerIdentity }),
    documents: setup.documents.map((document) => ({ file: document.file, sha256: hashes.get(document.file)! })), // every document is one live read's,
    params,
    facts: read.facts,
    problems: read.problems,
    calls: read.calls,
    ...(read.waves === undefined ? {} : { waves: read.waves }),
  };
}

// `status --explain`: for each pipeline whose latest run failed, the live check (src/live.ts) of the
// destination it was created with, read from the audit log's `created` record (src/create/audit.ts) or
// given by flags. The check's findings explain the failure, or the documents allow every request
// Mixpanel makes and the cause lies outside them; a check that could not read everything says so.
import path from 'node:path';
import type { Encryption, PipelineParams, Report } from '../types.js';
import { mergeParams, UsageError } from '../lint.js';
import { DEFAULT_AUDIT_LOG, readCreatedPipelines, single, type CreatedPipeline, type FormParameters } from '../create/audit.js';
import type { LiveOptions } from '../sources/live/index.js';
import { allRules } from '../../rules/index.js';
import type { LiveLintResult } from '../live.js';
import type { PipelineStatus } from './index.js';
import { instant } from './runs.js';

export interface ExplainOptions {
  cwd: string;
  /** Default `mp-s3-lint-audit.jsonl`, relative to cwd. */
  auditLog?: string;
  /** From flags: override the audit record, and give what it does not hold (the project token). */
  params: Partial<PipelineParams>;
  /** Explicit config file; else the nearest mp-s3-lint.config.json at or above cwd (as live mode). */
  configFile?: string;
  profile?: string;
  endpointUrl?: string;
  reader?: LiveOptions;
}

/**
 * `findings`: errors of the live check explain the failure; `undecided`: the documents allow or deny
 * depending on values they do not give, which may explain it; `outside-documents`: they allow every
 * request; `incomplete`: the check could not read or ask everything.
 */
export type Conclusion = 'findings' | 'undecided' | 'outside-documents' | 'incomplete';

export interface Explanation {
  pipeline: string;
  /** The `created` record the destination was read from; null when none matched. */
  record: { file: string; time: string | null } | null;
  /** The parameters checked (after the live check: role and key as the ARNs AWS returned). */
  params: Partial<PipelineParams>;
  /** The failed run's `run_at`, the time Mixpanel's requests were asked at (aws:CurrentTime); null: the time of the check. */
  askedAt: string | null;
  conclusion: Conclusion;
  /** One sentence: what the check says about the failure. */
  summary: string;
  /** `outside-documents`: the causes the documents cannot show; otherwise what was left unchecked. */
  remaining: string[];
  /** The live check's report; null when it did not run. */
  report: Report | null;
  /** Who the live check read AWS as. */
  caller: { account: string; arn: string } | null;
}

/** The flags that place one pipeline's destination (the token is the project's, the same for all). */
const DESTINATION_FLAGS: ReadonlyArray<[keyof PipelineParams, string]> = [
  ['bucket', '--bucket'],
  ['role', '--role'],
  ['region', '--region'],
  ['prefix', '--prefix'],
  ['encryption', '--encryption'],
  ['kmsKey', '--kms-key'],
];
const ENCRYPTIONS: readonly string[] = ['none', 'aes', 'kms'] satisfies Encryption[];

/**
 * The destination a `created` record gives: s3_bucket, s3_region, s3_role, s3_prefix, s3_encryption
 * (Mixpanel's default `none` when absent), s3_kms_key_id. Not from_date: a pipeline created months ago
 * has a from_date the create check would now reject, which says nothing about today's failure.
 */
function destinationOf(parameters: FormParameters): Partial<PipelineParams> {
  const encryption = single(parameters['s3_encryption']) ?? 'none';
  return {
    bucket: single(parameters['s3_bucket']),
    region: single(parameters['s3_region']),
    role: single(parameters['s3_role']),
    prefix: single(parameters['s3_prefix']),
    kmsKey: single(parameters['s3_kms_key_id']),
    ...(ENCRYPTIONS.includes(encryption) ? { encryption: encryption as Encryption } : {}),
  };
}

export interface Explained {
  explanations: Explanation[];
  /** Lines for stderr. */
  messages: string[];
  /** Some explanation could not be completed (exit 2: it cannot tell). */
  incomplete: boolean;
}

export async function explainFailures(failing: readonly PipelineStatus[], options: ExplainOptions): Promise<Explained> {
  if (failing.length === 0) return { explanations: [], messages: [], incomplete: false };
  const flags = DESTINATION_FLAGS.filter(([name]) => options.params[name] !== undefined).map(([, flag]) => flag);
  if (flags.length > 0 && failing.length > 1) {
    return { explanations: [], messages: [`${flags.join(', ')} ${flags.length === 1 ? 'gives' : 'give'} one pipeline's destination, and ${failing.map((pipeline) => pipeline.name).join(', ')} failed: give --pipeline NAME to explain one of them.`], incomplete: true };
  }
  const auditFile = path.resolve(options.cwd, options.auditLog ?? DEFAULT_AUDIT_LOG);
  let created: CreatedPipeline[];
  try {
    created = await readCreatedPipelines(auditFile);
  } catch (error) {
    return { explanations: [], messages: [`The audit log ${auditFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}), so the failing pipelines' destinations are not known.`], incomplete: true };
  }
  const explanations: Explanation[] = [];
  for (const pipeline of failing) {
    // The latest record wins: a name Mixpanel reused after a cancel belongs to the newer pipeline.
    const record = created.filter((entry) => entry.name === pipeline.name && (entry.projectId === null || entry.projectId === pipeline.projectId)).at(-1);
    explanations.push(await explainOne(pipeline, record, auditFile, options));
  }
  return { explanations, messages: [], incomplete: explanations.some((explanation) => explanation.conclusion === 'incomplete') };
}

async function explainOne(pipeline: PipelineStatus, record: CreatedPipeline | undefined, auditFile: string, options: ExplainOptions): Promise<Explanation> {
  // Without a record, the flags alone (and the config, which lintLive merges in) give the destination.
  const params = record === undefined ? options.params : mergeParams(destinationOf(record.parameters), options.params);
  // The documents as they are now, asked at the time of the failed run: a Date condition may have denied then.
  const runAt = pipeline.latest.run?.runAt;
  const ranAt = instant(runAt);
  const base = { pipeline: pipeline.name, record: record === undefined ? null : { file: auditFile, time: record.time }, params, askedAt: ranAt === undefined ? null : runAt!, report: null, caller: null };
  if (params.role === undefined) {
    return {
      ...base,
      conclusion: 'incomplete',
      summary: `The destination of ${pipeline.name} is not known: the audit log ${auditFile} has no record of its creation, and no --role was given.`,
      remaining: ['Give it as it was created: --bucket, --role, --region, and --prefix, --encryption, --kms-key when set (with --pipeline NAME).'],
    };
  }
  const { lintLive } = await import('../live.js');
  let live: LiveLintResult;
  try {
    live = await lintLive({
      cwd: options.cwd,
      params,
      configFile: options.configFile,
      profile: options.profile,
      endpointUrl: options.endpointUrl,
      ...(options.reader === undefined ? {} : { reader: options.reader }),
      ...(ranAt === undefined ? {} : { now: new Date(ranAt) }),
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { ...base, conclusion: 'incomplete', summary: `The live check of ${pipeline.name}'s destination could not run: ${error.message}.`, remaining: [] };
  }
  // Explained with every finding: a suppression or a level in the config may hide the cause.
  const full = { ...live, report: live.fullReport };
  return conclude(pipeline, { ...base, params: full.params, report: full.report, caller: full.callerIdentity === undefined ? null : { account: full.callerIdentity.account, arn: full.callerIdentity.arn } }, full);
}

/** MP500: a parameter the check needs is not set, so the questions it needs were not asked. */
const PARAMETER_MISSING = 'MP500';
/** MP600: an AWS read failed; "not found" (a deleted role, bucket or key) explains a failure, other failures leave it unchecked. */
const READ_FAILED = 'MP600';

function conclude(pipeline: PipelineStatus, base: Omit<Explanation, 'conclusion' | 'summary' | 'remaining'>, live: LiveLintResult): Explanation {
  const unread = new Set(live.problems.filter((problem) => problem.code !== 'not-found').map((problem) => problem.message));
  const leftUnchecked = (finding: Report['findings'][number]) => finding.ruleId === PARAMETER_MISSING || (finding.ruleId === READ_FAILED && unread.has(finding.message));
  const unchecked = live.report.findings.filter(leftUnchecked).map((finding) => finding.message);
  const errors = live.report.findings.filter((finding) => finding.level === 'error' && !leftUnchecked(finding));
  if (errors.length > 0) {
    return {
      ...base,
      conclusion: 'findings',
      summary: `The live check found ${errors.length === 1 ? 'an error' : `${errors.length} errors`} that make${errors.length === 1 ? 's' : ''} Mixpanel's requests fail: ${errors.length === 1 ? 'it explains' : 'they explain'} the failure of ${pipeline.name}.`,
      remaining: unchecked.map((reason) => `Also left unchecked: ${reason}`),
    };
  }
  if (unchecked.length > 0 || live.report.inputFailure) {
    return { ...base, conclusion: 'incomplete', summary: `The live check is incomplete, so it cannot tell whether the documents explain the failure of ${pipeline.name}.`, remaining: unchecked };
  }
  const undecided = live.report.findings.filter((finding) => UNDECIDED_RULES.has(finding.ruleId)).length;
  if (undecided > 0) {
    return {
      ...base,
      conclusion: 'undecided',
      summary: `Whether the documents let Mixpanel's requests through depends on values they do not give (${undecided === 1 ? 'the finding' : `the ${undecided} findings`} above): if those values went against the export when it ran, they explain the failure of ${pipeline.name}.`,
      remaining: outsideCauses(pipeline, live, false),
    };
  }
  const warnings = live.report.findings.filter((finding) => finding.level === 'warning').length;
  return {
    ...base,
    conclusion: 'outside-documents',
    summary: `The documents allow every request Mixpanel makes: the cause is outside them.${warnings > 0 ? ` (${warnings === 1 ? 'The warning' : `The ${warnings} warnings`} above may still matter.)` : ''}`,
    remaining: outsideCauses(pipeline, live, true),
  };
}

/** Rules reporting an answer that depends on a value the documents do not give (tagged `undecided`). */
const UNDECIDED_RULES = new Set(allRules.filter((rule) => rule.meta.tags.includes('undecided')).map((rule) => rule.meta.id));

/**
 * What can fail an export whose documents allow it. Organization policies limit what the documents
 * grant and are not read here: "Service control policies (SCPs)",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html and
 * "Resource control policies (RCPs)",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
function outsideCauses(pipeline: PipelineStatus, live: LiveLintResult, documentsAllow: boolean): string[] {
  const { params, facts } = live;
  const present = [`the role ${params.role}`, `the bucket ${params.bucket}`, ...(facts.key === undefined ? [] : [`the key ${facts.key.arn} (${facts.key.keyState})`])];
  const at = pipeline.latest.at === undefined ? '' : ` at ${pipeline.latest.at}`;
  return [
    `A change since the run: ${present.join(', ')} exist now${documentsAllow ? ' and the documents as they are now allow the export' : ''}; a resource deleted, a key disabled or a policy changed when the run failed and put back since would explain it (AWS CloudTrail records such changes).`,
    "Your AWS Organization's service control policies and resource control policies, which can deny the role's S3 and KMS requests whatever these documents allow; this tool does not read them.",
    `The external id: the trust policy was checked against the project token ${params.token}; if it is not the token of the project that owns ${pipeline.name}, Mixpanel's sts:AssumeRole is refused.`,
    `A failure on Mixpanel's side: the API reports no error text for a run, so ask Mixpanel's support about the ${pipeline.latest.verdict} run of ${pipeline.name}${at}.`,
  ];
}

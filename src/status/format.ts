// `status` output: pure functions (result, options) => string. stylish is a table of the pipelines
// and a block per pipeline; json is a stable shape for programs (README); github annotates the
// pipelines whose latest run failed. A field Mixpanel did not send reads "not reported" (null in JSON).
import { Chalk } from 'chalk';
import type { Finding, RuleMeta } from '../types.js';
import { formatGithub, workflowCommand } from '../report/github.js';
import { isFailure, lastSync, neverFinished, type DaySync, type Run, type Verdict } from './runs.js';
import type { Explanation, PipelineStatus, StatusResult } from './index.js';

export const STATUS_FORMATS = ['stylish', 'json', 'github'] as const;
export type StatusFormat = (typeof STATUS_FORMATS)[number];

export interface StatusFormatOptions {
  color: boolean;
  /** Rule titles for the explanations' findings (github). */
  rules: readonly RuleMeta[];
}

/** Runs and days shown per pipeline by stylish (json has them all). */
const SHOWN_RUNS = 10;
const SHOWN_DAYS = 7;
const NOT_REPORTED = 'not reported';

export function formatStatus(format: StatusFormat, result: StatusResult, options: StatusFormatOptions): string {
  switch (format) {
    case 'json':
      return formatStatusJson(result);
    case 'github':
      return formatStatusGithub(result, options);
    case 'stylish':
      return formatStatusStylish(result, options);
  }
}

const shown = (value: string | undefined) => (value === undefined ? NOT_REPORTED : value === '' ? '(empty)' : value);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

const VERDICT_TEXT: Record<Verdict, string> = {
  synced: 'synced',
  failed: 'failed',
  timed_out: 'timed out',
  canceled: 'canceled',
  'no-runs': 'no finished run yet',
  unknown: 'cannot be told',
};

function latestText(pipeline: PipelineStatus): string {
  const { verdict, at } = pipeline.latest;
  return `${VERDICT_TEXT[verdict]}${at === undefined ? '' : ` at ${at}`}`;
}

/** Columns padded to their widest cell; the last column is not padded. */
function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => indent + row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
}

function lastFinishText(run: Run): string {
  return neverFinished(run.lastFinish) ? 'never finished' : shown(run.lastFinish);
}

function dayText(day: DaySync): string {
  const last = lastSync(day)?.time ?? day.syncTimes[0];
  return `${shown(day.date)} ${shown(day.status)}${last === undefined ? '' : ` (last sync ${last})`}`;
}

function formatStatusStylish(result: StatusResult, options: Pick<StatusFormatOptions, 'color'>): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const mark: Record<Verdict, string> = { synced: chalk.green('✔'), failed: chalk.red('✖'), timed_out: chalk.red('✖'), canceled: chalk.yellow('!'), 'no-runs': chalk.dim('–'), unknown: chalk.yellow('?') };
  const lines: string[] = [];
  const project = result.projectIds.length === 0 ? 'Mixpanel' : `Mixpanel project ${result.projectIds.join(', ')}`;
  if (result.pipelines.length === 0) {
    // Nothing to show after an error (said on stderr), or a project without pipelines.
    return result.exitCode === 2 ? '' : `${project}: no pipelines listed (Mixpanel's API does not manage pipelines created in its UI).\n`;
  }
  lines.push(`${project} (${result.baseUrl})`, '');
  lines.push(
    ...table(
      [['PIPELINE', 'FREQUENCY', 'SYNC ENABLED', 'LAST DISPATCHED', 'LATEST'], ...result.pipelines.map((p) => [p.name, shown(p.frequency), shown(p.syncEnabled), shown(p.lastDispatched), latestText(p)])],
      '',
    ),
  );
  for (const pipeline of result.pipelines) {
    lines.push('', `${mark[pipeline.latest.verdict]} ${chalk.bold(pipeline.name)}: ${latestText(pipeline)}${pipeline.latest.note === undefined ? '' : ` (${pipeline.latest.note})`}`);
    if (pipeline.error !== undefined) lines.push(`  ${chalk.yellow(pipeline.error)}`);
    if (pipeline.runs.length === 0) lines.push('  runs: none reported');
    else {
      const rows = pipeline.runs.slice(0, SHOWN_RUNS).map((run) => [run.documented ? run.state : `${run.state} (a state Mixpanel does not document)`, shown(run.runAt), shown(run.fromDate), shown(run.toDate), lastFinishText(run)]);
      lines.push(...table([['STATE', 'RUN AT', 'FROM', 'TO', 'LAST FINISH'], ...rows], '  '));
      if (pipeline.runs.length > SHOWN_RUNS) lines.push(`  … ${pipeline.runs.length - SHOWN_RUNS} older runs (--format json lists them all)`);
    }
    if (pipeline.error === undefined) {
      const days = pipeline.days.slice(0, SHOWN_DAYS).map(dayText);
      lines.push(`  sync dates: ${days.length === 0 ? 'none reported' : days.join(', ')}${pipeline.days.length > SHOWN_DAYS ? `, … ${pipeline.days.length - SHOWN_DAYS} more` : ''}`);
    }
    if (isFailure(pipeline.latest.verdict) && result.explanations === null) {
      lines.push(`  Mixpanel reports no error text for a run. To check what AWS allows now: mp-s3-lint status --pipeline ${pipeline.name} --explain`);
    }
  }
  if (result.explanations !== null) {
    if (result.explanations.length === 0 && !result.pipelines.some((p) => isFailure(p.latest.verdict))) lines.push('', 'Nothing to explain: no latest run failed or timed out.');
    for (const explanation of result.explanations) lines.push(...explanationLines(explanation, chalk));
  }
  lines.push('', summaryLine(result, chalk));
  return `${lines.join('\n')}\n`;
}

function summaryLine(result: StatusResult, chalk: InstanceType<typeof Chalk>): string {
  const count = (verdict: Verdict) => result.pipelines.filter((p) => p.latest.verdict === verdict).length;
  const total = plural(result.pipelines.length, 'pipeline');
  const failed = count('failed') + count('timed_out');
  const parts = (['synced', 'canceled', 'no-runs'] as const).filter((verdict) => count(verdict) > 0).map((verdict) => `${count(verdict)} ${VERDICT_TEXT[verdict]}`);
  if (count('unknown') > 0) return chalk.yellow.bold(`? ${count('unknown')} of ${total}: the state cannot be told${failed > 0 ? `; ${failed} failed or timed out` : ''}.`);
  if (failed > 0) return chalk.red.bold(`✖ ${failed} of ${total}: the latest run failed or timed out.`);
  return chalk.green.bold(`✔ ${total}, none whose latest run failed: ${parts.join(', ')}.`);
}

function destinationText(params: Explanation['params']): string {
  const where = `s3://${params.bucket ?? '?'}${params.prefix ? `/${params.prefix}` : ''}`;
  const encryption = params.encryption === 'kms' ? `kms, key ${shown(params.kmsKey)}` : (params.encryption ?? 'none');
  return `${where}, role ${shown(params.role)}, region ${shown(params.region)}, encryption ${encryption}`;
}

function explanationLines(explanation: Explanation, chalk: InstanceType<typeof Chalk>): string[] {
  const source = explanation.record === null ? 'flags and config' : `the audit log ${explanation.record.file} (created ${shown(explanation.record.time ?? undefined)})`;
  const lines = ['', chalk.bold(`Why ${explanation.pipeline} failed`), `  destination, from ${source}: ${destinationText(explanation.params)}`];
  if (explanation.caller !== null) lines.push(`  live check as ${explanation.caller.arn} (account ${explanation.caller.account}), ${explanation.askedAt === null ? 'requests asked at the time of the check' : `requests asked at the run's time, ${explanation.askedAt}`}`);
  for (const finding of explanation.report?.findings ?? []) lines.push(...findingLines(finding, chalk));
  const colour = { findings: chalk.red, undecided: chalk.yellow, incomplete: chalk.yellow, 'outside-documents': chalk.cyan }[explanation.conclusion];
  lines.push(`  ${colour(explanation.summary)}`);
  lines.push(...explanation.remaining.map((item) => `    - ${item}`));
  return lines;
}

/** A finding with its place in the live document, the JSON path included (there is no file to open). */
function findingLines(finding: Finding, chalk: InstanceType<typeof Chalk>): string[] {
  const level = { error: chalk.red('error'), warning: chalk.yellow('warning'), note: chalk.blue('note') }[finding.level];
  const lines = [`  ${finding.ruleId} ${level}  ${finding.file}:${finding.line}:${finding.column}  ${finding.path}`, ...finding.message.split('\n').map((line) => `      ${line}`)];
  if (finding.fix !== undefined) lines.push(...finding.fix.split('\n').map((line, index) => `      ${index === 0 ? chalk.green('fix:') : '    '} ${line}`));
  return lines;
}

/** null for a field Mixpanel did not send. */
const orNull = (value: string | undefined) => value ?? null;

function formatStatusJson(result: StatusResult): string {
  const output = {
    version: 1,
    baseUrl: result.baseUrl,
    projectIds: result.projectIds,
    pipelines: result.pipelines.map((p) => ({
      name: p.name,
      projectId: p.projectId,
      frequency: orNull(p.frequency),
      dispatcher: orNull(p.dispatcher),
      lastDispatched: orNull(p.lastDispatched),
      syncEnabled: orNull(p.syncEnabled),
      latest: { verdict: p.latest.verdict, at: orNull(p.latest.at), note: orNull(p.latest.note) },
      runs: p.runs.map((run) => ({ state: run.state, documented: run.documented, runAt: orNull(run.runAt), fromDate: orNull(run.fromDate), toDate: orNull(run.toDate), lastFinish: orNull(run.lastFinish), neverFinished: neverFinished(run.lastFinish) })),
      days: p.days.map((day) => ({ date: orNull(day.date), status: orNull(day.status), syncTimes: day.syncTimes })),
      error: orNull(p.error),
    })),
    explanations:
      result.explanations?.map((e) => ({
        pipeline: e.pipeline,
        record: e.record,
        params: e.params,
        askedAt: e.askedAt,
        conclusion: e.conclusion,
        summary: e.summary,
        remaining: e.remaining,
        caller: e.caller,
        findings: e.report?.findings ?? null,
      })) ?? null,
    summary: {
      pipelines: result.pipelines.length,
      failed: result.pipelines.filter((p) => isFailure(p.latest.verdict)).length,
      unknown: result.pipelines.filter((p) => p.latest.verdict === 'unknown').length,
      exitCode: result.exitCode,
    },
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}

function formatStatusGithub(result: StatusResult, options: Pick<StatusFormatOptions, 'rules'>): string {
  const lines: string[] = [];
  for (const p of result.pipelines) {
    const title = `Mixpanel pipeline ${p.name}`;
    if (isFailure(p.latest.verdict)) {
      const run = p.latest.run;
      const window = run === undefined ? '' : ` (run at ${shown(run.runAt)}, from ${shown(run.fromDate)} to ${shown(run.toDate)}, last finish ${lastFinishText(run)})`;
      lines.push(workflowCommand('error', { title }, `The latest run ${VERDICT_TEXT[p.latest.verdict]}${window}. Mixpanel reports no error text for a run; mp-s3-lint status --pipeline ${p.name} --explain checks what AWS allows now.`));
    } else if (p.error !== undefined) {
      lines.push(workflowCommand('warning', { title }, p.error));
    }
  }
  for (const e of result.explanations ?? []) lines.push(workflowCommand(e.conclusion === 'findings' ? 'notice' : 'warning', { title: `Why ${e.pipeline} failed` }, [e.summary, ...e.remaining].join('\n')));
  const findings = (result.explanations ?? []).flatMap((e) => e.report?.findings ?? []);
  return `${lines.map((line) => `${line}\n`).join('')}${formatGithub(findings, options.rules)}`;
}

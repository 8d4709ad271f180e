// The audit log: one JSON line per `--create` attempt, appended (never rewritten) and flushed to disk
// before the attempt returns. Its `created` lines are also the registry of pipelines this tool made,
// with their destinations: Mixpanel's `jobs` listing gives only names.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { Exchange } from './api.js';

export const DEFAULT_AUDIT_LOG = 'mp-s3-lint-audit.jsonl';

export type Decision = 'created' | 'refused' | 'already-exists' | 'failed' | 'dry-run';

export interface CallerIdentity {
  account: string;
  arn: string;
}

export interface DocumentDigest {
  file: string;
  sha256: string;
}

/** The form parameters of the create request (repeated keys as arrays). */
export type FormParameters = Record<string, string | string[]>;

/** The create request as shown and recorded: the secret is `***`. */
export interface DisplayedRequest {
  method: 'POST';
  url: string;
  /** curl's `-u` value: `***:` or `USERNAME:***`. */
  auth: string;
  body: string;
}

export interface AuditRecord {
  time: string;
  tool: { name: string; version: string };
  caller: CallerIdentity | null;
  decision: Decision;
  /** One sentence: why this decision. */
  reason: string;
  mixpanel: { baseUrl: string; dataResidency: string; projectId: string | null; auth: 'service-account' | 'project-secret' | null; username: string | null };
  parameters: FormParameters;
  documents: DocumentDigest[];
  findings: { errors: number; warnings: number; notes: number; files: number; maxWarnings: number | null; inputFailure: boolean };
  /** The create request, sent or (dry run) not; null when it was never built. */
  request: DisplayedRequest | null;
  /** Mixpanel's answer to the create request (`{status, body}`), or `{error}`; null when nothing was posted. */
  response: { status: number; body: unknown } | { error: string } | null;
  /** Every HTTP exchange of the attempt, in order. */
  exchanges: Exchange[];
  /** Names of the pipelines created, or of the existing pipeline found. */
  pipelines: string[];
}

/** A pipeline this tool created, as its audit line recorded it. */
export interface KnownPipeline {
  name: string;
  projectId: string | null;
  bucket: string;
  prefix: string;
  /** Without to_date and not a trial: counts against the 2 recurring pipelines. */
  recurring: boolean;
}

/** Prefixes compare without leading and trailing slashes (`exports/` and `exports` write to the same place). */
export function normalizePrefix(prefix: string | undefined): string {
  return (prefix ?? '').replace(/^\/+|\/+$/g, '');
}

/** The first value of a form parameter (repeated keys are arrays). */
export const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

export function isRecurring(parameters: FormParameters): boolean {
  return single(parameters['to_date']) === undefined && single(parameters['trial']) !== 'true';
}

/** A pipeline a `created` record names, with the form parameters it was created with (its destination). */
export interface CreatedPipeline {
  name: string;
  projectId: string | null;
  /** The record's time. */
  time: string | null;
  parameters: FormParameters;
}

/**
 * Every pipeline named by a `created` record, in file order. Only `created` records say that a
 * pipeline exists; lines that do not parse (a line cut short by a full disk) are skipped.
 */
export function createdPipelines(text: string): CreatedPipeline[] {
  const created: CreatedPipeline[] = [];
  for (const line of text.split('\n')) {
    let record: Partial<AuditRecord>;
    try {
      record = JSON.parse(line) as Partial<AuditRecord>;
    } catch {
      continue;
    }
    if (record === null || record.decision !== 'created' || !Array.isArray(record.pipelines) || typeof record.parameters !== 'object' || record.parameters === null) continue;
    for (const name of record.pipelines) {
      if (typeof name === 'string') created.push({ name, projectId: record.mixpanel?.projectId ?? null, time: typeof record.time === 'string' ? record.time : null, parameters: record.parameters });
    }
  }
  return created;
}

/** The audit log's text; empty when the file does not exist yet. */
async function readLog(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
}

/** The pipelines the audit log `file` records as created (none when it does not exist). */
export async function readCreatedPipelines(file: string): Promise<CreatedPipeline[]> {
  return createdPipelines(await readLog(file));
}

function knownPipelines(text: string): KnownPipeline[] {
  return createdPipelines(text).flatMap(({ name, projectId, parameters }) => {
    const bucket = single(parameters['s3_bucket']);
    return bucket === undefined ? [] : [{ name, projectId, bucket, prefix: normalizePrefix(single(parameters['s3_prefix'])), recurring: isRecurring(parameters) }];
  });
}

export class AuditLog {
  private constructor(
    private readonly handle: FileHandle,
    /** Pipelines created by earlier attempts recorded in this file. */
    readonly known: readonly KnownPipeline[],
    /** The file ends in a line cut short (a torn write): start on a fresh line so ours stays whole. */
    private readonly endsMidLine: boolean,
  ) {}

  /** Opens for appending (created if absent) before anything is sent, so an unwritable log stops the attempt early. */
  static async open(file: string): Promise<AuditLog> {
    const earlier = await readLog(file);
    return new AuditLog(await open(file, 'a'), knownPipelines(earlier), earlier !== '' && !earlier.endsWith('\n'));
  }

  /**
   * Appends the record as one line with a single write, fsyncs, closes, and returns the line written.
   * Every string passes through `redact`.
   */
  async append(record: AuditRecord, redact: (text: string) => string): Promise<string> {
    try {
      const line = redact(JSON.stringify(record, (_key, value: unknown) => (typeof value === 'string' ? redact(value) : value)));
      await this.handle.write(`${this.endsMidLine ? '\n' : ''}${line}\n`);
      await this.handle.sync();
      return line;
    } finally {
      await this.handle.close();
    }
  }
}

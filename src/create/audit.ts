// The audit log: JSON lines appended (never rewritten), each flushed to disk before the attempt goes
// on. An attempt that reaches the create request writes a `pending` line before it and its outcome
// after; every other attempt writes one line. Its `created` lines are also the registry of pipelines
// this tool made, with their destinations: Mixpanel's `jobs` listing gives only names.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { Exchange } from './api.js';

export const DEFAULT_AUDIT_LOG = 'mp-s3-lint-audit.jsonl';

/**
 * `pending`: written before the create request, so a run that dies during it leaves a trace the next
 * run settles. `unknown`: whether the request created a pipeline could not be told.
 */
export type Decision = 'created' | 'refused' | 'already-exists' | 'failed' | 'dry-run' | 'pending' | 'unknown';

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
  /**
   * The create request the record is about: its `pending` line, its outcome, and a later run's line
   * settling it share it. Absent in records written before write-ahead records existed.
   */
  requestId?: string;
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
  /** The names in the project's listing before the create request; null when nothing was listed. */
  listed?: string[] | null;
  /** Names of the pipelines created, of the existing pipeline found, or (`unknown`) of those that may be it. */
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

/** A create request whose outcome is not settled: its last line is `pending` or `unknown`. */
export type UnsettledRecord = AuditRecord & { requestId: string; decision: 'pending' | 'unknown' };

/** Prefixes compare without leading and trailing slashes (`exports/` and `exports` write to the same place). */
export function normalizePrefix(prefix: string | undefined): string {
  return (prefix ?? '').replace(/^\/+|\/+$/g, '');
}

/** The first value of a form parameter (repeated keys are arrays). */
export const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

export function isRecurring(parameters: FormParameters): boolean {
  return single(parameters['to_date']) === undefined && single(parameters['trial']) !== 'true';
}

/** Where a record's pipeline writes: `bucket/prefix`, the prefix normalised. */
export function destinationOf(parameters: FormParameters): string {
  return `${single(parameters['s3_bucket']) ?? ''}/${normalizePrefix(single(parameters['s3_prefix']))}`;
}

/** The records of an audit log's text. Lines that do not parse (a line cut short by a full disk) are skipped. */
export function parseRecords(text: string): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    try {
      const record = JSON.parse(line) as unknown;
      if (typeof record === 'object' && record !== null && typeof (record as AuditRecord).decision === 'string') records.push(record as AuditRecord);
    } catch {
      // a torn or foreign line
    }
  }
  return records;
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
 * pipeline exists (Mixpanel's answer named it, or the user did with --resolve-unknown).
 */
export function createdPipelines(text: string): CreatedPipeline[] {
  const created: CreatedPipeline[] = [];
  for (const record of parseRecords(text)) {
    if (record.decision !== 'created' || !Array.isArray(record.pipelines) || typeof record.parameters !== 'object' || record.parameters === null) continue;
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

/** The created pipelines with the bucket and prefix they export to, as idempotency compares them. */
export function knownPipelines(text: string): KnownPipeline[] {
  return createdPipelines(text).flatMap(({ name, projectId, parameters }) => {
    const bucket = single(parameters['s3_bucket']);
    return bucket === undefined ? [] : [{ name, projectId, bucket, prefix: normalizePrefix(single(parameters['s3_prefix'])), recurring: isRecurring(parameters) }];
  });
}

/** Create requests whose last line is `pending` or `unknown`, oldest first. */
export function unsettledRecords(records: readonly AuditRecord[]): UnsettledRecord[] {
  const last = new Map<string, AuditRecord>();
  for (const record of records) if (typeof record.requestId === 'string') last.set(record.requestId, record);
  return [...last.values()].filter((record): record is UnsettledRecord => record.decision === 'pending' || record.decision === 'unknown');
}

export class AuditLog {
  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  /**
   * Opens for reading and appending (created, readable by its owner only, if absent) before anything
   * is sent, so an unwritable log stops the attempt early.
   */
  static async open(file: string): Promise<AuditLog> {
    return new AuditLog(file, await open(file, 'a+', 0o600));
  }

  /** The log's text as it is now. */
  async text(): Promise<string> {
    return readLog(this.file);
  }

  /**
   * Appends the record as one line, fsyncs, and returns the line written. Every string passes through
   * `redact`. A short write is continued until the line is whole; a write that fails (a full disk)
   * throws, and the line it cut short is left to be skipped by readers: the next one starts on a fresh line.
   */
  async append(record: AuditRecord, redact: (text: string) => string): Promise<string> {
    const line = redact(JSON.stringify(record, (_key, value: unknown) => (typeof value === 'string' ? redact(value) : value)));
    const bytes = Buffer.from(`${(await this.endsMidLine()) ? '\n' : ''}${line}\n`, 'utf8');
    for (let written = 0; written < bytes.length; ) {
      const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written);
      if (bytesWritten === 0) throw Object.assign(new Error('the write made no progress'), { code: 'ENOSPC' });
      written += bytesWritten;
    }
    await this.handle.sync();
    return line;
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }

  private async endsMidLine(): Promise<boolean> {
    const { size } = await this.handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await this.handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  }
}

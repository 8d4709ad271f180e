// One `--create` at a time per audit log: a lock file next to it (`AUDIT.lock`), made with an
// exclusive create and held from the listing of the pipelines to the attempt's last record. It holds
// who took it; a lock whose process no longer runs on this machine is taken over, any other is
// reported and left alone.
import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO 8601. */
  since: string;
}

export type LockOutcome =
  | { ok: true; lock: Lock; /** The holder of a stale lock that was taken over. */ tookOver?: LockHolder }
  | { ok: false; message: string };

export class Lock {
  constructor(
    readonly file: string,
    private readonly content: string,
  ) {}

  /** Removes the lock file if it is still ours. */
  async release(): Promise<void> {
    if ((await readFile(this.file, 'utf8').catch(() => undefined)) === this.content) await unlink(this.file).catch(() => undefined);
  }
}

export async function acquireLock(file: string, now: Date): Promise<LockOutcome> {
  const content = `${JSON.stringify({ pid: process.pid, host: hostname(), since: now.toISOString() } satisfies LockHolder)}\n`;
  if (await createExclusively(file, content)) return { ok: true, lock: new Lock(file, content) };
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const holder = parseHolder(text);
  if (text !== undefined && holder !== undefined && isStale(holder) && (await removeIfUnchanged(file, text)) && (await createExclusively(file, content))) {
    return { ok: true, lock: new Lock(file, content), tookOver: holder };
  }
  const who = holder === undefined ? 'a run that left no readable holder in it' : `process ${holder.pid} on ${holder.host === hostname() ? 'this machine' : `host ${holder.host}`}, since ${holder.since}`;
  return {
    ok: false,
    message: `another mp-s3-lint --create is using this audit log: the lock file ${file} is held by ${who}. Wait for that run to finish and run again; if no such run is going on (it was killed on another machine), delete ${file}`,
  };
}

/** `wx`: fails when the file exists, so of two runs only one creates it. */
async function createExclusively(file: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

function parseHolder(text: string | undefined): LockHolder | undefined {
  try {
    const value = JSON.parse(text ?? '') as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string' ? (value as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** Only a process on this machine can be seen to be gone. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves the stale lock aside and deletes it, but only if what was moved is the lock read before: two
 * runs taking over at once must not remove the lock the faster one just made. A lock moved by mistake
 * is put back.
 */
async function removeIfUnchanged(file: string, expected: string): Promise<boolean> {
  const aside = `${file}.${randomUUID()}`;
  try {
    await rename(file, aside);
  } catch {
    return false;
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== expected) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return moved === expected;
}

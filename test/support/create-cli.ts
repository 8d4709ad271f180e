// `mp-s3-lint --live --create` as users run it, for the fail-closed tests: the flags against the AWS
// emulator and the Mixpanel stand-in, the real executable as a child process (to send it signals, race
// two of them, or limit its file size), and the audit log read back.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoPath } from '../helpers/repo.js';
import { HERMETIC_AWS_ENV, type AwsEmulator } from './aws-emulator.js';
import type { MixpanelStandin } from './mixpanel-standin.js';
import { BUCKET, ROLE, TOKEN } from './live-account.js';
import { PROJECT_ID, SECRET_ENV } from './pipeline-input.js';

export const AUDIT_LOG = 'mp-s3-lint-audit.jsonl';

/** The flags of a live check of the good account and a create at the stand-in. */
export function createFlags(aws: AwsEmulator, mixpanel: MixpanelStandin): string[] {
  return [
    '--live', '--role', ROLE, '--bucket', BUCKET, '--token', TOKEN, '--region', 'us-east-1', '--encryption', 'kms', '--kms-key', 'alias/mixpanel-export',
    '--endpoint-url', aws.url, '--create', '--from-date', '2026-11-01', '--api-url', mixpanel.url, '--project-id', PROJECT_ID,
  ];
}

/** The environment of a child run: hermetic AWS settings and the Mixpanel secret, nothing of the machine's. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'], ...HERMETIC_AWS_ENV, AWS_MAX_ATTEMPTS: '2', ...SECRET_ENV, ...extra };
}

export interface ChildRun {
  child: ChildProcess;
  /** Everything written so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `command args` (by default the real executable, `node bin/mp-s3-lint.js`) in `cwd`. */
export function startChild(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; command?: string[]; stdin?: boolean }): ChildRun {
  const command = options.command ?? [process.execPath, repoPath('bin', 'mp-s3-lint.js')];
  const child = spawn(command[0]!, [...command.slice(1), ...args], { cwd: options.cwd, env: options.env ?? childEnv(), stdio: [options.stdin === true ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Polls `condition` every 10 ms, 1,000 times at most; false if it never held. */
export async function waitFor(condition: () => boolean): Promise<boolean> {
  for (let polls = 0; polls < 1000; polls++) {
    if (condition()) return true;
    await sleep(10);
  }
  return condition();
}

/** The audit log's lines in `cwd`, parsed; a line that does not parse is kept as `{ torn: TEXT }`. */
export function auditRecords(cwd: string, file = AUDIT_LOG): Array<Record<string, unknown>> {
  const log = path.join(cwd, file);
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return { torn: line };
      }
    });
}

export const decisions = (cwd: string, file = AUDIT_LOG) => auditRecords(cwd, file).map((record) => (record['torn'] === undefined ? record['decision'] : 'torn'));

// Runs a command as a child process and measures it: wall time from spawn to exit, and for Node
// children started through runMeasured the peak RSS (via the usage-preload.js preload).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is dist/bench/child.js). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO, 'bin', 'mp-s3-lint.js');
const USAGE_PRELOAD = path.join(REPO, 'dist', 'bench', 'usage-preload.js');

export interface Measured {
  wallMs: number;
  code: number | null;
  /** Peak resident set size of the child in MiB. */
  maxRssMiB: number;
  /** CPU time (user + system) of the child: unlike wall time, not inflated by a busy or shared machine. */
  cpuMs: number;
}

/** Runs `node ...args` with the usage-preload.js preload; output is discarded. */
export async function runMeasured(args: readonly string[], cwd = REPO): Promise<Measured> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mp-s3-lint-rss-'));
  const rssFile = path.join(scratch, 'rss');
  try {
    const { wallMs, code } = await runTimed(process.execPath, ['--import', USAGE_PRELOAD, ...args], cwd, { MP_S3_LINT_USAGE_FILE: rssFile });
    const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKiB: number; cpuMicros: number };
    return { wallMs, code, maxRssMiB: usage.maxRssKiB / 1024, cpuMs: usage.cpuMicros / 1000 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Wall time of one run of `command args`, output discarded. */
export function runTimed(command: string, args: readonly string[], cwd = REPO, env: NodeJS.ProcessEnv = {}): Promise<{ wallMs: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, stdio: 'ignore', env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ wallMs: performance.now() - start, code }));
  });
}

/** `target ≤ 2.0×: met` (or MISSED), for every figure the benchmarks hold to a target. */
export function targetVerdict(value: number, target: number, unit = '×'): string {
  return `target ≤ ${unit === '×' ? target.toFixed(1) : target}${unit === '×' ? '×' : ` ${unit}`}: ${value <= target ? 'met' : 'MISSED'}`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.availableParallelism()} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

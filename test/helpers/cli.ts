// Runs the CLI in-process (main) or as a real process (bin), capturing output and exit code.
import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { main } from '../../src/cli.js';
import { repoPath } from './repo.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean; confirm?: (question: string) => Promise<boolean>; stdin?: string | Buffer } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTty: options.tty ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? repoPath(),
    ...(options.confirm === undefined ? {} : { confirm: options.confirm }),
    ...(options.stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(options.stdin)]) }),
  });
  return { code, stdout, stderr };
}

/** The real executable, as users and CI run it. */
export function runBin(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [repoPath('bin', 'mp-s3-lint.js'), ...argv], { cwd: options.cwd ?? repoPath(), env: { PATH: process.env['PATH'], ...options.env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

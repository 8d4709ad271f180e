// Process entry: wires main() to the real process. bin/mp-s3-lint.js imports this file.
import { createInterface } from 'node:readline/promises';
import { main } from './cli.js';
import { LINKS } from './version.js';

/** A yes/no question on the terminal; only "yes" goes ahead. */
async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(`${question}\nType "yes" to go ahead: `)).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTty: process.stdout.isTTY === true,
  stderrIsTty: process.stderr.isTTY === true,
  ...(process.stdin.isTTY === true && process.stderr.isTTY === true ? { confirm } : {}),
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const where = LINKS.issues === undefined ? '' : ` at ${LINKS.issues}`;
    process.stderr.write(`mp-s3-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report this${where} with the command you ran (NODE_OPTIONS=--enable-source-maps gives a readable stack).\n`);
    process.exitCode = 2;
  },
);

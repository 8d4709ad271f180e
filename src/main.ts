// Process entry: wires main() to the real process. bin/mp-s3-lint.js imports this file (or its bundle).
// The terminal prompt (node:readline) is loaded only when --create asks.
import { main, type Interrupt } from './cli.js';
import { makeRedactor, secretsIn } from './redact.js';
import { quoted } from './text.js';
import { LINKS } from './version.js';

/** Exit codes of a process ended by a signal, as shells report them (128 + the signal's number). */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * SIGINT and SIGTERM end the process at once, unless a run that records what it did (`--create`)
 * claimed them: then the first one asks that run to stop (it writes its audit line and returns), and a
 * second one ends the process at once.
 */
function interruptFromSignals(): Interrupt {
  const controller = new AbortController();
  let claimed = false;
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.on(name, () => {
      if (!claimed || controller.signal.aborted) process.exit(SIGNAL_EXIT_CODES[name]);
      process.stderr.write(`mp-s3-lint: ${name} received: stopping once the step under way is recorded in the audit log; send it again to stop at once.\n`);
      controller.abort(name);
    });
  }
  return { signal: controller.signal, claim: () => void (claimed = true) };
}

const interrupt = interruptFromSignals();

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTty: process.stdout.isTTY === true,
  stderrIsTty: process.stderr.isTTY === true,
  ...(process.stderr.isTTY === true && process.stdin.isTTY === true ? { confirm: async (question: string) => (await import('./prompt.js')).askYesNo(question, { input: process.stdin, output: process.stderr }) } : {}),
  // Opened only when read (`-` among the paths): creating the stream takes ~5 ms of a start.
  stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
  interrupt,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    // Interrupted: sockets still open (an abandoned AWS read) must not keep the process alive.
    if (interrupt.signal.aborted) process.exit(code);
    process.exitCode = code;
  },
  (error: unknown) => {
    // The message is quoted (it may hold a whole document) and the frames kept; no secret is shown.
    const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)) : [];
    const text = makeRedactor(secretsIn(process.env))([quoted(error instanceof Error ? error.message : String(error)), ...frames].join('\n'));
    process.stderr.write(`mp-s3-lint: internal error: ${text}\nPlease report this${LINKS.issues === undefined ? '' : ` at ${LINKS.issues}`} with the command you ran (NODE_OPTIONS=--enable-source-maps gives a readable stack).\n`);
    process.exitCode = 2;
  },
);

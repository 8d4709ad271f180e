// Cold start: `node bin/mp-s3-lint.js examples/good` (the one-file bundle, with its code cache and
// without), and the compiled modules run directly, against a bare `node -e 0`, run alternately so load
// drifts hit all alike; medians and ratios. Run: node dist/bench/cold-start.js [rounds]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, machine, median, REPO, runTimed, targetVerdict } from './child.js';

/** Issue 17: the bundle's start at most this many times a bare `node -e 0`. */
export const COLD_START_TARGET = 1.5;

export interface ColdStart {
  rounds: number;
  bareMs: number;
  /** With the code cache the bin keeps (the first round writes it when it is missing). */
  bundleMs: number;
  uncachedMs: number;
  modulesMs: number;
}

const EXAMPLE = path.join('examples', 'good');

export async function measureColdStart(rounds: number): Promise<ColdStart> {
  const commands = {
    bare: ['-e', '0'],
    bundle: [CLI, EXAMPLE],
    uncached: [CLI, EXAMPLE],
    modules: [path.join(REPO, 'dist', 'src', 'main.js'), EXAMPLE],
  };
  const times: Record<keyof typeof commands, number[]> = { bare: [], bundle: [], uncached: [], modules: [] };
  for (let round = 0; round < rounds; round++) {
    for (const [name, args] of Object.entries(commands) as [keyof typeof commands, string[]][]) {
      const { wallMs, code } = await runTimed(process.execPath, args, REPO, name === 'uncached' ? { NODE_DISABLE_COMPILE_CACHE: '1' } : {});
      if (code !== 0) throw new Error(`${name} exited ${code}`);
      times[name].push(wallMs);
    }
  }
  return { rounds, bareMs: median(times.bare), bundleMs: median(times.bundle), uncachedMs: median(times.uncached), modulesMs: median(times.modules) };
}

/** `1.72× a bare node start (target ≤ 1.5×: MISSED)`. */
export function coldStartRatio(r: ColdStart): string {
  const ratio = r.bundleMs / r.bareMs;
  return `${ratio.toFixed(2)}× a bare node start (${targetVerdict(ratio, COLD_START_TARGET)})`;
}

export function formatColdStart(r: ColdStart): string[] {
  const line = (what: string, ms: number) => `${what.padEnd(44)} ${ms.toFixed(0).padStart(4)} ms  ${(ms / r.bareMs).toFixed(2)}×`;
  return [
    line('node -e 0', r.bareMs),
    line(`node bin/mp-s3-lint.js ${EXAMPLE} (bundle)`, r.bundleMs),
    line('  the same, NODE_DISABLE_COMPILE_CACHE=1', r.uncachedMs),
    line(`node dist/src/main.js ${EXAMPLE} (modules)`, r.modulesMs),
    `(medians of ${r.rounds} alternating rounds)`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`machine: ${machine()}`);
  const result = await measureColdStart(Number(process.argv[2] ?? 15));
  for (const line of formatColdStart(result)) console.log(line);
  console.log(`the bundle: ${coldStartRatio(result)}`);
}

// Issue 17's figures: the tool on realistic corpora (bench/realistic.ts) against the floor
// (bench/floor.ts) on the same tree, run alternately so load drifts hit both alike; medians of
// wall and CPU time and their ratios. Run: node dist/bench/against-floor.js [rounds] [which,...]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, machine, median, REPO, runMeasured, targetVerdict, type Measured } from './child.js';
import { writeMonorepo, writeUniqueSetups, type WrittenCorpus } from './realistic.js';

export const REALISTIC_SEED = 20261201;
const FLOOR = path.join(REPO, 'dist', 'bench', 'floor.js');

export interface CorpusSpec {
  name: string;
  files: number;
  target: number;
  write: (root: string, files: number, seed: number) => WrittenCorpus;
}

export const CORPORA: readonly CorpusSpec[] = [
  { name: 'monorepo', files: 10_000, target: 2.0, write: writeMonorepo },
  { name: 'unique setups', files: 10_000, target: 2.5, write: writeUniqueSetups },
];

export interface FloorResult {
  spec: CorpusSpec;
  corpus: WrittenCorpus;
  rounds: number;
  tool: { wallMs: number; cpuMs: number; maxRssMiB: number; code: number | null };
  floor: { wallMs: number; cpuMs: number };
  findings: number;
  /** With --cache on an unchanged tree (the cache filled by one run first), and whether its report is byte-identical to the uncached one. */
  warm?: { tool: Summary; identical: boolean };
}

type Summary = ReturnType<typeof summarise>;

function summarise(runs: readonly Measured[]) {
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), maxRssMiB: Math.max(...runs.map((r) => r.maxRssMiB)), code: runs[0]!.code };
}

/**
 * Writes the corpus to a temporary directory, runs floor and tool alternately `rounds` times (and, with
 * `cache`, the tool with --cache on the unchanged tree in the same rounds), removes it.
 */
export async function measureAgainstFloor(spec: CorpusSpec, rounds: number, { cache = false } = {}): Promise<FloorResult> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mp-s3-lint-realistic-'));
  try {
    const root = path.join(scratch, 'repo');
    const corpus = spec.write(root, spec.files, REALISTIC_SEED);
    execFileSync('sync');
    const report = path.join(scratch, 'report.json');
    const cachedReport = path.join(scratch, 'report-cached.json');
    const lintArgs = (output: string) => [CLI, 'repo', '--format', 'json', '--output-file', output];
    const cacheArgs = ['--cache', '--cache-location', path.join(scratch, 'cache') + path.sep];
    if (cache) await runMeasured([...lintArgs(cachedReport), ...cacheArgs], scratch);
    const tool: Measured[] = [];
    const warm: Measured[] = [];
    const floor: Measured[] = [];
    for (let round = 0; round < rounds; round++) {
      floor.push(await runMeasured([FLOOR, root], scratch));
      tool.push(await runMeasured(lintArgs(report), scratch));
      if (cache) warm.push(await runMeasured([...lintArgs(cachedReport), ...cacheArgs], scratch));
    }
    const findings = (JSON.parse(readFileSync(report, 'utf8')) as { findings: unknown[] }).findings.length;
    const warmResult = cache ? { tool: summarise(warm), identical: readFileSync(report).equals(readFileSync(cachedReport)) } : undefined;
    return { spec, corpus, rounds, tool: summarise(tool), floor: summarise(floor), findings, warm: warmResult };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Peak RSS of one run over a large unique-setups corpus (issue 17: ≤ 200 MiB at 100,000 files). */
export async function measurePeak(files: number): Promise<FloorResult> {
  return measureAgainstFloor({ name: 'unique setups, peak memory', files, target: Number.NaN, write: writeUniqueSetups }, 1);
}

export const PEAK_FILES = 100_000;
export const PEAK_TARGET_MIB = 200;

export function formatPeak(r: FloorResult): string {
  return `${r.corpus.files.toLocaleString('en-US')} files (${r.corpus.setups} setups, ${r.findings} findings): max RSS ${Math.round(r.tool.maxRssMiB)} MiB (${targetVerdict(r.tool.maxRssMiB, PEAK_TARGET_MIB, 'MiB')}), ${(r.tool.wallMs / 1000).toFixed(1)} s wall, ${(r.tool.cpuMs / 1000).toFixed(1)} s CPU; floor ${(r.floor.wallMs / 1000).toFixed(1)} s`;
}

/** One run kind against the floor: `tool 1.20 s wall (…), floor 0.30 s (…): 4.00× wall, … (target ≤ 2.0×: MISSED)`. */
function againstFloor(r: FloorResult, tool: Summary): string {
  const ratio = tool.wallMs / r.floor.wallMs;
  return `tool ${(tool.wallMs / 1000).toFixed(2)} s wall (${(tool.cpuMs / 1000).toFixed(2)} s CPU, max RSS ${Math.round(tool.maxRssMiB)} MiB), floor ${(r.floor.wallMs / 1000).toFixed(2)} s (${(r.floor.cpuMs / 1000).toFixed(2)} s CPU): ${ratio.toFixed(2)}× wall, ${(tool.cpuMs / r.floor.cpuMs).toFixed(2)}× CPU (${targetVerdict(ratio, r.spec.target)})`;
}

/** `2.18× the floor (target ≤ 2.0×: MISSED)`, for the summary. */
export function floorRatio(r: FloorResult, tool: { wallMs: number }): string {
  const ratio = tool.wallMs / r.floor.wallMs;
  return `${ratio.toFixed(2)}× the floor (${targetVerdict(ratio, r.spec.target)})`;
}

export function formatAgainstFloor(r: FloorResult): string[] {
  const lines = [`${r.spec.name} (${r.corpus.files.toLocaleString('en-US')} files, ${r.corpus.setups} setups, ${r.findings} findings, exit ${r.tool.code}; medians of ${r.rounds} alternating rounds)`, `  uncached: ${againstFloor(r, r.tool)}`];
  if (r.warm !== undefined) lines.push(`  --cache, unchanged tree: ${againstFloor(r, r.warm.tool)}; report ${r.warm.identical ? 'byte-identical to' : 'DIFFERENT FROM'} the uncached one`);
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rounds = Number(process.argv[2] ?? 5);
  const which = process.argv[3]?.split(',');
  console.log(`machine: ${machine()}; seed ${REALISTIC_SEED}`);
  for (const spec of CORPORA.filter((c) => which === undefined || which.some((w) => c.name.startsWith(w)))) console.log(formatAgainstFloor(await measureAgainstFloor(spec, rounds, { cache: true })).join('\n'));
  if (which === undefined || which.includes('peak')) console.log(formatPeak(await measurePeak(PEAK_FILES)));
}

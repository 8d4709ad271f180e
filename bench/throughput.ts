// Throughput of the real CLI (a child process, as CI runs it) over generated corpora of 1,000,
// 10,000 and 100,000 policy documents: wall time, documents per second and peak RSS.
// Run: node dist/bench/throughput.js [sizes, comma-separated] [seed]
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, machine, median, runMeasured, type Measured } from './child.js';
import { writeCorpus } from './corpus.js';

export const DEFAULT_SIZES = [1_000, 10_000, 100_000];
export const DEFAULT_SEED = 20261123;

export interface ThroughputResult extends Measured {
  documents: number;
  setups: number;
  files: number;
  findings: number;
  runs: number;
}

/** Generates each corpus in a temporary directory, lints it (median of 3 runs below 100,000 documents), removes it. */
export async function measureThroughput(sizes: readonly number[], seed: number, log: (line: string) => void): Promise<ThroughputResult[]> {
  const results: ThroughputResult[] = [];
  for (const size of sizes) {
    const root = await mkdtemp(path.join(os.tmpdir(), 'mp-s3-lint-corpus-'));
    try {
      const corpus = await writeCorpus(path.join(root, 'policies'), size, seed);
      execFileSync('sync'); // write the corpus out first: otherwise the kernel's write-back competes with the measured run
      const report = path.join(root, 'report.json');
      const runs = size >= 100_000 ? 1 : 3;
      const measured: Measured[] = [];
      for (let run = 0; run < runs; run++) measured.push(await runMeasured([CLI, 'policies', '--format', 'json', '--output-file', report], root));
      const findings = (JSON.parse(await readFile(report, 'utf8')) as { findings: unknown[] }).findings.length;
      const typical = measured.find((m) => m.wallMs === median(measured.map((x) => x.wallMs))) ?? measured[0]!;
      const result = { ...typical, maxRssMiB: Math.max(...measured.map((m) => m.maxRssMiB)), documents: corpus.documents, setups: corpus.setups, files: corpus.files, findings, runs };
      log(formatThroughput(result));
      results.push(result);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  return results;
}

export function formatThroughput(r: ThroughputResult): string {
  const docsPerSecond = Math.round(r.documents / (r.wallMs / 1000)).toLocaleString('en-US');
  return `${r.documents.toLocaleString('en-US').padStart(7)} documents (${r.setups} setups, ${r.files} files): ${(r.wallMs / 1000).toFixed(2)} s wall (${(r.cpuMs / 1000).toFixed(2)} s CPU), ${docsPerSecond} docs/s, max RSS ${Math.round(r.maxRssMiB)} MiB, ${r.findings} findings, exit ${r.code}${r.runs > 1 ? ` (median of ${r.runs})` : ''}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv[2]?.split(',').map(Number) ?? DEFAULT_SIZES;
  const seed = Number(process.argv[3] ?? DEFAULT_SEED);
  console.log(`machine: ${machine()}; seed ${seed}`);
  await measureThroughput(sizes, seed, console.log);
}

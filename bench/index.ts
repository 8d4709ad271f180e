// `npm run bench`: cold start, the tool against the floor on realistic corpora, peak memory at
// 100,000 files and evaluator decisions per second, each printed as measured, then a summary
// against issue 17's targets (bench/RESULTS.md). The earlier repeated-setup corpus stays
// runnable alone: node dist/bench/throughput.js.
import { CORPORA, PEAK_FILES, PEAK_TARGET_MIB, REALISTIC_SEED, floorRatio, formatAgainstFloor, formatPeak, measureAgainstFloor, measurePeak } from './against-floor.js';
import { coldStartRatio, formatColdStart, measureColdStart } from './cold-start.js';
import { machine, targetVerdict } from './child.js';
import { formatEvaluator, measureEvaluator } from './evaluator.js';

const ROUNDS = 5;

console.log(`mp-s3-lint benchmarks, ${new Date().toISOString()}\nmachine: ${machine()}\n\n## Cold start`);
const cold = await measureColdStart(15);
for (const line of formatColdStart(cold)) console.log(line);
console.log(`\n## Against the floor (seed ${REALISTIC_SEED}; the floor walks the tree, reads every file and JSON.parses the .json ones)`);
const floors = [];
for (const spec of CORPORA) {
  const result = await measureAgainstFloor(spec, ROUNDS, { cache: true });
  console.log(formatAgainstFloor(result).join('\n'));
  floors.push(result);
}
console.log('\n## Peak memory');
const peak = await measurePeak(PEAK_FILES);
console.log(formatPeak(peak));
console.log('\n## Evaluator');
const evaluator = measureEvaluator(3);
for (const line of formatEvaluator(evaluator)) console.log(line);

const label = (name: string) => `${name}:`.padEnd(15);
console.log(`
## Summary (load average now ${machine().split('load average ')[1]})
${label('cold start')}${coldStartRatio(cold)}
${floors.map((r) => `${label(r.spec.name)}${floorRatio(r, r.tool)} uncached${r.warm === undefined ? '' : `; ${floorRatio(r, r.warm.tool)} with --cache on the unchanged tree`}`).join('\n')}
${label('peak memory')}${Math.round(peak.tool.maxRssMiB)} MiB at ${PEAK_FILES.toLocaleString('en-US')} files, ${peak.findings} findings (${targetVerdict(peak.tool.maxRssMiB, PEAK_TARGET_MIB, 'MiB')})
${label('evaluator')}${Math.round(evaluator.reused.perSecond).toLocaleString('en-US')} decisions/s (reused requests), ${Math.round(evaluator.fresh.perSecond).toLocaleString('en-US')} (fresh)`);

// `npm run bench`: cold start, throughput over generated corpora and evaluator decisions per
// second, each printed as measured, then a summary against the targets (bench/RESULTS.md).
import { formatColdStart, measureColdStart } from './cold-start.js';
import { machine } from './child.js';
import { formatEvaluator, measureEvaluator } from './evaluator.js';
import { DEFAULT_SEED, DEFAULT_SIZES, measureThroughput } from './throughput.js';

const started = new Date().toISOString();
console.log(`mp-s3-lint benchmarks, ${started}\nmachine: ${machine()}\n\n## Cold start`);
const cold = await measureColdStart(15);
for (const line of formatColdStart(cold)) console.log(line);
console.log(`\n## Throughput (seed ${DEFAULT_SEED})`);
const throughput = await measureThroughput(DEFAULT_SIZES, DEFAULT_SEED, console.log);
console.log('\n## Evaluator');
const evaluator = measureEvaluator(3);
for (const line of formatEvaluator(evaluator)) console.log(line);

const at = (documents: number) => throughput.find((r) => r.documents >= documents && r.documents < documents * 1.01);
const tenThousand = at(10_000);
const hundredThousand = at(100_000);
const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'MISSED');
console.log(`
## Summary (load average now ${machine().split('load average ')[1]})
cold start:        ${(cold.bundleMs / cold.bareMs).toFixed(2)}× a bare node start (target ≤ 2.0×: ${verdict(cold.bundleMs / cold.bareMs <= 2)}); without the bundle ${(cold.modulesMs / cold.bareMs).toFixed(2)}×
10,000 documents:  ${tenThousand ? `${(tenThousand.wallMs / 1000).toFixed(2)} s` : '-'} (target < 1 s: ${verdict(tenThousand && tenThousand.wallMs < 1000)})
100,000 documents: ${hundredThousand ? `${(hundredThousand.wallMs / 1000).toFixed(2)} s, ${(hundredThousand.wallMs / (tenThousand?.wallMs ?? NaN)).toFixed(1)}× the 10,000 run, max RSS ${Math.round(hundredThousand.maxRssMiB)} MiB` : '-'} (targets ≤ 10× and < 200 MiB: ${verdict(hundredThousand && tenThousand && hundredThousand.wallMs <= 10 * tenThousand.wallMs && hundredThousand.maxRssMiB < 200)})
evaluator:         ${Math.round(evaluator.reused.perSecond).toLocaleString('en-US')} decisions/s (reused requests), ${Math.round(evaluator.fresh.perSecond).toLocaleString('en-US')} (fresh)`);

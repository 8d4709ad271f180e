// `npm run fuzz`: the properties of test/fuzz/properties.ts with 100,000 cases in all (a fresh seed
// each time, printed so a failure can be replayed: node dist/bench/fuzz.js [cases] [seed]).
import { PROPERTIES } from '../test/fuzz/properties.js';

const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
console.log(`fuzz: ${cases.toLocaleString('en-US')} cases, seed ${seed} (replay: node dist/bench/fuzz.js ${cases} ${seed})`);
const start = performance.now();
for (const { name, check, share } of PROPERTIES) {
  const runs = Math.round(cases * share);
  const started = performance.now();
  check(seed, runs);
  console.log(`  ok  ${name}: ${runs.toLocaleString('en-US')} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`fuzz: all properties hold (${((performance.now() - start) / 1000).toFixed(1)} s)`);

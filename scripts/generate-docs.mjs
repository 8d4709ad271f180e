// Writes docs/rules/<ID>.md and docs/rules/README.md from the compiled rule metadata (run after the build).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { allRules } from '../dist/rules/index.js';
import { renderRuleDoc, renderRuleIndex } from '../dist/src/docs/rule-docs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'rules');
mkdirSync(out, { recursive: true });
for (const rule of allRules) writeFileSync(path.join(out, `${rule.meta.id}.md`), renderRuleDoc(rule.meta));
writeFileSync(path.join(out, 'README.md'), renderRuleIndex(allRules.map((rule) => rule.meta)));
console.log(`wrote ${allRules.length} rule pages to docs/rules/`);

#!/usr/bin/env node
// Runs the one-file bundle that `npm run build` writes (it starts faster than the compiled modules,
// bench/RESULTS.md) unless a later compile made it stale; then the compiled modules themselves.
import { statSync } from 'node:fs';

const builtAt = (file) => statSync(new URL(file, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const BUNDLE = '../dist/bundle/mp-s3-lint.js';
const MODULES = '../dist/src/main.js';
import(builtAt(BUNDLE) >= builtAt(MODULES) ? BUNDLE : MODULES);

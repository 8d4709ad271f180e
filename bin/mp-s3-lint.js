#!/usr/bin/env node
// Runs the one-file CommonJS bundle that `npm run build` writes (it starts faster than the compiled
// modules, bench/RESULTS.md) unless a later compile made it stale; then the compiled modules themselves.
'use strict';
const { statSync } = require('node:fs');
const path = require('node:path');

const builtAt = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const BUNDLE = path.join(__dirname, '..', 'dist', 'bundle', 'mp-s3-lint.cjs');
const MODULES = path.join(__dirname, '..', 'dist', 'src', 'main.js');
if (builtAt(BUNDLE) >= builtAt(MODULES)) require(BUNDLE);
else import('../dist/src/main.js');

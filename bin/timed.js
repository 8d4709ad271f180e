#!/usr/bin/env node
// Runs the one-file CommonJS bundle that `npm run build` writes (it starts faster than the compiled
// modules, bench/RESULTS.md) unless a later compile made it stale; then the compiled modules themselves.
// The bundle is compiled with a code cache (docs/decisions.md, "Cold start"): Node's own on Node 22.1+,
// else V8's through vm.Script, kept in $NODE_COMPILE_CACHE or a folder of this user's in the temporary
// directory; NODE_DISABLE_COMPILE_CACHE turns it off. Whatever goes wrong with the cache, the bundle is
// compiled as usual, silently.
'use strict';
const T0 = performance.now(); const fs = require('node:fs');
const path = require('node:path');

const BUNDLE = path.join(__dirname, '..', 'dist', 'bundle', 'mp-s3-lint.cjs');
const MODULES = path.join(__dirname, '..', 'dist', 'src', 'main.js');

const bundle = fs.statSync(BUNDLE, { throwIfNoEntry: false });
if (bundle === undefined || bundle.mtimeMs < (fs.statSync(MODULES, { throwIfNoEntry: false })?.mtimeMs ?? -1)) import('../dist/src/main.js');
else runBundle(bundle);

function runBundle(stat) {
  const Module = require('node:module');
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache();
    require(BUNDLE);
    return;
  }
  const cacheFile = process.env.NODE_DISABLE_COMPILE_CACHE === undefined ? cacheFileFor() : undefined;
  if (cacheFile === undefined) {
    require(BUNDLE);
    return;
  }
  const vm = require('node:vm');
  // V8 checks only the header of a code cache unless told to check the whole: a damaged file would crash.
  require('node:v8').setFlagsFromString('--verify-snapshot-checksum');
  // The file starts with what it was made from: a cache of another build is not used.
  const header = Buffer.from(`${BUNDLE}\0${stat.size}\0${stat.mtimeMs}\0${process.version}\0${process.arch}\n`);
  const cachedData = readCache(cacheFile, header);
  // The wrapper Node gives a CommonJS module, plus the bundle's way to import the AWS SDK: import() in
  // vm.Script code needs an experimental flag on Node 20, this file's does not.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __mpS3LintImport) {${fs.readFileSync(BUNDLE, 'utf8')}\n})`, {
    filename: BUNDLE,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  // Made at exit, the cache holds the functions this run compiled, not only the bundle's top level.
  if (cachedData === undefined || script.cachedDataRejected === true) process.once('exit', () => writeCache(cacheFile, header, script));
  const bundleModule = { exports: {} };
  const T1 = performance.now(); process.on('exit', () => process.stderr.write(`boot ${T0.toFixed(1)} compile ${(T1-T0).toFixed(1)} eval ${(T2-T1).toFixed(1)} main ${(performance.now()-T2).toFixed(1)} total ${performance.now().toFixed(1)}\n`)); script.runInThisContext()(bundleModule.exports, Module.createRequire(BUNDLE), bundleModule, BUNDLE, path.dirname(BUNDLE), (specifier) => import(specifier)); var T2 = performance.now();
}

/**
 * The cache file of this bundle under this Node version (a new build replaces the old one's), or
 * undefined when the default folder is not this user's alone (another user could plant compiled code in it).
 */
function cacheFileFor() {
  const name = `mp-s3-lint-${hash(`${BUNDLE}\0${process.version}\0${process.arch}`)}.v8cache`;
  const given = process.env.NODE_COMPILE_CACHE;
  if (given !== undefined && given !== '') return path.resolve(given, name);
  if (typeof process.getuid !== 'function') return undefined;
  const uid = process.getuid();
  const folder = path.join(require('node:os').tmpdir(), `mp-s3-lint-compile-cache-${uid}`);
  try {
    fs.mkdirSync(folder, { mode: 0o700 });
  } catch {
    // there already, or not creatable (then the check below fails)
  }
  const owner = fs.statSync(folder, { throwIfNoEntry: false });
  return owner?.isDirectory() === true && owner.uid === uid && (owner.mode & 0o077) === 0 ? path.join(folder, name) : undefined;
}

/** FNV-1a, 32 bits, in hex: a short file name for the key (node:crypto costs more to load than it saves). */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

function readCache(file, header) {
  try {
    const data = fs.readFileSync(file);
    return data.subarray(0, header.length).equals(header) ? data.subarray(header.length) : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so that a concurrent run reads a whole cache or none. */
function writeCache(file, header, script) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, Buffer.concat([header, script.createCachedData()]));
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing to clean up
    }
  }
}

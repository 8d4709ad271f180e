#!/usr/bin/env node
// Runs the one-file CommonJS bundle that `npm run build` writes (it starts faster than the compiled
// modules, bench/RESULTS.md) unless a later compile made it stale; then the compiled modules themselves.
// The bundle is compiled with a code cache (docs/decisions.md, "Cold start"): Node's own on Node 22.1+,
// else V8's through vm.Script, kept in $NODE_COMPILE_CACHE or a folder of this user's in the temporary
// directory; NODE_DISABLE_COMPILE_CACHE turns it off. Whatever goes wrong with the cache, the bundle is
// compiled as usual, silently.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const BUNDLE = path.join(__dirname, '..', 'dist', 'bundle', 'mp-s3-lint.cjs');
/**
 * How many runs of a build add what they compiled to its cache: the first one alone may have been a
 * `--help`, whose cache would leave a check's functions to compile on every later run.
 */
const CACHE_RUNS = 4;
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
  // Node maps stack traces through the bundle's source map (--enable-source-maps) only for modules it loads itself.
  const sourceMaps = process.sourceMapsEnabled ?? /--enable-source-maps/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`);
  const cacheFile = process.env.NODE_DISABLE_COMPILE_CACHE === undefined && !sourceMaps ? cacheFileFor() : undefined;
  if (cacheFile === undefined) {
    require(BUNDLE);
    return;
  }
  const vm = require('node:vm');
  // The file starts with what it was made from: a cache of another build is not used.
  const header = Buffer.from(`${BUNDLE}\0${stat.size}\0${stat.mtimeMs}\0${process.version}\0${process.arch}\n`);
  const { cachedData, runs } = readCache(cacheFile, header) ?? { runs: 0 };
  // The wrapper Node gives a CommonJS module, plus the bundle's way to import the AWS SDK: import() in
  // vm.Script code needs an experimental flag on Node 20, this file's does not.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __mpS3LintImport) {${fs.readFileSync(BUNDLE, 'utf8')}\n})`, {
    filename: BUNDLE,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  // Made at exit, the cache holds the functions this run (and those before it) compiled, not only the
  // bundle's top level.
  const made = cachedData === undefined || script.cachedDataRejected === true ? 0 : runs;
  if (made < CACHE_RUNS) process.once('exit', () => writeCache(cacheFile, header, made + 1, script));
  const bundleModule = { exports: {} };
  script.runInThisContext()(bundleModule.exports, Module.createRequire(BUNDLE), bundleModule, BUNDLE, path.dirname(BUNDLE), (specifier) => import(specifier));
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

/**
 * The cache, when the file holds the header and two equal copies of it. V8 checks only a code cache's
 * header, and a damaged one can crash it; it checks the whole with --verify-snapshot-checksum, but
 * setting a V8 flag at run time makes Node compile its own modules afresh (~35 ms), and node:crypto
 * or node:zlib cost ~5 ms to load: comparing two copies costs a read.
 */
function readCache(file, header) {
  try {
    // header, the number of runs that made the cache (one byte), the cache twice
    const data = fs.readFileSync(file);
    const start = header.length + 1;
    const half = (data.length - start) / 2;
    const cachedData = data.subarray(start, start + half);
    const whole = half > 0 && Number.isInteger(half) && data.subarray(0, header.length).equals(header) && cachedData.equals(data.subarray(start + half));
    return whole ? { cachedData, runs: data[header.length] } : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so that a concurrent run reads a whole cache or none. */
function writeCache(file, header, runs, script) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const cache = script.createCachedData();
    fs.writeFileSync(temporary, Buffer.concat([header, Buffer.of(runs), cache, cache]));
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing to clean up
    }
  }
}

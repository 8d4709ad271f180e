// bin/mp-s3-lint.js compiles the bundle with a code cache (docs/decisions.md, "Cold start"): the cache
// is written, reused, and whatever is wrong with it (damaged, unwritable) the run is the same.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runBin, type CliResult } from './helpers/cli.js';
import { repoPath } from './helpers/repo.js';

const ARGV = [repoPath('examples', 'bad'), '--format', 'json'];

/** The cache files under a folder (Node 22's own compile cache keeps them in subfolders). */
function cacheFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(folder, name))
    .filter((file) => statSync(file).isFile());
}

let reference: CliResult;

test.before(async () => {
  reference = await runBin(ARGV, { env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
  assert.is(reference.code, 1, reference.stderr);
});

test('the first run writes the cache, the second uses it, and both print what a run without it prints', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-compile-cache-test-'));
  try {
    const first = await runBin(ARGV, { env: { NODE_COMPILE_CACHE: folder } });
    assert.equal(first, reference);
    const files = cacheFiles(folder);
    assert.ok(files.length > 0, 'no cache file written');
    assert.ok(files.some((file) => statSync(file).size > 10_000), 'the cache file is almost empty');
    assert.equal(await runBin(ARGV, { env: { NODE_COMPILE_CACHE: folder } }), reference);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("the first runs of a build add what they compiled: a first --help does not leave a check's functions out", async () => {
  if (typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function') return; // Node's own cache on 22.1+
  const folder = mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-compile-cache-test-'));
  try {
    assert.is((await runBin(['--help'], { env: { NODE_COMPILE_CACHE: folder } })).code, 0);
    const [file] = cacheFiles(folder);
    const afterHelp = readFileSync(file!);
    assert.equal(await runBin(ARGV, { env: { NODE_COMPILE_CACHE: folder } }), reference);
    assert.ok(readFileSync(file!).length > afterHelp.length, 'the check did not add to the cache');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a damaged cache file (bytes changed, cut short, replaced) gives the same output and exit code', async () => {
  const damages: [string, (bytes: Buffer) => Buffer][] = [
    ['bytes changed', (bytes) => Buffer.from(bytes.map((byte, index) => (index > 200 && index % 997 === 0 ? byte ^ 0xff : byte)))],
    ['cut short', (bytes) => bytes.subarray(0, bytes.length >> 1)],
    ['replaced', (bytes) => Buffer.alloc(bytes.length, 'x')],
    ['emptied', () => Buffer.alloc(0)],
  ];
  for (const [damage, change] of damages) {
    const folder = mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-compile-cache-test-'));
    try {
      assert.equal(await runBin(ARGV, { env: { NODE_COMPILE_CACHE: folder } }), reference);
      for (const file of cacheFiles(folder)) writeFileSync(file, change(readFileSync(file)));
      assert.equal(await runBin(ARGV, { env: { NODE_COMPILE_CACHE: folder } }), reference, damage);
      assert.equal(await runBin(ARGV, { env: { NODE_COMPILE_CACHE: folder } }), reference, `${damage}, the run after`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
});

test('a cache folder that cannot be created changes nothing, silently', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-compile-cache-test-'));
  try {
    const file = path.join(folder, 'a-file');
    writeFileSync(file, '');
    assert.equal(await runBin(ARGV, { env: { NODE_COMPILE_CACHE: path.join(file, 'cache') } }), reference);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('NODE_DISABLE_COMPILE_CACHE writes no cache; nor does a run with source maps on (Node loads the bundle itself, so that stacks are mapped)', async () => {
  for (const env of [{ NODE_DISABLE_COMPILE_CACHE: '1' }, { NODE_OPTIONS: '--enable-source-maps' }]) {
    const folder = mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-compile-cache-test-'));
    try {
      assert.equal(await runBin(ARGV, { env: { NODE_COMPILE_CACHE: folder, ...env } }), reference);
      assert.equal(cacheFiles(folder), [], JSON.stringify(env));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
});

test.run();

// The benchmark corpora of issue 17 (bench/realistic.ts) must be what bench/RESULTS.md says they are:
// the same tree for the same seed, and in the unique-setups corpus no two setups alike (the earlier
// generator lost its low bits and repeated ~200 setups across 2,500).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeMonorepo, writeUniqueSetups } from '../bench/realistic.js';

/** Every file under `root` by relative path, with its bytes' SHA-256. */
function tree(root: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const relative = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) for (const [file, digest] of tree(root, relative)) files.set(file, digest);
    else files.set(relative, createHash('sha256').update(readFileSync(path.join(root, relative))).digest('hex'));
  }
  return files;
}

function withScratch(run: (scratch: string) => void): void {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mp-s3-lint-corpora-'));
  try {
    run(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

for (const [name, write] of [
  ['monorepo', writeMonorepo],
  ['unique setups', writeUniqueSetups],
] as const) {
  test(`${name}: the same seed writes the same tree, another seed another one`, () => {
    withScratch((scratch) => {
      const first = write(path.join(scratch, 'a'), 900, 11);
      const again = write(path.join(scratch, 'b'), 900, 11);
      const other = write(path.join(scratch, 'c'), 900, 12);
      const [a, b, c] = ['a', 'b', 'c'].map((dir) => tree(path.join(scratch, dir)));
      assert.is(a!.size, first.files);
      assert.ok(first.files >= 900 && first.files < 1_000, `${first.files} files`);
      assert.equal([...a!], [...b!]);
      assert.is(again.setups, first.setups);
      assert.ok(first.setups > 0);
      assert.not.equal([...a!], [...c!]);
      assert.ok(other.files >= 900);
    });
  });
}

test('unique setups: no two setups hold the same files, and each has its own bucket and token', () => {
  withScratch((scratch) => {
    const corpus = writeUniqueSetups(scratch, 3_000, 20261201);
    const setups = new Map<string, Map<string, string>>();
    for (const [file, digest] of tree(scratch)) {
      const directory = path.posix.dirname(file);
      if (!setups.has(directory)) setups.set(directory, new Map());
      setups.get(directory)!.set(path.posix.basename(file), digest);
    }
    assert.is(setups.size, corpus.setups);
    const contents = new Set([...setups.values()].map((files) => JSON.stringify([...files].sort())));
    assert.is(contents.size, corpus.setups);
    const configs = [...setups.keys()].map((directory) => JSON.parse(readFileSync(path.join(scratch, directory, 'mp-s3-lint.config.json'), 'utf8')) as { bucket: string; token: string });
    assert.is(new Set(configs.map((config) => config.bucket)).size, corpus.setups);
    assert.is(new Set(configs.map((config) => config.token)).size, corpus.setups);
  });
});

test.run();

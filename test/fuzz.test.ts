// Fuzzing with a fixed seed (test/fuzz/properties.ts): 3,000 in-memory cases over the reader, the
// setup and every rule, then a few cases through lint() on disk and through the real executable.
// `npm run fuzz` runs the same properties with 100,000 cases and a fresh seed.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/lint.js';
import { runBin } from './helpers/cli.js';
import { byteFiles, checkReport, lintFiles, mutatedPolicyFiles, PROPERTIES, SETUP_DIRECTORY, type InputFile } from './fuzz/properties.js';

const SEED = 20261123;
const RUNS = 3000;
const PARAMS = { encryption: 'none' as const, bucket: 'b', role: 'arn:aws:iam::111122223333:role/r', token: 't0k3n', region: 'us-east-1' };

for (const { name, check, share } of PROPERTIES) {
  test(`fuzz: ${name} (${Math.round(RUNS * share)} cases)`, () => {
    check(SEED, Math.round(RUNS * share));
  });
}

test('fuzz: the report check rejects a finding with an unknown rule, a 0 column or a line past the end of the file', () => {
  const files = [{ name: 'p.json', bytes: new TextEncoder().encode('{\n"Statement": []}') }];
  const finding = { ruleId: 'MP002', level: 'error' as const, message: 'm', file: `${SETUP_DIRECTORY}/p.json`, line: 1, column: 1, endLine: 2, endColumn: 2, path: '$' };
  const report = (changes: object) => ({ findings: [{ ...finding, ...changes }], summary: { errors: 1, warnings: 0, notes: 0, files: 1 }, inputFailure: false, verdict: { passed: false, reasons: [] } });
  checkReport(report({}), files);
  assert.throws(() => checkReport(report({ ruleId: 'MP999' }), files), /unknown rule id/);
  assert.throws(() => checkReport(report({ column: 0 }), files), /not 1-based/);
  assert.throws(() => checkReport(report({ endLine: 3 }), files), /outside the file/);
  assert.throws(() => checkReport(report({ file: 'elsewhere.json' }), files), /not linted/);
});

function writeSetup(files: readonly InputFile[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-fuzz-'));
  mkdirSync(path.join(root, SETUP_DIRECTORY));
  for (const file of files) writeFileSync(path.join(root, SETUP_DIRECTORY, file.name), file.bytes);
  return root;
}

test('fuzz: lint() on files written to disk gives the same well-formed findings as in memory (100 cases)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(mutatedPolicyFiles, byteFiles), async (files) => {
      const root = writeSetup(files);
      const report = await lint({ paths: [SETUP_DIRECTORY], cwd: root, params: PARAMS });
      checkReport(report, files);
      assert.equal(report.findings, lintFiles(files, PARAMS).findings);
    }),
    { seed: SEED, numRuns: 100 },
  );
});

test('fuzz: the real executable exits 0, 1 or 2 with a JSON report on hostile files (3 cases)', async () => {
  const samples = fc.sample(fc.oneof(mutatedPolicyFiles, byteFiles), { seed: SEED, numRuns: 3 });
  for (const files of samples) {
    const root = writeSetup(files);
    const result = await runBin([SETUP_DIRECTORY, '--format', 'json', '--bucket', 'b'], { cwd: root });
    // Exit 2 only when no file held anything to check, and then stderr says so.
    assert.ok([0, 1, 2].includes(result.code), `exit ${result.code}: ${result.stderr}`);
    if (result.code === 2) assert.match(result.stderr, /^mp-s3-lint: nothing to check under setup: /);
    else assert.is(result.stderr, '');
    checkReport(JSON.parse(result.stdout) as Parameters<typeof checkReport>[0], files);
  }
});

test.run();

// The CLI's fast path (fastArguments) gives exactly what yargs gives for the command lines it takes,
// and leaves every other command line to yargs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fastArguments, parseWithYargs } from '../src/cli.js';
import { DEFAULT_EXTENSIONS } from '../src/sources/files.js';

/** Command lines the fast path takes ('\0-' is how main() hands yargs a lone `-`). */
const TAKEN: string[][] = [
  [],
  ['examples/good'],
  ['a', 'b/c', 'infra/**/policies'],
  ['\0-', '--stdin-filename', 'policies/prod/trust.json'],
  ['policies', '--format', 'json', '--output-file', 'out/report.json', '--quiet'],
  ['-f', 'sarif', '-o', 'report.sarif', '--sarif-category', 'prod', 'policies'],
  ['policies', '--format', 'github', '--max-warnings', '0', '--summary-file', 'summary.json'],
  ['policies', '--bucket', 'my-export', '--role', 'arn:aws:iam::111122223333:role/mixpanel-export', '--token', 'abc0123def', '--region', 'us-east-1', '--prefix', 'raw/'],
  ['policies', '--encryption', 'kms', '--kms-key', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd', '--from-date', '2026-01-01', '--config', 'mp.json'],
  ['policies', '--no-color', '--no-gitignore', '--baseline', 'baseline.json'],
  ['policies', '--color', '--gitignore', '--write-baseline', 'baseline.json', '--max-warnings', '12'],
  ['policies', '--encryption', 'none', '-f', 'stylish'],
];

/** Command lines the fast path leaves to yargs. */
const LEFT: string[][] = [
  ['--help'],
  ['-h'],
  ['--version'],
  ['init', '--bucket', 'b'],
  ['status'],
  ['policies', 'status'],
  ['--format=json', 'policies'],
  ['policies', '--unknown'],
  ['policies', '--kmsKey', 'k'],
  ['policies', '--cache'],
  ['policies', '--cache', '--cache-location', 'x'],
  ['--live'],
  ['--live', '--create', '--from-date', '2026-01-01'],
  ['--list-rules'],
  ['--print-config', 'policies'],
  ['policies', '--ext', '.json'],
  ['policies', '--rule', 'MP101:off'],
  ['policies', '--ignore-pattern', 'x'],
  ['policies', '--timeout', '100'],
  ['policies', '--bucket', 'a', '--bucket', 'b'],
  ['policies', '--color', '--no-color'],
  ['policies', '--quiet', 'true'],
  ['policies', '--bucket'],
  ['policies', '--bucket', '--quiet'],
  ['policies', '--bucket', '123'],
  ['policies', '--bucket', ''],
  ['policies', '--format', 'xml'],
  ['policies', '--encryption', 'rsa'],
  ['policies', '--max-warnings', '-1'],
  ['policies', '--max-warnings', '1.5'],
  ['policies', '--sarif-category', 'prod'],
  ['policies', '--baseline', 'a', '--write-baseline', 'b'],
  ['--stdin-filename', 'x.json', 'policies'],
  ['123'],
  [' '],
  ['policies', '--', '-x'],
  ['-fjson', 'policies'],
];

test('the fast path gives what yargs gives', async () => {
  for (const argv of TAKEN) {
    const fast = fastArguments(argv);
    assert.ok(fast !== undefined, `the fast path leaves ${JSON.stringify(argv)} to yargs`);
    assert.equal(fast, ((await parseWithYargs(argv)) as { args: unknown }).args, JSON.stringify(argv));
  }
});

test('everything else is left to yargs', () => {
  for (const argv of LEFT) assert.is(fastArguments(argv), undefined, JSON.stringify(argv));
});

test('what the fast path gives is a fresh object each time (the defaults are not shared)', () => {
  const first = fastArguments(['policies'])!;
  first.ext.push('.txt');
  first.paths.push('more');
  const second = fastArguments(['policies'])!;
  assert.equal([second.ext, second.paths], [[...DEFAULT_EXTENSIONS], ['policies']]);
});

test.run();

// The CLI contract: exit codes, output formats, flags, and bad input that never crashes the tool.
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runBin, runCli } from './helpers/cli.js';
import { exitCodeFor, writeTextFile } from '../src/cli.js';
import { repoPath } from './helpers/repo.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-'));
const badFixture = repoPath('fixtures', 'documents', 'bad', 'malformed-json');
const goodKeyPolicy = repoPath('fixtures', 'documents', 'good', 'aws-api-default-key-policy', 'key-policy.json');

interface JsonReport {
  version: number;
  findings: { ruleId: string; level: string; message: string; file: string; line: number; column: number; endLine: number; endColumn: number; path: string }[];
  summary: { errors: number; warnings: number; notes: number; files: number; passedOver: number };
}

test('--format json has the documented shape, with file, positions and JSON path', async () => {
  const result = await runCli([badFixture, '--format', 'json'], { cwd: badFixture });
  assert.is(result.code, 1);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.is(report.version, 1);
  const finding = report.findings.find((f) => f.ruleId === 'MP002')!;
  assert.equal(Object.keys(finding).sort(), ['column', 'endColumn', 'endLine', 'file', 'level', 'line', 'message', 'path', 'ruleId'].sort());
  assert.equal([finding.file, finding.line, finding.column, finding.level, finding.path], ['policy.json', 4, 25, 'error', '$']);
  assert.equal(Object.keys(report.summary), ['errors', 'warnings', 'notes', 'files', 'suppressed', 'known', 'passedOver', 'setups']);
  assert.is(report.summary.files, 1);
  assert.is(report.summary.errors, report.findings.filter((f) => f.level === 'error').length);
});

test('exit 2 for a path that does not exist, and the other paths are still reported', async () => {
  const result = await runCli(['does-not-exist.json', badFixture, '--format', 'json'], { cwd: repoPath() });
  assert.is(result.code, 2);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.ok(report.findings.some((f) => f.ruleId === 'MP001' && f.file === 'does-not-exist.json' && /No such file/.test(f.message)));
  assert.ok(report.findings.some((f) => f.ruleId === 'MP002'));
});

test('exit 2 and a hint for an unknown flag (yargs strict)', async () => {
  const result = await runCli(['.', '--colour']);
  assert.is(result.code, 2);
  assert.match(result.stderr, /Unknown argument: colour/);
  assert.match(result.stderr, /--help/);
});

test('exit 2 for a bad --encryption value and for no paths', async () => {
  assert.is((await runCli(['.', '--encryption', 'des'])).code, 2);
  const none = await runCli([]);
  assert.is(none.code, 2);
  assert.match(none.stderr, /no paths given/);
});

test('exit 2 for an invalid config, naming the problem', async () => {
  const dir = tmp();
  writeFileSync(path.join(dir, 'mp-s3-lint.config.json'), JSON.stringify({ encryption: 'des', bukcet: 'x' }));
  writeFileSync(path.join(dir, 'p.json'), '{}');
  const result = await runCli([dir]);
  assert.is(result.code, 2);
  assert.match(result.stderr, /Invalid config .*mp-s3-lint\.config\.json/);
  assert.match(result.stderr, /"bukcet"/);
  assert.match(result.stderr, /encryption must be one of "none", "aes", "kms"/);
  const explicit = await runCli([dir, '--config', path.join(dir, 'missing.json')]);
  assert.is(explicit.code, 2);
  assert.match(explicit.stderr, /no such file/);
});

test('--list-rules prints every rule with id, level and title', async () => {
  const result = await runCli(['--list-rules']);
  assert.is(result.code, 0);
  assert.match(result.stdout, /^ID\s+LEVEL\s+NAME\s+TITLE/);
  assert.match(result.stdout, /MP002\s+error\s+invalid-json\s+Not valid JSON/);
});

test('--quiet drops warnings and notes; --max-warnings turns warnings into exit 1', async () => {
  const dir = repoPath('fixtures', 'documents', 'bad', 'unknown-action');
  const all = JSON.parse((await runCli([dir, '-f', 'json'])).stdout) as JsonReport;
  assert.ok(all.findings.some((f) => f.level === 'warning' && f.ruleId === 'MP014'));
  const quiet = JSON.parse((await runCli([dir, '-f', 'json', '--quiet'])).stdout) as JsonReport;
  assert.ok(quiet.findings.every((f) => f.level === 'error'));
  const warningsOnly = repoPath('examples', 'bad', 'confused-deputy');
  assert.is((await runCli([warningsOnly, '--quiet'])).code, 0);
  assert.is((await runCli([warningsOnly, '--quiet', '--max-warnings', '0'])).code, 1, 'hidden warnings still count against --max-warnings');
  const report = (errors: number, warnings: number) => ({ findings: [], summary: { errors, warnings, notes: 0, files: 1 }, inputFailure: false, verdict: { passed: errors === 0, reasons: [] } });
  assert.is(exitCodeFor(report(0, 3), undefined), 0);
  assert.is(exitCodeFor(report(0, 3), 3), 0);
  assert.is(exitCodeFor(report(0, 4), 3), 1);
  assert.is(exitCodeFor(report(1, 0), 10), 1);
  assert.is(exitCodeFor({ ...report(1, 0), inputFailure: true }, undefined), 2);
  assert.is(exitCodeFor({ ...report(0, 0), nothingToCheck: ['nothing to check under x: …'] }, undefined), 2);
  assert.is(exitCodeFor({ ...report(0, 0), nothingToCheck: [] }, undefined), 0);
});

test('--output-file writes the report and keeps stdout empty', async () => {
  const dir = tmp();
  const out = path.join(dir, 'report.json');
  const result = await runCli([badFixture, '-f', 'json', '-o', out], { cwd: badFixture });
  assert.is(result.stdout, '');
  assert.is((JSON.parse(readFileSync(out, 'utf8')) as JsonReport).findings[0]!.ruleId, 'MP002');
  const nested = path.join(dir, 'no', 'such', 'dir', 'r.json');
  assert.is((await runCli([badFixture, '-f', 'json', '-o', nested], { cwd: badFixture })).code, 1, 'missing directories are created');
  assert.is((JSON.parse(readFileSync(nested, 'utf8')) as JsonReport).findings[0]!.ruleId, 'MP002');
  const unwritable = await runCli([badFixture, '-o', path.join(out, 'under-a-file', 'r.txt')]);
  assert.is(unwritable.code, 2);
  assert.match(unwritable.stderr, /cannot write/);
});

test('--output-file: a report of several megabytes is written exactly, a character outside the BMP across a 1 MB boundary included', () => {
  const out = path.join(tmp(), 'report.txt');
  const text = 'a'.repeat((1 << 20) - 1) + '\u{1F600}' + 'é'.repeat(1 << 20) + '\n';
  writeTextFile(out, text);
  assert.ok(readFileSync(out).equals(Buffer.from(text)));
});

test('stylish: colour only on a TTY, never with NO_COLOR or --no-color', async () => {
  const escape = /\x1b\[/;
  assert.ok(escape.test((await runCli([badFixture], { tty: true })).stdout));
  assert.not.ok(escape.test((await runCli([badFixture], { tty: false })).stdout));
  assert.not.ok(escape.test((await runCli([badFixture], { tty: true, env: { NO_COLOR: '1' } })).stdout));
  assert.not.ok(escape.test((await runCli([badFixture, '--no-color'], { tty: true })).stdout));
  assert.ok(escape.test((await runCli([badFixture, '--color'], { tty: false })).stdout));
});

test('stylish groups by file and ends with a summary line', async () => {
  const result = await runCli([repoPath('fixtures', 'documents', 'bad', 'guide-placeholders')], { cwd: repoPath('fixtures', 'documents', 'bad', 'guide-placeholders') });
  // The file's header, then its findings in line order (the setup-wide MP500 sits at 1:1).
  assert.match(result.stdout, /^kms\.json\n  1:1 +error +Not set: s3_bucket.*MP500\n  2:16 +error +Placeholder VALUE/m);
  assert.match(result.stdout, /✖ \d+ problems \(\d+ errors, \d+ warnings?, \d+ notes?\) in 3 files \(1 export setup checked \(\.\)\)\n$/);
});

test('a 50 MB file is refused by size without being read', async () => {
  const dir = tmp();
  const big = path.join(dir, 'big.json');
  writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 0x20));
  const result = await runCli([big, '-f', 'json']);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.is(result.code, 1);
  assert.equal(report.findings.map((f) => f.ruleId), ['MP003']);
  assert.match(report.findings[0]!.message, /52428800 bytes/);
});

test('a directory of 10,000 files is read, and symlink loops and FIFOs are skipped with a note', async () => {
  const dir = tmp();
  const policies = path.join(dir, 'many');
  mkdirSync(policies);
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
  for (let i = 0; i < 10_000; i++) writeFileSync(path.join(policies, `p${i}.json`), policy);
  // Each folder's own config makes it an export setup (a folder of permission policies alone is not one).
  const config = JSON.stringify({ bucket: 'b', role: 'arn:aws:iam::111122223333:role/r' });
  writeFileSync(path.join(policies, 'mp-s3-lint.config.json'), config);
  mkdirSync(path.join(dir, 'loop'));
  writeFileSync(path.join(dir, 'loop', 'mp-s3-lint.config.json'), config);
  symlinkSync('..', path.join(dir, 'loop', 'back'));
  execFileSync('mkfifo', [path.join(dir, 'loop', 'pipe.json')]);
  const result = await runCli([dir, '-f', 'json'], { cwd: dir });
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.is(report.summary.files, 10_002);
  assert.ok(report.findings.some((f) => f.ruleId === 'MP007' && f.file === 'loop/back' && /loop/.test(f.message)));
  assert.ok(report.findings.some((f) => f.ruleId === 'MP007' && f.file === 'loop/pipe.json' && /FIFO/.test(f.message)));
});

test('the real executable runs and exits with the documented codes', async () => {
  const good = await runBin([goodKeyPolicy, '--quiet', '--config', repoPath('fixtures', 'documents', 'bad', 'identity-with-principal', 'mp-s3-lint.config.json')]);
  assert.is(good.stderr, '');
  const bad = await runBin([badFixture]);
  assert.is(bad.code, 1);
  assert.match(bad.stdout, /Invalid JSON/);
  const usage = await runBin(['--nope']);
  assert.is(usage.code, 2);
  const version = await runBin(['--version']);
  assert.is(version.stdout.trim(), (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version);
});

test('--format github through the CLI: one workflow command per finding, levels mapped', async () => {
  const setup = repoPath('examples', 'bad', 'confused-deputy');
  const result = await runCli([setup, '-f', 'github'], { cwd: repoPath() });
  const lines = result.stdout.trim().split('\n');
  const json = JSON.parse((await runCli([setup, '-f', 'json'], { cwd: repoPath() })).stdout) as JsonReport;
  assert.is(lines.length, json.findings.length);
  assert.ok(lines.every((line) => /^::(error|warning|notice) file=examples\/bad\/confused-deputy\/[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=MP\d{3}[^:]*::/.test(line)), result.stdout);
});

test('--no-gitignore reads what .gitignore files ignore; by default they are passed over', async () => {
  const dir = tmp();
  writeFileSync(path.join(dir, '.gitignore'), 'generated/\n');
  mkdirSync(path.join(dir, 'generated'));
  writeFileSync(path.join(dir, 'generated', 'broken.json'), '{ not json');
  writeFileSync(path.join(dir, 'generated', 'mp-s3-lint.config.json'), JSON.stringify({ bucket: 'acme-export', role: 'arn:aws:iam::111122223333:role/r', token: '0123456789abcdef0123456789abcdef', region: 'us-east-1' }));
  // Everything ignored: nothing to check, so no report at all (exit 2, why on stderr).
  const ignored = await runCli([dir, '-f', 'json'], { cwd: dir });
  assert.is(ignored.code, 2);
  assert.is(ignored.stdout, '');
  assert.match(ignored.stderr, /nothing to check under \.: .*ignored by \.gitignore/);
  const read = await runCli([dir, '-f', 'json', '--no-gitignore'], { cwd: dir });
  assert.equal((JSON.parse(read.stdout) as JsonReport).findings.map((f) => `${f.ruleId} ${f.file}`), ['MP002 generated/broken.json']);
  assert.is(read.code, 1);
});

test('a single-value option given twice is a usage error naming it (yargs would join the values "a,b"); repeatable options may repeat', async () => {
  const good = repoPath('examples', 'good');
  for (const [option, first, second] of [['--bucket', 'acme-a', 'acme-b'], ['--token', '0123456789abcdef0123456789abcdef', '0123456789abcdef0123456789abcdef'], ['--region', 'us-east-1', 'eu-west-1'], ['--config', 'a.json', 'b.json']]) {
    const result = await runCli([good, option!, first!, option!, second!]);
    assert.is(result.code, 2, option);
    assert.is(result.stdout, '', option);
    assert.match(result.stderr, `mp-s3-lint: ${option} was given 2 times; give it once`);
  }
  const repeatable = await runCli([good, '--rule', 'MP105:off', '--rule', 'MP102:off', '--ext', '.json', '--ext', '.yaml', '--ignore-pattern', 'a', '--ignore-pattern', 'b']);
  assert.is(repeatable.code, 0, repeatable.stderr);
});

test.run();

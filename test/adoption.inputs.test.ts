// Inputs: `-` reads one document from standard input (--stdin-filename puts it in that file's place in
// its directory's setup); glob patterns in paths and --ignore-pattern match as .gitignore lines do.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { CONFIG, CONFUSED_DEPUTY_TRUST, GOOD_PARAMS, goodSetup, type JsonReport, tempDir, writeTree } from './helpers/tree.js';
import { repoPath } from './helpers/repo.js';

const GOOD_TRUST = readFileSync(repoPath('examples', 'good', 'sse-s3', 'trust-policy.json'), 'utf8');

const json = async (argv: string[], cwd: string, stdin?: string) => {
  const result = await runCli([...argv, '-f', 'json'], { cwd, ...(stdin === undefined ? {} : { stdin }) });
  return { ...result, report: result.stdout === '' ? undefined : (JSON.parse(result.stdout) as JsonReport) };
};
const rulesAt = (report: JsonReport | undefined) => (report?.findings ?? []).map((f) => `${f.ruleId} ${f.file}`).sort();

function repository(): string {
  return writeTree(tempDir(), { [CONFIG]: GOOD_PARAMS, ...goodSetup('team'), 'team/nested/trust.json': CONFUSED_DEPUTY_TRUST });
}

test('- without --stdin-filename: <stdin>, a setup of its own at the working directory, with its config', async () => {
  const repo = repository();
  const { code, report } = await json(['-'], repo, CONFUSED_DEPUTY_TRUST);
  assert.is(report!.summary.files, 1, 'only standard input was read');
  const onStdin = report!.findings.filter((f) => f.file === '<stdin>').map((f) => f.ruleId);
  assert.equal(onStdin.sort(), ['MP102', 'MP105'], 'checked with the parameters of the config at the working directory');
  assert.ok(report!.findings.some((f) => f.ruleId === 'MP200' && f.message.includes('in <stdin>')), 'alone, it has no permission policy');
  assert.is(code, 1);
});

test('--stdin-filename: the document takes the file\'s place in its directory\'s setup; the file on disk is not read', async () => {
  const repo = repository();
  const bad = await json(['-', '--stdin-filename', 'team/trust-policy.json'], repo, CONFUSED_DEPUTY_TRUST);
  assert.equal(rulesAt(bad.report), ['MP102 team/trust-policy.json', 'MP105 team/trust-policy.json'], 'the siblings complete the setup; team/nested is not part of it');
  assert.is(bad.report!.summary.files, 3);
  writeTree(repo, { 'team/trust-policy.json': CONFUSED_DEPUTY_TRUST });
  const good = await json(['-', '--stdin-filename', path.join('team', 'trust-policy.json')], repo, GOOD_TRUST);
  assert.equal(rulesAt(good.report), [], 'the bad file on disk is replaced by the good document');
  assert.is(good.code, 0);
  const walkedToo = await json(['-', 'team', '--stdin-filename', 'team/trust-policy.json'], repo, GOOD_TRUST);
  assert.is(walkedToo.report!.summary.files, 4, 'team/ (3 files, the trust policy once) and team/nested');
  assert.is(walkedToo.report!.findings.filter((f) => f.file === 'team/trust-policy.json').length, 0, 'named twice, read once: from standard input');
  const newFile = await json(['-', '--stdin-filename', 'drafts/new/trust.json'], repo, CONFUSED_DEPUTY_TRUST);
  assert.ok(newFile.report!.findings.some((f) => f.ruleId === 'MP102' && f.file === 'drafts/new/trust.json'), 'a directory that does not exist yet has no siblings');
});

test('standard input over maxFileSize is reported, not read; - twice and --stdin-filename without - are usage errors', async () => {
  const repo = writeTree(tempDir(), { [CONFIG]: { ...GOOD_PARAMS, maxFileSize: 100 } });
  const large = await json(['-'], repo, ' '.repeat(101));
  assert.match(large.report!.findings.find((f) => f.ruleId === 'MP003')!.message, /Standard input holds more than 100 bytes/);
  const twice = await runCli(['-', '-'], { cwd: repo, stdin: '{}' });
  assert.is(twice.code, 2);
  assert.match(twice.stderr, /'-' \(standard input\) can be given once/);
  const alone = await runCli(['.', '--stdin-filename', 'a.json'], { cwd: repo });
  assert.is(alone.code, 2);
  assert.match(alone.stderr, /--stdin-filename names the document read from standard input: give '-' among the paths/);
});

/** infra/{a,b/c}/policies hold setups; infra/policies-old and infra/x do not match; infra/legacy is git-ignored. */
function infrastructure(): string {
  return writeTree(tempDir(), {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'infra/legacy/\n',
    [CONFIG]: GOOD_PARAMS,
    ...goodSetup('infra/a/policies'),
    ...goodSetup('infra/b/c/policies'),
    ...goodSetup('infra/legacy/policies'),
    ...goodSetup('infra/policies-old'),
    ...goodSetup('infra/x'),
    'infra/a/policies/trust-policy.json': CONFUSED_DEPUTY_TRUST,
    'infra/b/c/policies/trust-policy.json': CONFUSED_DEPUTY_TRUST,
    'infra/legacy/policies/trust-policy.json': CONFUSED_DEPUTY_TRUST,
    'infra/policies-old/trust-policy.json': CONFUSED_DEPUTY_TRUST,
    'infra/x/trust-policy.json': CONFUSED_DEPUTY_TRUST,
  });
}
/** The directories whose trust policy was checked (each reports MP102). */
const directories = (report: JsonReport | undefined) => [...new Set((report?.findings ?? []).filter((f) => f.ruleId === 'MP102').map((f) => path.posix.dirname(f.file)))].sort();

test('glob patterns in paths match as a .gitignore line from the working directory, and .gitignore still applies', async () => {
  const repo = infrastructure();
  assert.equal(directories((await json(['infra/**/policies'], repo)).report), ['infra/a/policies', 'infra/b/c/policies'], '** spans directories; legacy is git-ignored');
  assert.equal(directories((await json(['infra/*/policies'], repo)).report), ['infra/a/policies'], '* stays within one name');
  assert.equal(directories((await json(['infra/*/trust-policy.json'], repo)).report), ['infra/policies-old', 'infra/x'], 'a pattern for files');
  assert.equal(directories((await json(['infra/**/policies', '--no-gitignore'], repo)).report), ['infra/a/policies', 'infra/b/c/policies', 'infra/legacy/policies']);
  const none = await json(['infra/**/nothing-*'], repo);
  assert.is(none.code, 2);
  assert.match(none.report!.findings.find((f) => f.ruleId === 'MP001')!.message, /No files match the pattern infra\/\*\*\/nothing-\*/);
});

test('--ignore-pattern passes over what it matches, over .gitignore too (! re-includes), but never a path named outright', async () => {
  const repo = infrastructure();
  assert.equal(directories((await json(['infra', '--ignore-pattern', 'policies-old/', '--ignore-pattern', 'x'], repo)).report), ['infra/a/policies', 'infra/b/c/policies']);
  assert.equal(directories((await json(['infra/**/policies', '--ignore-pattern', '/infra/b/'], repo)).report), ['infra/a/policies'], 'applies to what a glob matches; a leading / anchors at the working directory');
  assert.equal(directories((await json(['infra', '--ignore-pattern', 'infra/*', '--ignore-pattern', '!infra/legacy/'], repo)).report), ['infra/legacy/policies'], 'the command line decides after .gitignore');
  assert.equal(directories((await json(['infra/x', '--ignore-pattern', 'x'], repo)).report), ['infra/x'], 'named on the command line: read');
});

test('a path with glob characters that exists is taken literally', async () => {
  const repo = writeTree(tempDir(), { [CONFIG]: GOOD_PARAMS, ...goodSetup('[old]'), '[old]/trust-policy.json': CONFUSED_DEPUTY_TRUST });
  assert.equal(directories((await json(['[old]'], repo)).report), ['[old]']);
});

test.run();

// Limits that protect the process from hostile input, each through lint(): file size, nesting
// depth, hostile wildcard patterns, huge condition blocks; and what the directory walk passes over
// (sockets, broken links, node_modules, .git, what .gitignore files ignore) and how deep it goes.
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { heapCeiling, type HeapCeiling } from '../src/heap.js';
import { lint, UsageError } from '../src/lint.js';
import { memoizeByText } from '../src/policy/cache.js';
import { checkAction } from '../src/policy/catalog.js';
import { globMatches, parseGlob, type StepMeter } from '../src/policy/wildcard.js';
import type { Finding } from '../src/types.js';

const PARAMS = { bucket: 'acme-export', role: 'arn:aws:iam::111122223333:role/mixpanel-export', token: '0123456789abcdef0123456789abcdef', region: 'us-east-1', encryption: 'none' as const };
const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-export' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': PARAMS.token } } }],
};
const PERMISSIONS = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::acme-export/*' },
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acme-export' },
  ],
};

/** A temporary directory with the given files (text, or JSON values), parents created. */
function tree(files: Record<string, string | object>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-limits-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return root;
}

const run = (root: string, paths = ['.'], options: { gitignore?: boolean } = {}) => lint({ paths, cwd: root, params: PARAMS, ...options });
const byFile = (findings: readonly Finding[], file: string) => findings.filter((f) => f.file === file);
const filesOf = (findings: readonly Finding[]) => new Set(findings.map((f) => f.file));

test('maxFileSize from the config: a larger file is MP003 without being read, a smaller one is linted', async () => {
  const policy = JSON.stringify(PERMISSIONS);
  const small = tree({ 'p/mp-s3-lint.config.json': { maxFileSize: 64 }, 'p/permissions.json': policy });
  const refused = await run(small, ['p']);
  const mp003 = byFile(refused.findings, 'p/permissions.json');
  assert.equal(mp003.map((f) => f.ruleId), ['MP003']);
  assert.match(mp003[0]!.message, new RegExp(`File is ${policy.length} bytes, over the 64-byte limit`));

  const roomy = tree({ 'p/mp-s3-lint.config.json': { maxFileSize: policy.length }, 'p/permissions.json': policy });
  assert.not.ok((await run(roomy, ['p'])).findings.some((f) => f.ruleId === 'MP003'));
});

test('a 100,000-deep array (closed or not), a 100,000-deep object and a deep embedded policy are MP002 findings, not a stack overflow', async () => {
  const depth = 100_000;
  const root = tree({
    'deep-array.json': '['.repeat(depth) + ']'.repeat(depth),
    'deep-unclosed.json': '['.repeat(depth), // not JSON: the depth is checked before the position-aware parser
    'deep-object.json': '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
    'deep-embedded.json': JSON.stringify({ Policy: '['.repeat(depth) + ']'.repeat(depth) }),
  });
  const report = await run(root);
  for (const file of ['deep-array.json', 'deep-unclosed.json', 'deep-object.json', 'deep-embedded.json']) {
    const findings = byFile(report.findings, file);
    assert.equal(findings.map((f) => f.ruleId), ['MP002'], file);
    assert.match(findings[0]!.message, /nested deeper than 128 levels/, file);
  }
  assert.equal(byFile(report.findings, 'deep-object.json')[0]!.column, 5 * 128 + 1, 'points at the first brace too deep');
});

test('a 100,000-deep config file is an invalid config (exit 2), not a crash', async () => {
  const root = tree({ 'p/mp-s3-lint.config.json': '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), 'p/trust.json': TRUST });
  const error = await run(root, ['p']).then(() => undefined, (e: unknown) => e);
  assert.instance(error, UsageError);
  assert.match((error as Error).message, /nested deeper/);
});

test('10 KB "*?*?…" wildcards in Action, Resource and Condition against long ARNs: linted, the action reported unknown', async () => {
  const hostile = '*?'.repeat(5_000);
  const policy = {
    Version: '2012-10-17',
    Statement: [
      ...PERMISSIONS.Statement,
      { Effect: 'Allow', Action: `s3:${hostile}x`, Resource: `arn:aws:s3:::${hostile}x`, Condition: { StringLike: { 's3:prefix': `${hostile}x`, 'aws:PrincipalArn': hostile } } },
      { Effect: 'Deny', NotAction: `${hostile}:${hostile}`, NotResource: `${hostile}/${hostile}`, Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${hostile}` } } },
    ],
  };
  const root = tree({ 'trust.json': TRUST, 'permissions.json': policy });
  const report = await lint({ paths: ['.'], cwd: root, params: { ...PARAMS, bucket: `acme-${'b'.repeat(10_000)}`, prefix: 'p/'.repeat(5_000) } });
  assert.ok(report.findings.some((f) => f.ruleId === 'MP014' && /the wildcard matches no action/.test(f.message)));
  assert.equal(checkAction(`s3:${hostile}x`), { known: false, reason: 'pattern' });
  assert.equal(checkAction(`s3:Get${'x'.repeat(1_000_000)}`).known, false, 'a megabyte action name is not compared letter by letter with every action');
});

test('the wildcard matcher does at most (|pattern| + 1)·(|text| + 1) steps on a 10 KB "*?*?…" pattern', () => {
  const pattern = '*?'.repeat(5_000) + 'x';
  const text = 'arn:aws:s3:::' + 'a'.repeat(10_000);
  const meter: StepMeter = { steps: 0 };
  assert.is(globMatches(parseGlob(pattern), text, meter), false);
  assert.ok(meter.steps <= (pattern.length + 1) * (text.length + 1), `${meter.steps} steps`);
});

test('condition blocks with 100,000 values, non-string and nested values and huge keys: grammar findings, the evaluation still done', async () => {
  const values = Array.from({ length: 100_000 }, (_, i) => `arn:aws:iam::111122223333:role/r${i}`);
  const bucketPolicy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::acme-export/*', Condition: { StringNotEquals: { 'aws:PrincipalArn': [...values, PARAMS.role] } } },
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::acme-export/*', Condition: { StringEquals: { 'aws:PrincipalArn': [{ nested: [[['x']]] }, 7, null, true] } } },
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::acme-export/*', Condition: { ['k'.repeat(100_000)]: { ['aws:' + 'x'.repeat(100_000)]: 'v' } } },
    ],
  };
  const root = tree({ 'trust.json': TRUST, 'permissions.json': PERMISSIONS, 'bucket-policy.json': bucketPolicy });
  const report = await run(root);
  const grammar = byFile(report.findings, 'bucket-policy.json').filter((f) => f.ruleId === 'MP010');
  assert.ok(grammar.some((f) => f.path.startsWith('$.Statement[1].Condition')), JSON.stringify(grammar.map((f) => f.path)));
  assert.not.ok(report.findings.some((f) => f.ruleId === 'MP401' && f.path.startsWith('$.Statement[0]')), 'the role is among the 100,001 values, so statement 0 denies it nothing');
});

test('sockets and broken links are skipped with a note (MP007); node_modules and .git are passed over', async () => {
  const root = tree({ 'trust.json': TRUST, 'node_modules/pkg/policy.json': '{', '.git/policy.json': '{', 'sub/.git/x.json': '{' });
  symlinkSync(path.join(root, 'missing.json'), path.join(root, 'broken.json'));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path.join(root, 'socket.json'), resolve));
  try {
    const report = await run(root);
    const notes = report.findings.filter((f) => f.ruleId === 'MP007');
    assert.ok(notes.some((f) => f.file === 'socket.json' && /socket/.test(f.message)));
    assert.ok(notes.some((f) => f.file === 'broken.json' && /broken or looping symbolic link/.test(f.message)));
    assert.not.ok([...filesOf(report.findings)].some((file) => file.includes('node_modules') || file.includes('.git')));
  } finally {
    server.close();
  }
});

test('an unreadable directory is MP001, except as root (tests here may run as root, where chmod does not deny)', async () => {
  const root = tree({ 'trust.json': TRUST, 'locked/permissions.json': '{' });
  chmodSync(path.join(root, 'locked'), 0o000);
  try {
    const report = await run(root);
    if (process.getuid?.() === 0) assert.ok(byFile(report.findings, 'locked/permissions.json').some((f) => f.ruleId === 'MP002'), 'root reads it anyway');
    else assert.ok(byFile(report.findings, 'locked').some((f) => f.ruleId === 'MP001' && /Permission denied/.test(f.message)));
  } finally {
    chmodSync(path.join(root, 'locked'), 0o755);
  }
});

test('a directory tree 1,000 levels deep is walked without overflowing the stack', async () => {
  const deep = Array.from({ length: 1_000 }, () => 'd').join('/');
  const root = tree({ [`${deep}/broken.json`]: '{' });
  const report = await run(root);
  assert.ok(report.findings.some((f) => f.file === `${deep}/broken.json` && f.ruleId === 'MP002'));
});

test('.gitignore: the repository root\'s and each directory\'s patterns (globs, /-anchored, dir/, !negation) are honoured', async () => {
  const broken = '{';
  const root = tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '# generated files\nbuild/\n*.generated.json\n!keep.generated.json\n/top-only.json\n',
    'policies/top-only.json': broken, // not anchored here: /top-only.json names the root's file only
    'top-only.json': broken,
    'policies/build/out.json': broken,
    'policies/a.generated.json': broken,
    'policies/keep.generated.json': broken,
    'policies/team/.gitignore': 'local-*.json\n!a.generated.json\n',
    'policies/team/local-draft.json': broken,
    'policies/team/a.generated.json': broken,
    'policies/team/real.json': broken,
  });
  const linted = (report: { findings: readonly Finding[] }) => [...filesOf(report.findings)].sort();
  // Walking from the policies folder still applies the repository root's .gitignore.
  assert.equal(linted(await run(path.join(root, 'policies'))), ['keep.generated.json', 'team/a.generated.json', 'team/real.json', 'top-only.json']);
  assert.equal(linted(await run(root, ['policies', 'top-only.json'])), [
    'policies/keep.generated.json',
    'policies/team/a.generated.json',
    'policies/team/real.json',
    'policies/top-only.json',
    'top-only.json', // named on the command line: always read
  ]);
  assert.equal((await run(root, ['.'], { gitignore: false })).findings.filter((f) => f.ruleId === 'MP002').length, 8);
});


test('memory on long runs: the config cache keeps only recent directories, and each setup still gets its nearest config', async () => {
  // 1,200 setups (over the 1,000 remembered) under one root config; every tenth has its own config
  // (the nearest config wins whole), the same but for the token.
  const files: Record<string, string | object> = { 'mp-s3-lint.config.json': PARAMS };
  for (let i = 0; i < 1_200; i++) {
    const folder = `s${String(i).padStart(4, '0')}`;
    files[`${folder}/trust.json`] = TRUST;
    files[`${folder}/permissions.json`] = PERMISSIONS;
    if (i % 10 === 0) files[`${folder}/mp-s3-lint.config.json`] = { ...PARAMS, token: 'fedcba9876543210fedcba9876543210' };
  }
  const root = tree(files);
  const report = await lint({ paths: [root], cwd: root });
  // The trust policy asks for the root config's token: exactly the 120 setups with their own config fail MP101.
  const mismatched = new Set(report.findings.filter((f) => f.ruleId === 'MP101').map((f) => f.file.split('/')[0]));
  assert.is(mismatched.size, 120);
  for (const folder of mismatched) assert.is(Number(folder!.slice(1)) % 10, 0, folder);
  assert.is(report.summary.files, 2_400);
});

test('heapCeiling: over the ceiling, a full collection runs between setups; under it, none', async () => {
  // V8 may collect on its own at any time, so what the ceiling ran is counted by the ceiling; the
  // observer only shows that a collection it ran is a real major one.
  const majorCollections = async (heap: HeapCeiling): Promise<number> => {
    const entries: PerformanceEntry[] = [];
    const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
    observer.observe({ entryTypes: ['gc'] });
    for (let i = 0; i < 32; i++) heap.afterSetup(); // the heap is looked at every 32nd setup
    await new Promise((resolve) => setTimeout(resolve, 50)); // entries are delivered asynchronously
    observer.disconnect();
    return entries.filter((entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR).length;
  };
  const under = heapCeiling(Number.MAX_SAFE_INTEGER);
  await majorCollections(under);
  assert.is(under.collections, 0);
  const over = heapCeiling(1);
  assert.ok((await majorCollections(over)) >= 1, 'a major collection ran');
  assert.is(over.collections, 1);
});

test('memoizeByText: remembers up to its limit, then starts over; texts over 512 characters are never kept', () => {
  const computed: string[] = [];
  const length = memoizeByText(3, (text) => {
    computed.push(text);
    return text.length;
  });
  for (const text of ['a', 'bb', 'a', 'ccc', 'bb']) length(text);
  assert.equal(computed, ['a', 'bb', 'ccc']);
  length('dddd'); // the fourth distinct text: the first three are forgotten
  length('a');
  assert.equal(computed, ['a', 'bb', 'ccc', 'dddd', 'a']);
  const long = 'x'.repeat(513);
  assert.is(length(long), 513);
  assert.is(length(long), 513);
  assert.equal(computed.slice(-2), [long, long]);
});

test.run();

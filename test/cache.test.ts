// Issue 17, a persistent cache: --cache keeps each setup's result in a file keyed by a hash of what it
// depends on. Cold, warm and uncached runs report the same bytes in every format; a warm run runs no
// rule; a changed byte, config (near or cascaded), release, rule level or a time past the entry's bound
// is a miss for the setups it concerns only; a broken cache file is a miss, never a crash.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint, type LintOptions } from '../src/lint.js';
import type { Rule } from '../src/engine/rule.js';
import { formatReport, type FormatName } from '../src/report/format.js';
import type { CacheStats } from '../src/result-cache.js';
import type { Report } from '../src/types.js';
import { allRules } from '../rules/index.js';
import { runCli } from './helpers/cli.js';
import { CONFIG, CONFUSED_DEPUTY_TRUST, GOOD_PARAMS, goodSetup, tempDir, WRONG_USER_TRUST, writeTree } from './helpers/tree.js';

const NOW = new Date('2029-06-01T12:00:00Z');
const CACHE = '.mp-s3-lint-cache';
const MIXPANEL_USER = 'arn:aws:iam::485438090326:user/mixpanel-export';

/** A trust policy Mixpanel can use from 2029-01-01 until 2030-01-01 only: MP030 in between, an error outside. */
const TIMED_TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'MixpanelExport',
      Effect: 'Allow',
      Principal: { AWS: MIXPANEL_USER },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'sts:ExternalId': GOOD_PARAMS.token },
        DateGreaterThan: { 'aws:CurrentTime': '2029-01-01T00:00:00Z' },
        DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
      },
    },
  ],
};

const SERVICE_ROLE_TEMPLATE = {
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    ApiRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'api-lambda',
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      },
    },
  },
};

const APPLIES = 'Narrowing is tracked in SEC-42.';

/**
 * Five folders under a root config (parameters and suppressions): team (MP102 and MP105, the latter
 * suppressed until 2029-06-30; an expired suppression and one that matches nothing give MP040), other
 * (MP101, an error), timed (MP030: its trust works only in 2029), misc (a JSON file that is no policy)
 * and services (an unrelated role: passed over). Without timed for runs of the CLI: outside 2029 its
 * findings quote the time of the check, so that two runs never print the same bytes, cached or not.
 */
function corpus(options: { timed?: boolean } = {}): string {
  const timed = options.timed === false ? {} : { ...goodSetup('timed'), 'timed/trust-policy.json': TIMED_TRUST };
  return writeTree(tempDir('cache-'), {
    [CONFIG]: {
      root: true,
      ...GOOD_PARAMS,
      suppressions: [
        { rule: 'MP105', file: 'team/trust-policy.json', path: '$.Statement[0]', reason: APPLIES, expires: '2029-06-30' },
        { rule: 'MP102', file: 'team/trust-policy.json', reason: 'Accepted during the migration.', expires: '2020-01-31' },
        { rule: 'MP104', file: 'team/trust-policy.json', reason: 'Was public once.' },
      ],
    },
    ...goodSetup('team'),
    'team/trust-policy.json': CONFUSED_DEPUTY_TRUST,
    ...goodSetup('other'),
    'other/trust-policy.json': WRONG_USER_TRUST,
    ...timed,
    'misc/settings.json': { theme: 'dark', tabs: 2 },
    'services/api.template.json': SERVICE_ROLE_TEMPLATE,
  });
}

/** Every group of the corpus: five folders. */
const GROUPS = 5;

const run = (root: string, options: Partial<LintOptions> = {}) => lint({ paths: ['.'], cwd: root, now: NOW, ...options });
const cached = (root: string, options: Partial<LintOptions> = {}) => run(root, { cache: {}, ...options });

/** The report without what only --cache adds. */
function withoutCache(report: Report): Report {
  const { cache: _cache, ...rest } = report;
  return rest;
}

const FORMATS_COMPARED: FormatName[] = ['json', 'sarif', 'stylish', 'junit', 'github', 'gitlab'];
const rules = allRules.map((rule) => rule.meta);
function formatted(report: Report): Record<string, string> {
  return Object.fromEntries(FORMATS_COMPARED.map((format) => [format, formatReport(format, report, rules, { color: false, version: '0.0.0-test' })]));
}

function stats(report: Report): Pick<CacheStats, 'hits' | 'misses' | 'notCached'> {
  assert.ok(report.cache, 'a cached run says how the cache served it');
  const { hits, misses, notCached } = report.cache;
  return { hits, misses, notCached };
}

/** The rules, those of setups made to throw: a run that uses them gives a report only if no setup was checked. */
const UNRUNNABLE: Rule[] = allRules.map((rule) =>
  rule.scope === 'run'
    ? rule
    : ({
        ...rule,
        check: () => {
          throw new Error(`${rule.meta.id} ran`);
        },
      } as Rule),
);

const edit = (root: string, file: string, change: (text: string) => string) => writeFileSync(path.join(root, file), change(readFileSync(path.join(root, file), 'utf8')));

test('cold, warm and uncached runs give the same report, in every format', async () => {
  const root = corpus();
  const uncached = await run(root);
  const cold = await cached(root);
  const warm = await cached(root);
  assert.equal(stats(cold), { hits: 0, misses: GROUPS, notCached: 0 });
  assert.equal(stats(warm), { hits: GROUPS, misses: 0, notCached: 0 });
  assert.ok(existsSync(path.join(root, CACHE)), 'the cache file is in the working directory');
  // The corpus holds what the cache must reproduce.
  const ids = new Set(uncached.findings.map((f) => f.ruleId));
  for (const id of ['MP030', 'MP040', 'MP101', 'MP102', 'MP105']) assert.ok(ids.has(id), `${id} among ${[...ids].join(' ')}`);
  assert.is(uncached.findings.filter((f) => f.suppressed !== undefined).length, 1, 'one suppressed finding');
  assert.is(uncached.summary.passedOver, 2, 'misc/settings.json and services/api.template.json passed over');
  assert.equal(uncached.summary.setups, ['other', 'team', 'timed']);
  assert.ok(uncached.verdict.worksUntil !== undefined && !uncached.verdict.passed);
  assert.equal(withoutCache(cold), uncached);
  assert.equal(withoutCache(warm), uncached);
  const expected = formatted(uncached);
  assert.equal(formatted(cold), expected);
  assert.equal(formatted(warm), expected);
});

test('the CLI: --cache prints the same bytes cold and warm as without it, and says nothing on stderr', async () => {
  const root = corpus({ timed: false });
  for (const format of ['json', 'sarif', 'stylish', 'junit']) {
    const uncached = await runCli(['.', '-f', format], { cwd: root });
    const cold = await runCli(['.', '-f', format, '--cache'], { cwd: root });
    const warm = await runCli(['.', '-f', format, '--cache'], { cwd: root });
    assert.is(uncached.code, 1, uncached.stderr);
    for (const result of [cold, warm]) {
      assert.equal([result.code, result.stderr], [uncached.code, uncached.stderr], format);
      assert.ok(result.stdout === uncached.stdout, `${format}: the same bytes`);
    }
    assert.ok(existsSync(path.join(root, CACHE)));
  }
});

test('a warm run runs no rule of a setup: with rules that throw, the report is the same', async () => {
  const root = corpus();
  const uncached = await run(root);
  await cached(root);
  const warm = await cached(root, { rules: UNRUNNABLE });
  assert.equal(stats(warm), { hits: GROUPS, misses: 0, notCached: 0 });
  assert.equal(withoutCache(warm), uncached);
  // The same rules on a miss do throw: the warm run above did not call them.
  edit(root, 'team/bucket-policy.json', (text) => text + '\n');
  try {
    await cached(root, { rules: UNRUNNABLE });
    assert.unreachable('a changed setup is checked, so its rules run');
  } catch (error) {
    assert.match((error as Error).message, /^MP\d{3} ran$/);
  }
});

test('a changed byte in one file: its setup is checked again, the others are served', async () => {
  const root = corpus();
  await cached(root);
  edit(root, 'other/trust-policy.json', (text) => text.replace('mixpanel-exports', 'mixpanel-export'));
  const warm = await cached(root);
  assert.equal(stats(warm), { hits: GROUPS - 1, misses: 1, notCached: 0 });
  const uncached = await run(root);
  assert.equal(withoutCache(warm), uncached);
  assert.not.ok(uncached.findings.some((f) => f.ruleId === 'MP101'), 'the fix is seen');
  assert.equal(stats(await cached(root)), { hits: GROUPS, misses: 0, notCached: 0 });
  // One byte of a file that holds no policy counts too.
  edit(root, 'misc/settings.json', (text) => text.replace('2', '4'));
  assert.equal(stats(await cached(root)), { hits: GROUPS - 1, misses: 1, notCached: 0 });
});

test('a changed config: a folder\'s own config misses for it alone; the root config, cascaded to every folder, for all', async () => {
  const root = corpus();
  await cached(root);
  writeTree(root, { [`other/${CONFIG}`]: { rules: { MP101: 'warning' } } });
  const own = await cached(root);
  assert.equal(stats(own), { hits: GROUPS - 1, misses: 1, notCached: 0 });
  assert.equal(withoutCache(own), await run(root));
  assert.ok(own.findings.some((f) => f.ruleId === 'MP101' && f.level === 'warning'));
  assert.equal(stats(await cached(root)), { hits: GROUPS, misses: 0, notCached: 0 });
  // A value of the root config: every folder inherits it.
  edit(root, CONFIG, (text) => text.replace('"mixpanel"', '"mixpanel-raw"'));
  const parent = await cached(root);
  assert.equal(stats(parent), { hits: 0, misses: GROUPS, notCached: 0 });
  assert.equal(withoutCache(parent), await run(root));
  // A suppression's reason only: the findings are the same, and the report still shows the new reason.
  edit(root, CONFIG, (text) => text.replace(APPLIES, 'Narrowing is tracked in SEC-43.'));
  const reason = await cached(root);
  assert.equal(stats(reason), { hits: 0, misses: GROUPS, notCached: 0 });
  assert.ok(reason.findings.some((f) => f.suppressed?.reason === 'Narrowing is tracked in SEC-43.'));
});

test('another release of mp-s3-lint: every setup misses, silently, and the file is that release\'s from then on', async () => {
  const root = corpus();
  await cached(root);
  const next = await cached(root, { cache: { toolVersion: '9.9.9' } });
  assert.equal(stats(next), { hits: 0, misses: GROUPS, notCached: 0 });
  assert.equal(next.cache?.warnings, []);
  assert.equal(withoutCache(next), await run(root));
  assert.match(readFileSync(path.join(root, CACHE), 'utf8'), /^\{"format":"mp-s3-lint-cache","formatVersion":1,"toolVersion":"9\.9\.9"/);
  assert.equal(stats(await cached(root, { cache: { toolVersion: '9.9.9' } })), { hits: GROUPS, misses: 0, notCached: 0 });
});

test('a rule level from the command line, parameters and other options are part of the key', async () => {
  const root = corpus({ timed: false });
  await cached(root);
  const relevelled = await cached(root, { ruleLevels: { MP101: 'note' } });
  assert.equal(stats(relevelled), { hits: 0, misses: GROUPS - 1, notCached: 0 });
  assert.equal(withoutCache(relevelled), await run(root, { ruleLevels: { MP101: 'note' } }));
  assert.equal(stats(await cached(root, { ruleLevels: { MP101: 'note' } })), { hits: GROUPS - 1, misses: 0, notCached: 0 });
  assert.equal(stats(await cached(root, { params: { prefix: 'elsewhere' } })), { hits: 0, misses: GROUPS - 1, notCached: 0 });
  assert.equal(stats(await cached(root, { quiet: true })), { hits: 0, misses: GROUPS - 1, notCached: 0 });
  assert.equal(stats(await cached(root, { rules: allRules.filter((rule) => rule.meta.id !== 'MP030') })), { hits: 0, misses: GROUPS - 1, notCached: 0 });
  // The CLI's --rule too: the warm run is served, and its report is the uncached one.
  const uncached = await runCli(['.', '-f', 'json', '--rule', 'MP102:error'], { cwd: root });
  await runCli(['.', '-f', 'json', '--rule', 'MP102:error', '--cache'], { cwd: root });
  const warm = await runCli(['.', '-f', 'json', '--rule', 'MP102:error', '--cache'], { cwd: root });
  assert.ok(warm.stdout === uncached.stdout);
  assert.match(uncached.stdout, /"ruleId": "MP102",\n\s+"level": "error"/);
});

test('time: an entry holds between the instants its policies name; past them it misses, and suppressions expire on a hit', async () => {
  const root = corpus();
  await cached(root);
  const at = (iso: string) => cached(root, { now: new Date(iso) });
  const uncachedAt = (iso: string) => run(root, { now: new Date(iso) });
  // After the suppression of MP105 expired (2029-06-30), before the trust stops working: every setup is served.
  const july = await at('2029-07-01T00:00:00Z');
  assert.equal(stats(july), { hits: GROUPS, misses: 0, notCached: 0 });
  assert.equal(withoutCache(july), await uncachedAt('2029-07-01T00:00:00Z'));
  assert.ok(july.findings.some((f) => f.ruleId === 'MP105' && f.suppressed === undefined), 'the expired suppression no longer applies');
  assert.ok(july.findings.some((f) => f.ruleId === 'MP040' && /MP105/.test(f.message)));
  assert.equal(stats(await at('2029-12-31T23:59:59Z')), { hits: GROUPS, misses: 0, notCached: 0 });
  // From 2030-01-01 the trust no longer works: timed is checked again, the other setups are served. (Its
  // findings then quote the time of the check: that result is not stored.)
  const after = await at('2030-01-01T00:00:00Z');
  assert.equal(stats(after), { hits: GROUPS - 1, misses: 0, notCached: 1 });
  const uncachedAfter = await uncachedAt('2030-01-01T00:00:00Z');
  assert.equal(withoutCache(after), uncachedAfter);
  assert.not.equal(uncachedAfter.findings.filter((f) => f.file.startsWith('timed/')), (await run(root)).findings.filter((f) => f.file.startsWith('timed/')), 'the result did change');
  // Before 2029-01-01 as well.
  const before = await at('2028-12-31T00:00:00Z');
  assert.equal(stats(before), { hits: GROUPS - 1, misses: 0, notCached: 1 });
  assert.equal(withoutCache(before), await uncachedAt('2028-12-31T00:00:00Z'));
});

test('a policy that uses the time in a way not bounded by the instants it names is not cached', async () => {
  const root = corpus();
  const variable = { ...TIMED_TRUST, Statement: [{ ...TIMED_TRUST.Statement[0], Condition: { StringEquals: { 'sts:ExternalId': GOOD_PARAMS.token }, StringLike: { 'aws:userid': '*${aws:CurrentTime}*' } } }] };
  writeTree(root, { 'timed/trust-policy.json': variable });
  assert.equal(stats(await cached(root)), { hits: 0, misses: GROUPS - 1, notCached: 1 });
  const warm = await cached(root);
  assert.equal(stats(warm), { hits: GROUPS - 1, misses: 0, notCached: 1 });
  assert.equal(withoutCache(warm), await run(root));
});

test('a corrupt or truncated cache file is a miss and one warning; the file is written anew', async () => {
  const root = corpus();
  const uncached = await run(root);
  await cached(root);
  const file = path.join(root, CACHE);
  const whole = readFileSync(file, 'utf8');
  for (const broken of [whole.slice(0, Math.floor(whole.length / 2)), '{"format":"mp-s3-lint-cache",', whole.replace(/"reads":\[\[/, '"reads":[[{}')]) {
    writeFileSync(file, broken);
    const report = await cached(root);
    assert.equal(withoutCache(report), uncached);
    const counts = stats(report);
    assert.ok(counts.misses >= 1 && counts.hits + counts.misses === GROUPS, JSON.stringify(counts));
    assert.is(report.cache!.warnings.length, 1, report.cache!.warnings.join('\n'));
    assert.match(report.cache!.warnings[0]!, /^the cache file \.mp-s3-lint-cache is corrupt \(/);
    assert.ok(report.cache!.written);
    assert.equal(stats(await cached(root)), { hits: GROUPS, misses: 0, notCached: 0 }, 'written anew');
  }
  // The CLI says it on one line of stderr and exits as without the cache.
  const cliRoot = corpus({ timed: false });
  await runCli(['.', '--cache'], { cwd: cliRoot });
  writeFileSync(path.join(cliRoot, CACHE), readFileSync(path.join(cliRoot, CACHE), 'utf8').slice(0, 100));
  const cli = await runCli(['.', '-f', 'json', '--cache'], { cwd: cliRoot });
  const plain = await runCli(['.', '-f', 'json'], { cwd: cliRoot });
  assert.equal([cli.code, cli.stdout], [plain.code, plain.stdout]);
  assert.match(cli.stderr, /^mp-s3-lint: warning: the cache file \.mp-s3-lint-cache is corrupt \([^\n]*\n$/);
});

test('a cache of another format version, or an empty file, is a silent miss', async () => {
  const root = corpus();
  await cached(root);
  const file = path.join(root, CACHE);
  writeFileSync(file, readFileSync(file, 'utf8').replace('"formatVersion":1', '"formatVersion":99'));
  const other = await cached(root);
  assert.equal([stats(other), other.cache!.warnings], [{ hits: 0, misses: GROUPS, notCached: 0 }, []]);
  writeFileSync(file, '');
  const empty = await cached(root);
  assert.equal([stats(empty), empty.cache!.warnings], [{ hits: 0, misses: GROUPS, notCached: 0 }, []]);
  assert.equal(stats(await cached(root)), { hits: GROUPS, misses: 0, notCached: 0 });
});

test('a file that is not a cache is never overwritten: a warning, and every setup checked', async () => {
  const root = corpus();
  writeTree(root, { 'notes.txt': 'my notes\n' });
  const report = await cached(root, { cache: { location: 'notes.txt' } });
  assert.equal(withoutCache(report), await run(root));
  assert.equal([stats(report), report.cache!.written], [{ hits: 0, misses: GROUPS, notCached: 0 }, false]);
  assert.match(report.cache!.warnings.join('\n'), /^notes\.txt is not an mp-s3-lint cache file: it is left as it is/);
  assert.is(readFileSync(path.join(root, 'notes.txt'), 'utf8'), 'my notes\n');
});

test('an unwritable cache location: a warning on stderr, the report and exit code as without --cache', async () => {
  const root = corpus({ timed: false });
  writeTree(root, { blocker: 'a file where a directory should be\n' });
  const plain = await runCli(['.', '-f', 'json'], { cwd: root });
  const result = await runCli(['.', '-f', 'json', '--cache', '--cache-location', 'blocker/cache'], { cwd: root });
  assert.equal([result.code, result.stdout], [plain.code, plain.stdout]);
  assert.match(result.stderr, /^mp-s3-lint: warning: cannot write the cache file blocker\/cache \((?:EEXIST|ENOTDIR): [^\n]*\); the report is complete, and the next run checks every setup again\n$/);
  const report = await cached(root, { cache: { location: 'blocker/cache' } });
  assert.equal([report.cache!.written, stats(report)], [false, { hits: 0, misses: GROUPS - 1, notCached: 0 }]);
  // No temporary file is left behind, nor a cache elsewhere.
  assert.not.ok(readdirSync(root).some((name) => name.includes('cache')), readdirSync(root).join(' '));
  // A read-only directory (for a user other than root, who may write anyway).
  const locked = path.join(root, 'locked');
  mkdirSync(locked);
  chmodSync(locked, 0o555);
  try {
    const lockedRun = await cached(root, { cache: { location: 'locked/' } });
    assert.equal(withoutCache(lockedRun), await run(root));
    if (process.getuid?.() !== 0) assert.match(lockedRun.cache!.warnings.join('\n'), /^cannot write the cache file locked\/\.mp-s3-lint-cache_[0-9a-f]{12} \(EACCES/);
  } finally {
    chmodSync(locked, 0o755);
  }
});

test('--cache-location: a file, an existing directory, or a path ending in a separator (the file goes inside, named by the working directory)', async () => {
  const root = corpus();
  await cached(root, { cache: { location: 'build/lint-cache' } });
  assert.ok(statSync(path.join(root, 'build', 'lint-cache')).isFile(), 'missing directories are created');
  assert.equal(stats(await cached(root, { cache: { location: 'build/lint-cache' } })), { hits: GROUPS, misses: 0, notCached: 0 });
  await cached(root, { cache: { location: 'node_modules/.cache/mp-s3-lint/' } });
  const inside = readdirSync(path.join(root, 'node_modules', '.cache', 'mp-s3-lint'));
  assert.equal(inside.length, 1);
  assert.match(inside[0]!, /^\.mp-s3-lint-cache_[0-9a-f]{12}$/);
  // Now an existing directory, named without the separator: the same file.
  const again = await cached(root, { cache: { location: 'node_modules/.cache/mp-s3-lint' } });
  assert.equal(stats(again), { hits: GROUPS, misses: 0, notCached: 0 });
  assert.match(again.cache!.location, /^node_modules\/\.cache\/mp-s3-lint\/\.mp-s3-lint-cache_[0-9a-f]{12}$/);
  assert.not.ok(existsSync(path.join(root, CACHE)), 'the default file is not written');
  // The CLI names the location the same way.
  const cli = await runCli(['.', '--cache', '--cache-location', 'other-cache/'], { cwd: root });
  assert.is(cli.code, 1, cli.stderr);
  assert.match(readdirSync(path.join(root, 'other-cache')).join(' '), /^\.mp-s3-lint-cache_[0-9a-f]{12}$/);
});

test('entries of folders not in this run are dropped; a cache file named like a policy is never checked', async () => {
  const root = corpus();
  await cached(root);
  const all = Object.keys(JSON.parse(readFileSync(path.join(root, CACHE), 'utf8')).entries as object);
  assert.is(all.length, GROUPS);
  const teamOnly = await cached(root, { paths: ['team'] });
  assert.equal(stats(teamOnly), { hits: 0, misses: 1, notCached: 0 }, 'named outright, team is another key');
  assert.is(Object.keys(JSON.parse(readFileSync(path.join(root, CACHE), 'utf8')).entries as object).length, 1);
  // A cache file the walk would read (.json) is left out of the check, cold and warm.
  const uncached = await run(root);
  const cold = await cached(root, { cache: { location: 'lint-cache.json' } });
  const warm = await cached(root, { cache: { location: 'lint-cache.json' } });
  assert.equal(stats(warm), { hits: GROUPS, misses: 0, notCached: 0 });
  assert.equal([withoutCache(cold), withoutCache(warm)], [uncached, uncached]);
});

test('standard input and files that cannot be read are never cached; their setups are checked every time', async () => {
  const root = corpus();
  const fromStdin = { read: async () => ({ bytes: Buffer.from(CONFUSED_DEPUTY_TRUST), size: CONFUSED_DEPUTY_TRUST.length }), filename: 'team/trust-policy.json' };
  const uncached = await run(root, { paths: ['-', '.'], stdin: fromStdin });
  await cached(root, { paths: ['-', '.'], stdin: fromStdin });
  const warm = await cached(root, { paths: ['-', '.'], stdin: fromStdin });
  assert.equal(stats(warm), { hits: GROUPS - 1, misses: 0, notCached: 1 });
  assert.equal(withoutCache(warm), uncached);
  // A file over maxFileSize.
  writeTree(root, { [`other/${CONFIG}`]: { maxFileSize: 100 } });
  const tooLarge = await cached(root);
  assert.equal(stats(tooLarge).notCached, 1);
  assert.ok(tooLarge.findings.some((f) => f.file.startsWith('other/') && /over the 100-byte limit/.test(f.message)));
  assert.equal(withoutCache(await cached(root)), await run(root));
});

test('the cache file holds hashes and what the report shows (findings, file names), never the inputs: no parameter or policy text', async () => {
  const root = writeTree(tempDir('cache-'), { [CONFIG]: GOOD_PARAMS, ...goodSetup('team') });
  const report = await cached(root);
  assert.equal([report.findings, stats(report)], [[], { hits: 0, misses: 1, notCached: 0 }]);
  const text = readFileSync(path.join(root, CACHE), 'utf8');
  for (const value of [GOOD_PARAMS.token, GOOD_PARAMS.bucket, GOOD_PARAMS.role, GOOD_PARAMS.prefix, 'MixpanelExport', MIXPANEL_USER, '2012-10-17']) assert.not.ok(text.includes(value), `${value} is not in the cache`);
  assert.ok(text.includes('"team/trust-policy.json"'), 'the files counted in the summary, by name');
  assert.match(text, /"[0-9a-f]{64}":/);
});

test('--cache goes with linting files: with --live (or --create), and --cache-location alone, a usage error', async () => {
  const root = corpus();
  const live = await runCli(['--live', '--cache', '--role', GOOD_PARAMS.role, '--bucket', GOOD_PARAMS.bucket], { cwd: root });
  assert.equal([live.code, live.stdout], [2, '']);
  assert.match(live.stderr, /--cache goes with linting files: --live reads the deployed setup afresh every time/);
  const location = await runCli(['.', '--cache-location', 'x'], { cwd: root });
  assert.is(location.code, 2);
  assert.match(location.stderr, /--cache-location goes with --cache/);
  const status = await runCli(['status', '--cache'], { cwd: root });
  assert.is(status.code, 2);
  assert.match(status.stderr, /status does not take --cache/);
  assert.not.ok(existsSync(path.join(root, CACHE)));
});

test.run();

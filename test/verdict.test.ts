// The verdict (src/engine/verdict.ts) is the model's, not the shaped report's: no rule level in a
// config changes it, every fixture with an error at default levels fails it, every good one passes,
// and rules at their default level are not run a second time to compute it.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/lint.js';
import { allRules } from '../rules/index.js';
import type { Rule } from '../src/engine/rule.js';
import type { Level, Report } from '../src/types.js';
import { repoPath } from './helpers/repo.js';

const SEED = 20261114;
const LEVELS: Array<Level | 'off'> = ['off', 'note', 'warning', 'error'];

const fixtureDirectories = (kind: 'bad' | 'good') =>
  readdirSync(repoPath('fixtures')).flatMap((area) => {
    const root = repoPath('fixtures', area, kind);
    return existsSync(root) ? readdirSync(root).map((name) => path.join(root, name)) : [];
  });

/** The fixture copied to a temporary directory, its config given these rule levels. */
function relevelled(directory: string, rules: Record<string, Level | 'off'>): string {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-verdict-')), path.basename(directory));
  cpSync(directory, copy, { recursive: true });
  const configFile = path.join(copy, 'mp-s3-lint.config.json');
  const config = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(configFile, JSON.stringify({ ...config, rules: { ...(config['rules'] as object | undefined), ...rules } }));
  return copy;
}

/** The reasons without the notes saying which level a config set, which are all that may differ. */
const withoutLevels = (verdict: Report['verdict']) => ({ passed: verdict.passed, reasons: verdict.reasons.map((reason) => reason.replace(/ \(set to \w+ by the config\)/g, '')) });

const errorsAtDefault = (report: Report) => report.findings.filter((finding) => allRules.find((rule) => rule.meta.id === finding.ruleId)!.meta.defaultLevel === 'error');

test('a fixture fails the verdict when it has an error at default levels, and turning every rule off changes nothing', async () => {
  let failing = 0;
  let passing = 0;
  const everyRuleOff = Object.fromEntries(allRules.map((rule) => [rule.meta.id, 'off' as const]));
  for (const directory of [...fixtureDirectories('bad'), ...fixtureDirectories('good')]) {
    const plain = await lint({ paths: [directory], cwd: directory });
    if (plain.verdict.passed) {
      passing++;
      assert.equal(errorsAtDefault(plain), [], directory);
      continue;
    }
    if (errorsAtDefault(plain).length > 0) failing++;
    const baseline = relevelled(directory, {});
    const silenced = relevelled(directory, everyRuleOff);
    const before = await lint({ paths: [baseline], cwd: baseline });
    const after = await lint({ paths: [silenced], cwd: silenced });
    assert.equal(after.findings, [], `${directory}: the config turned every rule off`);
    assert.not.ok(after.verdict.passed, directory);
    assert.equal(withoutLevels(after.verdict), withoutLevels(before.verdict), directory);
  }
  assert.ok(failing >= 40, `${failing} fixtures fail the verdict with errors at default levels`);
  assert.ok(passing >= 10, `${passing} fixtures pass it`);
});

test('examples/good passes the verdict, and a config turning rules off says so in the reasons it fails for', async () => {
  const good = await lint({ paths: [repoPath('examples', 'good')], cwd: repoPath() });
  assert.equal(good.verdict, { passed: true, reasons: [] });
  const directory = relevelled(repoPath('fixtures', 'trust', 'bad', 'wrong-user-name'), { MP101: 'off' });
  const hidden = await lint({ paths: [directory], cwd: directory });
  assert.not.ok(hidden.findings.some((finding) => finding.ruleId === 'MP101'));
  assert.equal(hidden.verdict, { passed: false, reasons: ["error findings at the rules' default level (1): MP101 (set to off by the config)"] });
});

test('property: random rule levels in the config never change the verdict', async () => {
  const directories = [...fixtureDirectories('bad'), ...fixtureDirectories('good')];
  const ids = allRules.map((rule) => rule.meta.id);
  let changedReport = 0;
  await fc.assert(
    // Levels for the rules that fire in the fixture (so that the report does change), and for others.
    fc.asyncProperty(fc.constantFrom(...directories), fc.array(fc.constantFrom(...LEVELS), { minLength: 1, maxLength: 6 }), fc.dictionary(fc.constantFrom(...ids), fc.constantFrom(...LEVELS)), async (directory, firing, others) => {
      const baseline = relevelled(directory, {});
      const plain = await lint({ paths: [baseline], cwd: baseline });
      const fired = [...new Set(plain.findings.map((finding) => finding.ruleId))];
      const levels = { ...others, ...Object.fromEntries(fired.map((id, index) => [id, firing[index % firing.length]!])) };
      const copy = relevelled(directory, levels);
      const shaped = await lint({ paths: [copy], cwd: copy });
      if (shaped.summary.errors !== plain.summary.errors) changedReport++;
      assert.equal(withoutLevels(shaped.verdict), withoutLevels(plain.verdict), `${directory} with ${JSON.stringify(levels)}`);
    }),
    { seed: SEED, numRuns: 60 },
  );
  assert.ok(changedReport > 15, `the levels changed the shaped report in ${changedReport} runs`);
});

test('rules at their default level run once; only the error rules a config re-levelled run again', async () => {
  const calls = new Map<string, number>();
  const counted = allRules.map((rule) => ({ ...rule, check: (context: never) => (calls.set(rule.meta.id, (calls.get(rule.meta.id) ?? 0) + 1), rule.check(context)) }) as Rule);
  const countsFor = async (levels: Record<string, Level | 'off'>) => {
    calls.clear();
    const directory = relevelled(repoPath('fixtures', 'trust', 'bad', 'wrong-user-name'), levels);
    const report = await lint({ paths: [directory], cwd: directory, rules: counted });
    return { report, counts: new Map(calls) };
  };
  const plain = await countsFor({});
  const { report, counts } = await countsFor({ MP101: 'off', MP102: 'error', MP104: 'note' });
  const differing = allRules.map((rule) => rule.meta.id).filter((id) => counts.get(id) !== plain.counts.get(id));
  assert.equal(differing, ['MP104'], 'only MP104, an error by default given another level, runs again');
  assert.is(counts.get('MP104'), 2 * plain.counts.get('MP104')!);
  assert.is(counts.get('MP101'), plain.counts.get('MP101'), 'off in the report, so run only for the verdict');
  assert.is(counts.get('MP102'), plain.counts.get('MP102'), 'a warning by default cannot fail the verdict, so it is not run again');
  assert.not.ok(report.findings.some((finding) => finding.ruleId === 'MP101'));
  assert.match(report.verdict.reasons.join('\n'), /MP101 \(set to off by the config\)/);
});

test('reasons stay short: many failing setups give one line per reason, naming a few items', async () => {
  const directories = fixtureDirectories('bad');
  const report = await lint({ paths: directories, cwd: repoPath() });
  assert.not.ok(report.verdict.passed);
  assert.ok(report.verdict.reasons.length <= 4, report.verdict.reasons.join('\n'));
  for (const reason of report.verdict.reasons) assert.ok(reason.length < 400, reason);
  assert.match(report.verdict.reasons.join('\n'), /error findings at the rules' default level \(\d+\): MP\d{3}/);
});

test('a suppression hides a finding from the report and its counts, never from the verdict', async () => {
  const fixture = repoPath('fixtures', 'trust', 'bad', 'wrong-user-name');
  const plain = await lint({ paths: [fixture], cwd: fixture });
  const hidden = plain.findings.filter((finding) => finding.level === 'error').map((finding) => ({ rule: finding.ruleId, file: path.basename(finding.file), reason: 'Trying to sneak past the gate.' }));
  assert.ok(hidden.length > 0);
  const directory = relevelled(fixture, {});
  const configFile = path.join(directory, 'mp-s3-lint.config.json');
  writeFileSync(configFile, JSON.stringify({ ...(JSON.parse(readFileSync(configFile, 'utf8')) as object), suppressions: hidden }));
  const suppressed = await lint({ paths: [directory], cwd: directory });
  assert.is(suppressed.summary.errors, 0, 'the suppressions apply to the report');
  assert.equal(suppressed.verdict, plain.verdict);
  assert.not.ok(suppressed.verdict.passed);
});

test('an undecided answer fails the verdict, though its rule is a warning and whatever level the config gives it', async () => {
  for (const [area, name, rule] of [['trust', 'sts-region-restricted-undecided', 'MP106'], ['permissions', 'principal-tag-without-tags-undecided', 'MP203'], ['kms', 'called-via-s3-undecided', 'MP304'], ['bucket', 'deny-tls-below-1-3-undecided', 'MP403']] as const) {
    const directory = repoPath('fixtures', area, 'bad', name);
    const plain = await lint({ paths: [directory], cwd: directory });
    assert.is(plain.summary.errors, 0, `${name}: a warning only`);
    assert.equal(plain.verdict, { passed: false, reasons: [`answers the documents cannot decide (1): ${rule}`] }, name);
    const silenced = relevelled(directory, { [rule]: 'off' });
    const hidden = await lint({ paths: [silenced], cwd: silenced });
    assert.equal(hidden.findings, [], name);
    assert.equal(hidden.verdict, { passed: false, reasons: [`answers the documents cannot decide (1): ${rule} (set to off by the config)`] }, name);
  }
});

test('nothing checked is a reason of its own', async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-verdict-'));
  writeFileSync(path.join(empty, 'notes.json'), '{"not": "a policy"}');
  const report = await lint({ paths: [empty], cwd: empty });
  assert.is(report.summary.errors, 0);
  assert.equal(report.verdict, { passed: false, reasons: ['no policy document was checked'] });
});

test.run();

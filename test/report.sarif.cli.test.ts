// SARIF as code scanning receives it from the CLI: the log of examples/bad validated against the
// OASIS SARIF 2.1.0 schema (test/vendor/), no automationDetails unless --sarif-category asks, paths
// relative to the repository root (git top level, or GITHUB_WORKSPACE) from any working directory,
// inputs outside the root as file:// URIs, fingerprints that survive a line move, and each rule's
// full help (why, a wrong and a right example, the fix) with no link to a page that does not exist.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SarifLog } from '../src/report/sarif.js';
import { allRules } from '../rules/index.js';
import { runCli } from './helpers/cli.js';
import { repoPath } from './helpers/repo.js';
import { validateSarif } from './helpers/sarif.js';

/** A git repository holding a copy of examples/bad under infra/, and a file outside it. */
function repository(): { root: string; infra: string; outside: string } {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-sarif-')));
  const root = path.join(base, 'repo');
  const infra = path.join(root, 'infra');
  mkdirSync(infra, { recursive: true });
  try {
    execFileSync('git', ['init', '-q', root], { stdio: 'ignore' });
  } catch {
    mkdirSync(path.join(root, '.git')); // no git on this machine: what it would have created
  }
  cpSync(repoPath('examples', 'bad'), path.join(infra, 'examples', 'bad'), { recursive: true });
  const outside = path.join(base, 'outside');
  cpSync(repoPath('examples', 'bad', 'confused-deputy'), outside, { recursive: true });
  return { root, infra, outside };
}

const sarif = async (argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
  const result = await runCli([...argv, '--format', 'sarif'], { cwd, env });
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as SarifLog).runs[0];
};

const locations = (run: SarifLog['runs'][0]) => run.results.map((r) => r.locations[0].physicalLocation.artifactLocation);

test('examples/bad from a subdirectory: valid SARIF, paths from the repository root under %SRCROOT%, no automationDetails, no links', async () => {
  const { infra } = repository();
  const result = await runCli(['examples/bad', '--format', 'sarif'], { cwd: infra, env: {} });
  assert.is(result.code, 1);
  const log = JSON.parse(result.stdout) as SarifLog;
  assert.equal(validateSarif(log), []);
  const run = log.runs[0];
  assert.ok(run.results.length >= 10, `${run.results.length} results`);
  const json = JSON.parse((await runCli(['examples/bad', '--format', 'json'], { cwd: infra, env: {} })).stdout) as { findings: { file: string }[] };
  assert.equal(
    locations(run).map((l) => `${l.uriBaseId} ${decodeURIComponent(l.uri)}`).sort(),
    json.findings.map((f) => `%SRCROOT% infra/${f.file}`).sort(),
  );
  assert.not.ok('automationDetails' in run, 'upload-sarif fills its category in only when the log has none');
  // This package.json names no home page or repository: no address is made up.
  assert.not.ok('informationUri' in run.tool.driver);
  assert.ok(run.tool.driver.rules.every((rule) => !('helpUri' in rule)));
  assert.not.match(result.stdout, /https?:\/\/(?!docs\.aws\.amazon\.com|docs\.mixpanel\.com|json\.schemastore\.org)/);
});

test('--sarif-category NAME writes automationDetails.id NAME/; it goes with --format sarif and needs a name', async () => {
  const { infra } = repository();
  assert.equal((await sarif(['examples/bad', '--sarif-category', 'prod'], infra)).automationDetails, { id: 'prod/' });
  assert.equal((await sarif(['examples/bad', '--sarif-category', 'mp-s3-lint/staging'], infra)).automationDetails, { id: 'mp-s3-lint/staging/' });
  const json = await runCli(['examples/bad', '--format', 'json', '--sarif-category', 'prod'], { cwd: infra });
  assert.is(json.code, 2);
  assert.match(json.stderr, /--sarif-category goes with --format sarif/);
  const empty = await runCli(['examples/bad', '--format', 'sarif', '--sarif-category', ' '], { cwd: infra });
  assert.is(empty.code, 2);
  assert.match(empty.stderr, /--sarif-category needs a name/);
});

test('the same URIs and fingerprints from the root and from a subdirectory; GITHUB_WORKSPACE decides the root when set', async () => {
  const { root, infra } = repository();
  const fromRoot = await sarif(['infra/examples/bad'], root);
  const fromInfra = await sarif(['examples/bad'], infra);
  const fromDeeper = await sarif(['.'], path.join(infra, 'examples', 'bad'));
  assert.equal(locations(fromInfra), locations(fromRoot));
  assert.equal(locations(fromDeeper), locations(fromRoot));
  const fingerprints = (run: SarifLog['runs'][0]) => run.results.map((r) => r.partialFingerprints['mpS3Lint/v1']);
  assert.equal(fingerprints(fromInfra), fingerprints(fromRoot));
  // A workspace above the git top level (a checkout in a subfolder of the workspace) or below it.
  const workspace = await sarif(['examples/bad'], infra, { GITHUB_WORKSPACE: infra });
  assert.ok(locations(workspace).every((l) => l.uriBaseId === '%SRCROOT%' && l.uri.startsWith('examples/bad/')), JSON.stringify(locations(workspace)));
  const relativeWorkspace = await sarif(['examples/bad'], infra, { GITHUB_WORKSPACE: '..' });
  assert.equal(locations(relativeWorkspace), locations(fromRoot));
});

test('an input outside the root is a file:// URI without uriBaseId, and the log stays valid', async () => {
  const { infra, outside } = repository();
  const result = await runCli(['examples/bad/guide-copied-verbatim', path.relative(infra, outside), '--format', 'sarif'], { cwd: infra, env: {} });
  const log = JSON.parse(result.stdout) as SarifLog;
  assert.equal(validateSarif(log), []);
  const all = locations(log.runs[0]);
  const outer = all.filter((l) => l.uri.startsWith('file:'));
  assert.ok(outer.length > 0 && outer.every((l) => l.uri.startsWith(pathToFileURL(outside).href + '/') && !('uriBaseId' in l)), JSON.stringify(outer));
  assert.ok(all.filter((l) => !l.uri.startsWith('file:')).every((l) => l.uriBaseId === '%SRCROOT%' && l.uri.startsWith('infra/examples/bad/guide-copied-verbatim/')));
});

test('fingerprints survive a line move; the region follows the line', async () => {
  const { infra } = repository();
  const setup = path.join(infra, 'examples', 'bad', 'confused-deputy');
  const before = await sarif([setup], infra);
  const trust = path.join(setup, 'trust.json');
  writeFileSync(trust, '\n\n\n' + readFileSync(trust, 'utf8')); // the same policy, three lines lower
  const after = await sarif([setup], infra);
  const moved = before.results.filter((r) => r.locations[0].physicalLocation.artifactLocation.uri.endsWith('trust.json'));
  assert.ok(moved.length > 0);
  for (const result of moved) {
    const same = after.results.find((r) => r.partialFingerprints['mpS3Lint/v1'] === result.partialFingerprints['mpS3Lint/v1']);
    assert.ok(same !== undefined, `no result after the move has the fingerprint of ${result.ruleId} ${result.message.text}`);
    assert.is(same.locations[0].physicalLocation.region.startLine, result.locations[0].physicalLocation.region.startLine + 3);
  }
  assert.is(new Set(after.results.map((r) => r.partialFingerprints['mpS3Lint/v1'])).size, after.results.length, 'fingerprints are distinct');
});

test('every rule carries its full help: why, the wrong and the right example, the fix; as Markdown and as text', async () => {
  const { infra } = repository();
  const rules = (await sarif(['examples/bad'], infra)).tool.driver.rules;
  assert.equal(
    rules.map((rule) => rule.id),
    allRules.map((rule) => rule.meta.id),
  );
  for (const { meta } of allRules) {
    const { help } = rules.find((rule) => rule.id === meta.id)!;
    const sections = ['## Why it matters\n', '\n## Wrong\n', '\n## Right\n', '\n## How to fix\n'].map((heading) => help.markdown.indexOf(heading));
    assert.ok(sections[0] === 0 && sections.every((at, i) => i === 0 || at > sections[i - 1]!), `${meta.id}: sections missing or out of order`);
    assert.ok(help.markdown.includes(meta.description) && help.markdown.endsWith(meta.help), meta.id);
    for (const example of [meta.examples.wrong, meta.examples.right]) {
      assert.ok(help.markdown.includes(example.explanation), `${meta.id}: ${example.explanation}`);
      for (const [name, content] of Object.entries(example.files ?? {})) {
        assert.ok(help.markdown.includes(`\`${name}\`:\n\n\`\`\`${name.endsWith('.json') ? 'json' : 'yaml'}\n${content}\`\`\``), `${meta.id}: ${name} not shown whole`);
        assert.ok(help.text.includes(`${name}:\n\n${content}`), `${meta.id}: ${name} not in the text help`);
      }
      if (example.command !== undefined) assert.ok(help.text.includes(`\n${example.command}\n`), `${meta.id}: command not in the text help`);
    }
    assert.not.match(help.text, /```|^#+ /m, `${meta.id}: Markdown left in help.text`);
  }
});

test.run();

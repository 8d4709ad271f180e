// The package as a user gets it: `npm pack`, installed into an empty project with its production
// dependencies only (from the npm cache `npm ci` filled, at the versions package-lock.json pins),
// then `npx mp-s3-lint` in file and live mode, `import('mp-s3-lint')`, and its type declarations
// checked by TypeScript. Also: every link in the shipped Markdown points at a shipped file.
import { execFile, type ExecFileException } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoPath, repoRoot } from './helpers/repo.js';
import { validateSarif } from './helpers/sarif.js';
import { HERMETIC_AWS_ENV, startAwsEmulator } from './support/aws-emulator.js';
import { BUCKET, ROLE, TOKEN, goodAccount } from './support/live-account.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell; never longer than `timeout` ms (npm must not hang the suite). */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeout ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (error: ExecFileException | null, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr: error?.killed ? `${stderr}\n(killed after the time limit)` : stderr });
    });
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const packageJson = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };

interface LockEntry {
  dev?: boolean;
  [key: string]: unknown;
}

/** What the tests below share: the tarball's file list and a project with the package installed. */
interface Installed {
  files: string[];
  project: string;
  install: Run;
}

let installed: Installed | undefined;

/**
 * Packs the built project (the build ran before the tests: --ignore-scripts skips `prepare`) and
 * installs the tarball the way `npm ci` would for a project that depends on it: a lockfile made of
 * this project's non-dev entries, so every dependency comes from the cache at its pinned version.
 * Offline first; if the cache lacks something, the registry may fill it in.
 */
async function install(): Promise<Installed> {
  if (installed !== undefined) return installed;
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-package-')));
  const pack = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', base], { cwd: repoRoot });
  assert.is(pack.code, 0, pack.stderr);
  const [packed] = JSON.parse(pack.stdout) as [{ filename: string; integrity: string; files: { path: string }[] }];
  const tarball = `file:../${packed.filename}`;
  const project = path.join(base, 'project');
  mkdirSync(project);
  const lock = JSON.parse(readFileSync(repoPath('package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const manifest = { name: 'consumer', version: '1.0.0', private: true, type: 'module', dependencies: { [packageJson.name]: tarball } };
  const packages: Record<string, unknown> = {
    '': { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies },
    [`node_modules/${packageJson.name}`]: { version: packageJson.version, resolved: tarball, integrity: packed.integrity, dependencies: packageJson.dependencies, bin: { 'mp-s3-lint': 'bin/mp-s3-lint.js' } },
    ...Object.fromEntries(Object.entries(lock.packages).filter(([key, entry]) => key !== '' && entry.dev !== true)),
  };
  writeFileSync(path.join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2));
  const quiet = ['--no-audit', '--no-fund'];
  let result = await run(npm, ['ci', '--offline', ...quiet], { cwd: project });
  if (result.code !== 0 && /ENOTCACHED/.test(result.stderr)) result = await run(npm, ['ci', '--prefer-offline', ...quiet], { cwd: project });
  assert.is(result.code, 0, result.stderr);
  installed = { files: packed.files.map((file) => file.path), project, install: result };
  return installed;
}

/** The consumer's environment: no AWS settings of this machine, nothing from the test process but the path and npm's cache. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'npm_config_cache'].filter((name) => process.env[name] !== undefined);
  return { ...Object.fromEntries(keep.map((name) => [name, process.env[name]])), ...extra };
}

test('the tarball ships the bundles, types, generated data, config schema and docs; no sources, tests or fixtures', async () => {
  const { files } = await install();
  for (const file of ['bin/mp-s3-lint.js', 'bin/package.json', 'dist/bundle/mp-s3-lint.cjs', 'dist/bundle/index.js', 'dist/src/index.d.ts', 'dist/generated/actions/s3.json', 'schemas/config.schema.json', 'LICENSE', 'CHANGELOG.md', 'README.md', 'docs/rules/MP101.md', 'docs/live-mode-iam-policy.json']) {
    assert.ok(files.includes(file), `${file} is not in the package`);
  }
  const unwanted = files.filter((file) => /^(src|rules|test|fixtures|scripts|dist\/test|dist\/bench)\//.test(file) || /^dist\/(src|rules)\/.*\.js$/.test(file));
  assert.equal(unwanted, []);
});

test('package.json decides on every install script in the lockfile (npm ci warns about undecided ones)', () => {
  const lock = JSON.parse(readFileSync(repoPath('package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const { allowScripts = {} } = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
  const withScripts = Object.keys(lock.packages).filter((key) => lock.packages[key]!.hasInstallScript === true).map((key) => key.replace(/^.*node_modules\//, ''));
  assert.ok(withScripts.includes('esbuild'));
  assert.equal(withScripts.filter((name) => typeof allowScripts[name] !== 'boolean'), []);
});

test('every relative link in the shipped Markdown points at a shipped file', async () => {
  const { files } = await install();
  const shipped = new Set(files);
  const broken: string[] = [];
  for (const file of files.filter((name) => name.endsWith('.md'))) {
    const text = readFileSync(repoPath(file), 'utf8').replace(/^(```|~~~)[\s\S]*?^\1/gm, ''); // links inside code blocks are not links
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^([a-z]+:|#)/i.test(target!)) continue;
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(target!.replace(/#.*$/, ''))));
      if (!shipped.has(resolved) && ![...shipped].some((name) => name.startsWith(`${resolved.replace(/\/$/, '')}/`))) broken.push(`${file}: ${target}`);
    }
  }
  assert.equal(broken, []);
});

test('npx mp-s3-lint runs from the installed package: exit 0 on a good setup and a template, 1 on a bad one, its version', async () => {
  const { project, install: result } = await install();
  assert.not.match(result.stderr, /install-scripts/, 'an install-scripts warning for the package');
  cpSync(repoPath('examples'), path.join(project, 'examples'), { recursive: true });
  const good = await run(npx, ['--no', '--', 'mp-s3-lint', 'examples/good'], { cwd: project, env: cleanEnv() });
  assert.is(good.code, 0, good.stdout + good.stderr);
  assert.match(good.stdout, /No problems found in \d+ files/);
  const bad = await run(npx, ['--no', '--', 'mp-s3-lint', 'examples/bad', '--format', 'sarif'], { cwd: project, env: cleanEnv() });
  assert.is(bad.code, 1, bad.stderr);
  assert.equal(validateSarif(JSON.parse(bad.stdout)), []);
  // A CloudFormation template: the YAML parser, loaded on first use, must be in the bundle too.
  cpSync(repoPath('fixtures', 'iac', 'good', 'cloudformation-yaml'), path.join(project, 'template'), { recursive: true });
  const yaml = await run(npx, ['--no', '--', 'mp-s3-lint', 'template'], { cwd: project, env: cleanEnv() });
  assert.is(yaml.code, 0, yaml.stdout + yaml.stderr);
  assert.match(yaml.stdout, /No problems found in \d+ files?/);
  const version = await run(npx, ['--no', '--', 'mp-s3-lint', '--version'], { cwd: project, env: cleanEnv() });
  assert.is(version.stdout.trim(), packageJson.version);
});

test('live mode works from the installed package: its production dependencies hold the AWS SDK clients, whose Node warning is not silenced', async () => {
  const { project } = await install();
  const emulator = await startAwsEmulator(goodAccount());
  try {
    const live = await run(npx, ['--no', '--', 'mp-s3-lint', '--live', '--role', ROLE, '--bucket', BUCKET, '--token', TOKEN, '--region', 'us-east-1', '--encryption', 'kms', '--kms-key', 'alias/mixpanel-export', '--endpoint-url', emulator.url, '-f', 'json'], {
      cwd: project,
      env: cleanEnv({ ...HERMETIC_AWS_ENV, AWS_MAX_ATTEMPTS: '2' }),
    });
    assert.is(live.code, 0, live.stdout + live.stderr);
    assert.equal((JSON.parse(live.stdout) as { findings: unknown[] }).findings, []);
    assert.ok(emulator.calls.length > 0);
    // The SDK's own notice that its releases after early January 2027 need Node 22 is shown, not hidden.
    if (Number(process.versions.node.split('.')[0]) < 22) assert.match(live.stderr, /NodeVersionSupportWarning/);
    else assert.not.match(live.stderr, /NodeVersionSupportWarning/);
  } finally {
    await emulator.close();
  }
});

test("import('mp-s3-lint'): lint, lintLive, the formatters and the rules, working together", async () => {
  const { project } = await install();
  cpSync(repoPath('examples'), path.join(project, 'examples'), { recursive: true });
  const script = `
    const library = await import('mp-s3-lint');
    const report = await library.lint({ paths: ['examples/bad'] });
    const sarif = JSON.parse(library.formatSarif(report.findings, library.rules, { toolVersion: library.VERSION }));
    console.log(JSON.stringify({
      exports: Object.keys(library).sort(),
      kinds: Object.fromEntries(Object.entries(library).map(([name, value]) => [name, typeof value])),
      errors: report.summary.errors,
      results: sarif.runs[0].results.length,
      rules: library.rules.length,
      json: JSON.parse(library.formatJson(report.findings, library.rules, { files: report.summary.files })).summary,
      stylish: library.formatStylish(report.findings, library.rules, { color: false, files: report.summary.files }).split('\\n').at(-2),
      github: library.formatGithub(report.findings, library.rules).split('\\n').length - 1,
      usageError: await library.lint({ paths: ['x'], configFile: 'missing.json' }).then(() => 'none', (error) => error instanceof library.UsageError),
    }));`;
  const result = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project, env: cleanEnv() });
  assert.is(result.code, 0, result.stderr);
  const output = JSON.parse(result.stdout) as { exports: string[]; kinds: Record<string, string>; errors: number; results: number; rules: number; json: { errors: number }; stylish: string; github: number; usageError: unknown };
  for (const name of ['lint', 'lintLive', 'formatReport', 'formatSarif', 'formatJson', 'formatStylish', 'formatGithub', 'formatJunit', 'formatGitlab', 'resultPaths', 'UsageError']) assert.is(output.kinds[name], 'function', name);
  assert.equal(output.exports, ['FORMATS', 'UsageError', 'VERSION', 'formatGithub', 'formatGitlab', 'formatJson', 'formatJunit', 'formatReport', 'formatSarif', 'formatStylish', 'lint', 'lintLive', 'resultPaths', 'rules']);
  assert.ok(output.errors > 0);
  assert.is(output.json.errors, output.errors);
  assert.is(output.github, output.results);
  assert.match(output.stylish, /problems \(\d+ errors/);
  assert.ok(output.rules >= 40);
  assert.is(output.usageError, true, 'UsageError is the class lint() throws');
});

test('the type declarations: a TypeScript file using the library type-checks, and a misuse does not', async () => {
  const { project } = await install();
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [repoPath('node_modules', '@types')] }, files: ['check.ts'] }),
  );
  const check = (body: string) => {
    writeFileSync(
      path.join(project, 'check.ts'),
      `import { lint, lintLive, formatReport, formatSarif, formatJson, formatStylish, formatGithub, rules, type Finding, type LintOptions, type LiveLintResult, type Report, type RuleMeta } from 'mp-s3-lint';\n${body}\n`,
    );
    return run(process.execPath, [repoPath('node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project });
  };
  const good = await check(`
const options: LintOptions = { paths: ['policies'], params: { region: 'us-east-1' } };
const report: Report = await lint(options);
const first: Finding | undefined = report.findings[0];
const metas: readonly RuleMeta[] = rules;
const texts: string[] = [formatReport('sarif', report, metas, { color: false, version: '1' }), formatSarif(report.findings, metas, { toolVersion: '1', category: 'prod' }), formatJson(report.findings, metas, { files: 1 }), formatStylish(report.findings, metas, { color: false, files: 1 }), formatGithub(report.findings, metas)];
const live: Promise<LiveLintResult> = lintLive({ cwd: '.', params: { role: 'arn:aws:iam::111122223333:role/x' } });
console.log(first?.ruleId, texts.length, live);`);
  assert.is(good.code, 0, good.stdout + good.stderr);
  const bad = await check(`const report = await lint({ path: ['policies'] });\nconsole.log(report.summary.errors.toFixed());`);
  assert.is(bad.code, 2, bad.stdout);
  assert.match(bad.stdout, /check\.ts\(\d+,\d+\): error TS2561:.*'path' does not exist in type 'LintOptions'/);
});

test.run();

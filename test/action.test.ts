// action.yml run the way a GitHub runner runs a composite action: each `run:` step with bash
// (`bash --noprofile --norc -eo pipefail`), its `${{ inputs.* }}` and `${{ github.action_path }}`
// substituted, its env and working directory set, GITHUB_OUTPUT a file per step, and the action's
// outputs read from the steps'. The action path is this checkout, already built by `npm run build`,
// so the install step finds the build instead of running `npm ci` (test/package.test.ts installs).
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { SarifLog } from '../src/report/sarif.js';
import { repoPath, repoRoot } from './helpers/repo.js';
import { validateSarif } from './helpers/sarif.js';

interface ActionStep {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface Action {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(readFileSync(repoPath('action.yml'), 'utf8')) as Action;

interface ActionRun {
  /** The exit code of the step that failed, or 0. */
  code: number;
  /** The step that ended the run (the last one when all passed). */
  step: string;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** `${{ expression }}`, evaluated as the runner does for the few expressions the action may use; any other fails the test. */
function substitute(text: string, context: { inputs: Record<string, string>; actionPath: string; steps: Record<string, Record<string, string>> }): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_whole, expression: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    if (input !== null) {
      assert.ok(input[1]! in action.inputs, `undeclared input ${input[1]}`);
      return context.inputs[input[1]!] ?? action.inputs[input[1]!]!.default ?? '';
    }
    if (expression === 'github.action_path') return context.actionPath;
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (output !== null) return context.steps[output[1]!]?.[output[2]!] ?? '';
    throw new Error(`the test does not emulate \${{ ${expression} }}`);
  });
}

/** GITHUB_OUTPUT's two forms: `name=value` and `name<<DELIMITER` … `DELIMITER`. */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc !== null) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      outputs[lines[i]!.slice(0, lines[i]!.indexOf('='))] = lines[i]!.slice(lines[i]!.indexOf('=') + 1);
    }
  }
  return outputs;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

/** Runs the action's steps in `workspace` with these inputs; stops at the first failing step, as a runner does. */
async function runAction(workspace: string, inputs: Record<string, string>, options: { actionPath?: string; path?: string } = {}): Promise<ActionRun> {
  const actionPath = options.actionPath ?? repoRoot;
  const steps: Record<string, Record<string, string>> = {};
  const runnerTemp = mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-runner-'));
  let last: ActionRun = { code: 0, step: '', stdout: '', stderr: '', outputs: {} };
  for (const [index, step] of action.runs.steps.entries()) {
    const context = { inputs, actionPath, steps };
    const outputFile = path.join(runnerTemp, `output-${index}`);
    writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = {
      PATH: options.path ?? process.env['PATH'],
      HOME: process.env['HOME'],
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: runnerTemp,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, substitute(String(value), context)])),
    };
    const cwd = path.resolve(workspace, substitute(step['working-directory'] ?? '.', context));
    const result = await bash(substitute(step.run!, context), cwd, env);
    if (step.id !== undefined) steps[step.id] = readOutputs(outputFile);
    last = { ...result, step: step.name ?? String(index), outputs: {} };
    if (result.code !== 0) break;
  }
  last.outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, output]) => [name, substitute(output.value, { inputs, actionPath, steps })]));
  return last;
}

/** A workspace (a checkout: GITHUB_WORKSPACE) holding setups in folders whose names have spaces. */
function workspace(): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-workspace-')));
  cpSync(repoPath('examples', 'bad', 'bucket-policy-denies-upload'), path.join(root, 'policies', 'my setup'), { recursive: true });
  cpSync(repoPath('examples', 'good', 'sse-s3'), path.join(root, 'policies', 'other dir'), { recursive: true });
  cpSync(repoPath('fixtures', 'trust', 'bad', 'guide-without-external-id'), path.join(root, 'infra', 'warnings only'), { recursive: true });
  return root;
}

const countsOf = (log: SarifLog) => ({
  errors: String(log.runs[0].results.filter((r) => r.level === 'error').length),
  warnings: String(log.runs[0].results.filter((r) => r.level === 'warning').length),
});

test('action.yml: the inputs and outputs the docs list; bash steps that run this checkout\'s code, never a registry package', () => {
  assert.equal(Object.keys(action.inputs), ['paths', 'format', 'output-file', 'category', 'max-warnings', 'config', 'working-directory']);
  assert.equal(Object.keys(action.outputs), ['sarif-file', 'errors', 'warnings']);
  assert.is(action.runs.using, 'composite');
  for (const step of action.runs.steps) {
    assert.is(step.shell, 'bash', step.name);
    assert.ok(step.run !== undefined && step.uses === undefined && step.if === undefined, `${step.name}: only run steps are emulated`);
    assert.not.match(step.run!, /\bnpx\b|npm (exec|install|i)\b/, `${step.name} fetches from the registry`);
    assert.not.match(step.run!, /\$\{\{/, `${step.name}: an expression pasted into the script (inputs go through env)`);
  }
  assert.equal(action.runs.steps.map((step) => step['working-directory']), ['${{ github.action_path }}', '${{ inputs.working-directory }}']);
});

test('SARIF for paths with spaces, one per line: the file, its category, the counts as outputs, exit 1 on errors', async () => {
  const root = workspace();
  const result = await runAction(root, { paths: 'policies/my setup\n  policies/other dir  \n\n', 'output-file': 'mp s3 lint.sarif', category: 'prod' });
  assert.is(result.code, 1, result.stdout + result.stderr);
  assert.is(result.step, 'Run mp-s3-lint');
  assert.is(result.outputs['sarif-file'], path.join(root, 'mp s3 lint.sarif'));
  const log = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')) as SarifLog;
  assert.equal(validateSarif(log), []);
  assert.equal(log.runs[0].automationDetails, { id: 'prod/' });
  assert.ok(log.runs[0].results.length > 0);
  assert.ok(log.runs[0].results.every((r) => r.locations[0].physicalLocation.artifactLocation.uri.startsWith('policies/my%20setup/')), 'other dir is clean');
  assert.equal({ errors: result.outputs['errors'], warnings: result.outputs['warnings'] }, countsOf(log));
  assert.not.equal(result.outputs['errors'], '0');
});

test('working-directory, config and max-warnings: paths from the repository root, warnings fail only over the limit', async () => {
  const root = workspace();
  writeFileSync(path.join(root, 'infra', 'ci.config.json'), readFileSync(path.join(root, 'infra', 'warnings only', 'mp-s3-lint.config.json')));
  const inputs = { paths: 'warnings only', 'working-directory': 'infra', config: 'ci.config.json' };
  const passing = await runAction(root, inputs);
  assert.is(passing.code, 0, passing.stdout + passing.stderr);
  assert.equal([passing.outputs['errors'], passing.outputs['warnings']], ['0', '1']);
  const log = JSON.parse(readFileSync(passing.outputs['sarif-file']!, 'utf8')) as SarifLog;
  assert.is(passing.outputs['sarif-file'], path.join(root, 'infra', 'mp-s3-lint.sarif'));
  assert.ok(log.runs[0].results.every((r) => r.locations[0].physicalLocation.artifactLocation.uri.startsWith('infra/warnings%20only/')));
  assert.not.ok('automationDetails' in log.runs[0]);
  const strict = await runAction(root, { ...inputs, 'max-warnings': '0' });
  assert.is(strict.code, 1);
  assert.equal([strict.outputs['errors'], strict.outputs['warnings']], ['0', '1']);
  const missingConfig = await runAction(root, { ...inputs, config: 'nowhere.json' });
  assert.is(missingConfig.code, 2);
  assert.equal(missingConfig.outputs, { 'sarif-file': '', errors: '', warnings: '' });
});

test('format github: annotations in the log, no file; a category with another format is a usage error (exit 2, empty outputs)', async () => {
  const root = workspace();
  const github = await runAction(root, { paths: 'policies/my setup', format: 'github' });
  assert.is(github.code, 1);
  assert.match(github.stdout, /^::error file=policies\/my setup\/[^,]+,line=\d+/m);
  assert.not.ok(existsSync(path.join(root, 'mp-s3-lint.sarif')));
  assert.is(github.outputs['sarif-file'], '');
  assert.is(github.outputs['errors'], String(github.stdout.split('\n').filter((line) => line.startsWith('::error ')).length));
  const json = await runAction(root, { paths: 'policies/my setup', format: 'json', 'output-file': 'report.json', category: 'prod' });
  assert.is(json.code, 2);
  assert.match(json.stderr, /--sarif-category goes with --format sarif/);
  assert.equal(json.outputs, { 'sarif-file': '', errors: '', warnings: '' });
});

test('a path that looks like a flag is taken as a path; an expression in an input is not run', async () => {
  const root = workspace();
  const result = await runAction(root, { paths: '--version\n$(touch pwned)\n`touch pwned`', format: 'json', 'output-file': 'report.json' });
  assert.is(result.code, 2, 'three paths that do not exist');
  const report = JSON.parse(readFileSync(path.join(root, 'report.json'), 'utf8')) as { findings: { ruleId: string; file: string }[] };
  assert.equal(report.findings.map((f) => `${f.ruleId} ${f.file}`).sort(), ['MP001 $(touch pwned)', 'MP001 --version', 'MP001 `touch pwned`']);
  assert.not.ok(existsSync(path.join(root, 'pwned')));
});

test('the install step refuses a Node.js older than 20 with an annotation saying what to do', async () => {
  const bin = mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-old-node-'));
  writeFileSync(path.join(bin, 'node'), '#!/bin/sh\n[ "$1" = --version ] && echo v18.20.4 || echo 18\n');
  chmodSync(path.join(bin, 'node'), 0o755);
  const result = await runAction(workspace(), {}, { path: `${bin}:${process.env['PATH']}` });
  assert.is(result.code, 2);
  assert.is(result.step, 'Install mp-s3-lint');
  assert.match(result.stdout, /^::error title=mp-s3-lint::Node\.js 20 or later is needed \(found v18\.20\.4\); run actions\/setup-node/m);
});

test.run();

// Every rule's wrong and right examples (the ones its SARIF help and docs page show) checked against
// the linter: written over a setup that passes every rule, the wrong files make the rule report and
// the right ones leave a setup without the rule's finding and without errors. Command examples
// (how the tool is run, what an AWS account holds) are shown only: their flags must exist.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allRules } from '../rules/index.js';
import { EXAMPLE_KMS_PARAMS, EXAMPLE_PARAMS } from '../rules/examples.js';
import { initFiles } from '../src/init.js';
import { lint } from '../src/lint.js';
import type { Finding, RuleExample, RuleMeta } from '../src/types.js';
import { runCli } from './helpers/cli.js';

/** Rules whose examples need SSE-KMS in the setup they change. */
const KMS_SETUP = new Set(['MP301', 'MP302', 'MP304', 'MP504']);
/** The time of the check: examples with dates stay right or wrong whatever day the tests run. */
const NOW = new Date('2026-12-01T00:00:00Z');
/** Rules whose examples bring the policies in a template: the setup they change has only the config. */
const CONFIG_ONLY = new Set(['MP020', 'MP021', 'MP022', 'MP023']);

const metas: RuleMeta[] = allRules.map((rule) => rule.meta);

/** The findings of a setup made of the base files with the example's files written over them. */
async function lintExample(meta: RuleMeta, example: RuleExample): Promise<Finding[]> {
  const directory = mkdtempSync(path.join(os.tmpdir(), `mp-s3-lint-${meta.id}-`));
  try {
    const base = initFiles(KMS_SETUP.has(meta.id) ? EXAMPLE_KMS_PARAMS : EXAMPLE_PARAMS).filter((file) => !CONFIG_ONLY.has(meta.id) || file.name === 'mp-s3-lint.config.json');
    for (const file of base) writeFileSync(path.join(directory, file.name), file.content);
    for (const [name, content] of Object.entries(example.files ?? {})) writeFileSync(path.join(directory, name), content);
    return (await lint({ paths: [directory], cwd: directory, now: NOW })).findings;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const describe = (findings: Finding[]) => findings.map((f) => `${f.ruleId} ${f.level} ${f.file}:${f.line} ${f.message}`).join('\n') || '(none)';

test('the base setups pass every rule', async () => {
  for (const params of [EXAMPLE_PARAMS, EXAMPLE_KMS_PARAMS]) {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'mp-s3-lint-base-'));
    try {
      for (const file of initFiles(params)) writeFileSync(path.join(directory, file.name), file.content);
      assert.equal((await lint({ paths: [directory], cwd: directory, now: NOW })).findings, [], params.encryption);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
});

test('every rule has a wrong and a right example, each with files or a command', () => {
  for (const meta of metas) {
    for (const [which, example] of Object.entries(meta.examples)) {
      assert.ok(example.explanation.trim().length > 5, `${meta.id} ${which}: explanation`);
      assert.ok((example.files === undefined) !== (example.command === undefined), `${meta.id} ${which}: files or a command, not both`);
      assert.ok(example.command === undefined || example.command.trim() !== '', `${meta.id} ${which}: empty command`);
      assert.ok(example.files === undefined || Object.keys(example.files).length > 0, `${meta.id} ${which}: no files`);
    }
    assert.not.equal(meta.examples.wrong, meta.examples.right, `${meta.id}: the wrong and the right example are the same`);
  }
});

for (const meta of metas) {
  const { wrong, right } = meta.examples;
  if (wrong.files !== undefined) {
    test(`${meta.id}: the wrong example is reported`, async () => {
      const findings = await lintExample(meta, wrong);
      assert.ok(
        findings.some((f) => f.ruleId === meta.id),
        `${meta.id} not reported for its wrong example; found:\n${describe(findings)}`,
      );
    });
  }
  if (right.files !== undefined) {
    test(`${meta.id}: the right example passes`, async () => {
      const findings = await lintExample(meta, right);
      const problems = findings.filter((f) => f.ruleId === meta.id || f.level === 'error');
      assert.equal(problems, [], `${meta.id}'s right example is not clean:\n${describe(problems)}`);
    });
  }
}

test('the flags of every mp-s3-lint command example exist', async () => {
  const help = (await runCli(['--help'])).stdout;
  for (const meta of metas) {
    for (const example of [meta.examples.wrong, meta.examples.right]) {
      for (const line of (example.command ?? '').split('\n').filter((l) => l.startsWith('mp-s3-lint '))) {
        for (const flag of line.match(/(?<=\s)--[a-z-]+/g) ?? []) assert.ok(help.includes(`${flag} `), `${meta.id}: ${flag} is not an mp-s3-lint option`);
      }
    }
  }
});

test.run();

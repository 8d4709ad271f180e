// `mp-s3-lint init` writes a setup that lints clean in every encryption mode, with the values given,
// and never overwrites a file without --force.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { lint } from '../src/lint.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mp-s3-lint-init-'));
const ROLE = 'arn:aws:iam::111122223333:role/mixpanel-export';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TOKEN = '0123456789abcdef0123456789abcdef';
const base = ['init', '--bucket', 'acme-export', '--role', ROLE, '--token', TOKEN, '--region', 'eu-west-1'];

const modes: { name: string; flags: string[]; files: string[] }[] = [
  { name: 'none', flags: [], files: ['mp-s3-lint.config.json', 'permission-policy.json', 'trust-policy.json'] },
  { name: 'aes', flags: ['--encryption', 'aes', '--prefix', 'mixpanel/raw'], files: ['mp-s3-lint.config.json', 'permission-policy.json', 'trust-policy.json'] },
  { name: 'kms', flags: ['--encryption', 'kms', '--kms-key', KEY], files: ['key-policy.json', 'mp-s3-lint.config.json', 'permission-policy.json', 'trust-policy.json'] },
];

for (const mode of modes) {
  test(`init --encryption ${mode.name} writes documents that lint with zero findings`, async () => {
    const out = tmp();
    const result = await runCli([...base, ...mode.flags, '--out', out]);
    assert.is(result.code, 0, result.stderr);
    const report = await lint({ paths: [out], cwd: out });
    assert.equal(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`), []);
    assert.equal(report.summary.files, mode.files.length - 1, "every policy file is read (the config is not a policy)");
    const trust = readFileSync(path.join(out, 'trust-policy.json'), 'utf8');
    assert.ok(trust.includes(TOKEN), 'the trust policy requires the token as external id');
    assert.not.ok(/<[A-Z_-]+>/.test(readFileSync(path.join(out, 'permission-policy.json'), 'utf8')), 'no placeholder left');
  });
}

test('init writes what the lint then checks against: changing a written value breaks it', async () => {
  const out = tmp();
  assert.is((await runCli([...base, '--encryption', 'kms', '--kms-key', KEY, '--out', out])).code, 0);
  const keyPolicy = path.join(out, 'key-policy.json');
  writeFileSync(keyPolicy, readFileSync(keyPolicy, 'utf8').replaceAll(ROLE, 'arn:aws:iam::111122223333:role/other').replace(':root', ':role/admin'));
  const report = await lint({ paths: [out], cwd: out });
  assert.ok(report.findings.some((f) => f.ruleId === 'MP301' && f.file === 'key-policy.json'), 'the key policy no longer lets the role use the key');
});

test('init never overwrites without --force, and says what it kept', async () => {
  const out = tmp();
  writeFileSync(path.join(out, 'trust-policy.json'), '{"mine": true}\n');
  const refused = await runCli([...base, '--out', out]);
  assert.is(refused.code, 2);
  assert.match(refused.stderr, /trust-policy\.json exists; not overwritten \(use --force\)/);
  assert.is(readFileSync(path.join(out, 'trust-policy.json'), 'utf8'), '{"mine": true}\n');
  const forced = await runCli([...base, '--out', out, '--force']);
  assert.is(forced.code, 0);
  assert.ok(readFileSync(path.join(out, 'trust-policy.json'), 'utf8').includes('sts:ExternalId'));
});

test('init refuses to write placeholders: missing values are a usage error naming the flags', async () => {
  const out = tmp();
  const result = await runCli(['init', '--bucket', 'acme-export', '--encryption', 'kms', '--out', out]);
  assert.is(result.code, 2);
  assert.match(result.stderr, /init needs --role, --token, --region, --kms-key: it writes documents with your real values/);
});

test.run();

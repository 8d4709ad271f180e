// Addresses come from package.json only: with `homepage`, `repository` or `bugs` set, --help and
// SARIF link to them (rule pages at the version's tag); without, nothing is linked and --help names
// the installed README. This package sets none today, so its outputs must carry no address.
import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { docsLine, helpEpilogue } from '../src/cli.js';
import { LINKS, projectLinks, README_PATH } from '../src/version.js';
import { runCli } from './helpers/cli.js';

test('no fields, no links', () => {
  assert.equal(projectLinks({ version: '1.2.3' }), {});
  assert.equal(projectLinks({ version: '1.2.3', homepage: 'not a url', bugs: { email: 'team@example.org' } }), {});
});

test('a GitHub repository gives the home page, the rule pages at tag v<version> and the issue tracker, in any of npm\'s spellings', () => {
  const expected = {
    homepage: 'https://github.com/acme/mp-s3-lint',
    ruleDocsBase: 'https://github.com/acme/mp-s3-lint/blob/v1.2.3/docs/rules/',
    issues: 'https://github.com/acme/mp-s3-lint/issues',
  };
  for (const repository of ['acme/mp-s3-lint', 'github:acme/mp-s3-lint', 'git+https://github.com/acme/mp-s3-lint.git', 'git@github.com:acme/mp-s3-lint.git', { type: 'git', url: 'https://github.com/acme/mp-s3-lint' }]) {
    assert.equal(projectLinks({ version: '1.2.3', repository }), expected, JSON.stringify(repository));
  }
});

test('a package in a folder of its repository; GitLab; homepage and bugs win over what the repository gives', () => {
  assert.is(
    projectLinks({ version: '2.0.0', repository: { type: 'git', url: 'git+https://github.com/acme/tools.git', directory: 'packages/mp-s3-lint' } }).ruleDocsBase,
    'https://github.com/acme/tools/blob/v2.0.0/packages/mp-s3-lint/docs/rules/',
  );
  assert.is(projectLinks({ version: '2.0.0', repository: 'gitlab:acme/mp-s3-lint' }).ruleDocsBase, 'https://gitlab.com/acme/mp-s3-lint/-/blob/v2.0.0/docs/rules/');
  assert.equal(projectLinks({ version: '2.0.0', repository: 'acme/mp-s3-lint', homepage: 'https://acme.example/lint', bugs: 'https://acme.example/bugs' }), {
    homepage: 'https://acme.example/lint',
    ruleDocsBase: 'https://github.com/acme/mp-s3-lint/blob/v2.0.0/docs/rules/',
    issues: 'https://acme.example/bugs',
  });
});

test('a repository on a host whose page layout is unknown gives no guessed address', () => {
  assert.equal(projectLinks({ version: '1.0.0', repository: 'https://git.acme.example/tools/mp-s3-lint.git' }), {});
  assert.equal(projectLinks({ version: '1.0.0', repository: 'https://git.acme.example/tools/mp-s3-lint.git', homepage: 'https://acme.example/' }), { homepage: 'https://acme.example/' });
});

test('--help ends with the docs and bug addresses when known, else with the installed README', () => {
  const linked = helpEpilogue({ homepage: 'https://github.com/acme/mp-s3-lint', issues: 'https://github.com/acme/mp-s3-lint/issues' }, '/x/README.md');
  assert.match(linked, /\nDocs: https:\/\/github\.com\/acme\/mp-s3-lint\nBugs: https:\/\/github\.com\/acme\/mp-s3-lint\/issues$/);
  const unlinked = helpEpilogue({}, '/opt/node_modules/mp-s3-lint/README.md');
  assert.match(unlinked, /\nDocs: \/opt\/node_modules\/mp-s3-lint\/README\.md$/);
  assert.not.match(unlinked, /Bugs:|https?:/);
});

test('a README section: its anchor on the home page, else its title in the installed README', () => {
  const section = { anchor: 'after-creating-mp-s3-lint-status', title: 'After creating: mp-s3-lint status' };
  assert.is(docsLine({ homepage: 'https://acme.example/lint' }, '/x/README.md', section), 'Docs: https://acme.example/lint#after-creating-mp-s3-lint-status');
  assert.is(docsLine({}, '/x/README.md', section), 'Docs: /x/README.md (section "After creating: mp-s3-lint status")');
});

test('this package names no address, so neither --help nor the links carry one', async () => {
  assert.equal(LINKS, {});
  const help = (await runCli(['--help'])).stdout;
  assert.not.match(help, /https?:\/\/(?!data\*\.mixpanel\.com\/)/); // Mixpanel's API base is a real address
  assert.ok(help.includes(`Docs: ${README_PATH}`), help);
  const statusHelp = (await runCli(['status', '--help'])).stdout;
  assert.not.match(statusHelp, /https?:\/\/(?!data\*\.mixpanel\.com\/)/);
  assert.ok(statusHelp.includes(`Docs: ${README_PATH} (section "After creating: mp-s3-lint status")`), statusHelp);
  assert.ok(existsSync(README_PATH), README_PATH);
});

test.run();

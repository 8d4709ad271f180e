// markdownlint-style fixtures: every directory fixtures/<area>/{good,bad}/<case>/ is one setup.
// A bad case lists its expected findings in expected.txt ("RULE FILE:LINE:COLUMN", rules of the
// fixture's area only); a good case has no error or warning from its area's rules. A case is linted
// as `mp-s3-lint <case>` run in the case directory, or with the paths its paths.txt lists (one per
// line, relative to the case) when a case is about what is named on the command line.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/lint.js';
import { repoPath } from './helpers/repo.js';

/** Rule-id prefix of each fixture area; "setups" holds complete setups checked by every rule. */
export const AREA_PREFIX: Record<string, string> = {
  documents: 'MP0',
  trust: 'MP1',
  permissions: 'MP2',
  kms: 'MP3',
  bucket: 'MP4',
  parameters: 'MP5',
  setups: 'MP',
  iac: 'MP',
  live: 'MP6',
};

const root = repoPath('fixtures');
const cases = readdirSync(root).flatMap((area) =>
  ['good', 'bad'].flatMap((kind) => {
    const directory = path.join(root, area, kind);
    return existsSync(directory) ? readdirSync(directory).map((name) => ({ area, kind, name, directory: path.join(directory, name) })) : [];
  }),
);

function namedPaths(directory: string): string[] {
  const listed = path.join(directory, 'paths.txt');
  if (!existsSync(listed)) return [directory];
  return readFileSync(listed, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => path.join(directory, line));
}

function expectedFindings(directory: string): string[] {
  return readFileSync(path.join(directory, 'expected.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .sort();
}

test('every fixture area is known and every bad case has expectations', () => {
  for (const c of cases) {
    assert.ok(AREA_PREFIX[c.area] !== undefined, `unknown fixture area ${c.area}`);
    if (c.kind === 'bad') assert.ok(existsSync(path.join(c.directory, 'expected.txt')), `${c.directory} has no expected.txt`);
  }
  assert.ok(cases.length >= 20, `only ${cases.length} fixtures`);
});

for (const c of cases) {
  test(`fixture ${c.area}/${c.kind}/${c.name}`, async () => {
    const report = await lint({ paths: namedPaths(c.directory), cwd: c.directory });
    const prefix = AREA_PREFIX[c.area]!;
    const inArea = report.findings.filter((f) => f.ruleId.startsWith(prefix));
    if (c.kind === 'bad') {
      const actual = inArea.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`).sort();
      assert.equal(actual, expectedFindings(c.directory));
      assert.ok(actual.length > 0, 'a bad fixture must produce findings');
    } else {
      const problems = inArea.filter((f) => f.level !== 'note').map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`);
      assert.equal(problems, []);
    }
  });
}

test.run();

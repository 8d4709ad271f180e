// A file found in a directory without any word a readable document needs is passed over without
// the parse with positions (issue 17). The shortcut must decide exactly as the full reading does:
// compared on every fixture, example and generated file, and on the cases built to defeat it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readDocuments } from '../src/documents/read.js';
import { writeMonorepo, writeUniqueSetups } from '../bench/realistic.js';
import { repoRoot as REPO_ROOT } from './helpers/repo.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** What a reading reports, without functions (positions are compared through the ranges in problems). */
function outcome(file: string, data: Uint8Array, thorough: boolean): string {
  const read = readDocuments(file, data, { thorough });
  return JSON.stringify({ notPolicy: read.notPolicy === true, documents: read.documents.map((d) => [d.kind, d.policyPath]), problems: read.problems, facts: read.facts === undefined ? undefined : Object.keys(read.facts) });
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(full);
    return entry.isFile() && /\.(json|ya?ml|template)$/i.test(entry.name) ? [full] : [];
  });
}

test('the shortcut agrees with the full reading on every fixture and example of this repository', () => {
  const files = ['fixtures', 'examples', 'test/data'].flatMap((dir) => filesUnder(path.join(REPO_ROOT, dir)));
  assert.ok(files.length > 200, `${files.length} files`);
  let shortcut = 0;
  for (const file of files) {
    const data = readFileSync(file);
    const fast = outcome(file, data, false);
    assert.is(fast, outcome(file, data, true), file);
    if (JSON.parse(fast).notPolicy) shortcut++;
  }
  assert.ok(shortcut > 0, 'some fixture is passed over');
});

test('the shortcut agrees with the full reading on generated repositories, and takes the ordinary files', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mp-s3-lint-shortcut-'));
  try {
    writeMonorepo(path.join(scratch, 'mono'), 600, 7);
    writeUniqueSetups(path.join(scratch, 'unique'), 100, 7);
    const files = filesUnder(scratch);
    let passedOver = 0;
    for (const file of files) {
      const data = readFileSync(file);
      const fast = outcome(file, data, false);
      assert.is(fast, outcome(file, data, true), file);
      if (JSON.parse(fast).notPolicy) passedOver++;
    }
    // package.json, tsconfig.json, .eslintrc.json, fixtures and workflows hold no policy.
    assert.ok(passedOver > files.length / 2, `${passedOver} of ${files.length}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

const cases: [string, string][] = [
  ['invalid.json', '{"name": "x",, }'],
  ['deep.json', '['.repeat(200) + ']'.repeat(200)],
  ['escaped.json', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }).replace('Statement', '\\u0053tatement')],
  ['escaped.yaml', 'Version: "2012-10-17"\n"\\x53tatement":\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n'],
  ['folded.yaml', 'Version: "2012-10-17"\n? "State\\\n  ment"\n: - Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n'],
  ['broken-template.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Queue: {Type: AWS::SQS::Queue\n'],
  ['queue-template.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n'],
  ['bom.json', '\uFEFF{"name": "x"}'],
  ['comments.json', '{ // a comment\n "compilerOptions": {},\n}'],
  ['comment-before-comma.json', '{"a": 1 /* x */ , }'],
  ['url-and-comment.json', '{"url": "https://x//y", // c\n "b": [1, 2,], }'],
  ['unclosed-comment.json', '{"a": 1} /* open'],
  ['lone-comma.json', '[,] // c'],
  ['double-comma.json', '[1,,] // c'],
  ['comma-in-string.json', '{"a": "x,]" // c\n}'],
  ['encryption.json', JSON.stringify({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } })],
  ['plain.json', '{"name": "x", "version": "1.0.0"}'],
  ['workflow.yml', 'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n'],
];

for (const [name, text] of cases) {
  test(`the shortcut agrees with the full reading: ${name}`, () => {
    assert.is(outcome(name, bytes(text), false), outcome(name, bytes(text), true));
  });
}

test('the cases built to defeat the shortcut still give their documents and errors', () => {
  const read = (name: string) => readDocuments(name, bytes(cases.find(([n]) => n === name)![1]));
  assert.is(read('escaped.json').documents.length, 1);
  assert.is(read('escaped.yaml').documents.length, 1);
  assert.is(read('folded.yaml').documents.length, 1);
  assert.is(read('invalid.json').problems[0]?.code, 'invalid-json');
  assert.is(read('deep.json').problems[0]?.code, 'invalid-json');
  assert.is(read('broken-template.yaml').problems[0]?.code, 'invalid-yaml');
  assert.is(read('plain.json').notPolicy, true);
  assert.is(read('comments.json').notPolicy, true);
  assert.is(read('lone-comma.json').problems[0]?.code, 'invalid-json');
  assert.is(read('unclosed-comment.json').problems[0]?.code, 'invalid-json');
  assert.is(read('workflow.yml').notPolicy, true);
});

test.run();

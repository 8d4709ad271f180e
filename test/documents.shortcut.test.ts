// A file found in a directory without any word a readable document needs is passed over without
// the parse with positions (issue 17). The shortcut must decide exactly as the full reading does:
// compared on every fixture, example and generated file, and on the cases built to defeat it. Likewise
// a CloudFormation template in strict JSON gets its tree from a scan of the text, not from momoa's
// parse: the trees are compared on the same files and on the shapes a scan could get wrong.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '@humanwhocodes/momoa';
import { fromJson, fromStrictJson } from '../src/documents/iac/tree.js';
import { parseJson } from '../src/documents/json.js';
import { LineIndex, identityOffsets } from '../src/documents/positions.js';
import { readDocuments } from '../src/documents/read.js';
import { writeMonorepo, writeUniqueSetups } from '../bench/realistic.js';
import { repoRoot as REPO_ROOT } from './helpers/repo.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** What a reading reports, without functions (positions are compared through the ranges in problems). */
function outcome(file: string, data: Uint8Array, thorough: boolean): string {
  const read = readDocuments(file, data, { thorough });
  return JSON.stringify({ notPolicy: read.notPolicy === true, documents: read.documents.map((d) => [d.kind, d.policyPath]), problems: read.problems, facts: read.facts === undefined ? undefined : Object.keys(read.facts) });
}

/**
 * For strict JSON (no momoa tree), the tree a template is read from, built by scanning the text, is the
 * one fromJson makes of momoa's: same keys in the same order, values, ranges and paths. True when compared.
 */
function sameTreeAsMomoa(text: string, name: string): boolean {
  const lines = new LineIndex(text);
  const parsed = parseJson(text, lines, identityOffsets);
  if (!parsed.ok || parsed.json.root !== undefined) return false;
  const scanned = fromStrictJson(text, parsed.json.value, lines);
  assert.equal(scanned, fromJson(parse(text, { mode: 'json', ranges: true }).body, lines), name);
  return true;
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(full);
    return entry.isFile() && /\.(json|ya?ml|template)$/i.test(entry.name) ? [full] : [];
  });
}

test('the shortcut agrees with the full reading on every fixture and example of this repository, and so does the tree of strict JSON', () => {
  const files = ['fixtures', 'examples', 'test/data'].flatMap((dir) => filesUnder(path.join(REPO_ROOT, dir)));
  assert.ok(files.length > 200, `${files.length} files`);
  let shortcut = 0;
  let trees = 0;
  for (const file of files) {
    const data = readFileSync(file);
    const fast = outcome(file, data, false);
    assert.is(fast, outcome(file, data, true), file);
    if (JSON.parse(fast).notPolicy) shortcut++;
    if (file.endsWith('.json') && sameTreeAsMomoa(data.toString('utf8'), file)) trees++;
  }
  assert.ok(shortcut > 0, 'some fixture is passed over');
  assert.ok(trees > 100, `${trees} trees compared`);
});

test('the shortcut agrees with the full reading on generated repositories, and takes the ordinary files; their JSON templates\' trees are momoa\'s', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mp-s3-lint-shortcut-'));
  try {
    writeMonorepo(path.join(scratch, 'mono'), 600, 7);
    writeUniqueSetups(path.join(scratch, 'unique'), 100, 7);
    const files = filesUnder(scratch);
    let passedOver = 0;
    let templates = 0;
    for (const file of files) {
      const data = readFileSync(file);
      const fast = outcome(file, data, false);
      assert.is(fast, outcome(file, data, true), file);
      if (JSON.parse(fast).notPolicy) passedOver++;
      if (path.basename(file) === 'template.json' && sameTreeAsMomoa(data.toString('utf8'), file)) templates++;
    }
    assert.ok(templates > 0, 'some CloudFormation template in JSON');
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

test('the tree of strict JSON is momoa\'s on the shapes a scan could get wrong', () => {
  const texts = [
    '{}',
    ' [ ] ',
    '\r\n\t{ "a" : [ { } , [ ] , [ [ 1 ] ] ] ,"b":{"c":null}}\n',
    '{"2": "two", "1": "one", "b": true, "a": false}',
    '{"\\u0053tatement": "x", "\\"quoted\\"": "\\\\", "k\\/": "é ✓ 😀"}',
    '{"__proto__": {"Statement": []}, "constructor": 1}',
    '[-0, 1e400, -1.5E-3, 0.1, 12345678901234567890]',
    '"just a string"',
    '42',
    '{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow"}]}}}}}',
  ];
  for (const text of texts) assert.ok(sameTreeAsMomoa(text, text), text);
  // Not strict JSON: momoa's own tree, nothing to compare.
  assert.is(sameTreeAsMomoa('{"a": 1, "a": 2}', 'duplicate'), false);
  assert.is(sameTreeAsMomoa('{"a": 1, // c\n}', 'comment'), false);
});

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

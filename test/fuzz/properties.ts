// Properties of the linter on hostile input, shared by test/fuzz.test.ts (a few thousand cases,
// fixed seed) and bench/fuzz.ts (`npm run fuzz`, 100,000 cases). Inputs: (a) arbitrary JSON values
// written as policy files, (b) valid policies mutated (keys dropped, duplicated or retyped,
// wildcards everywhere, huge arrays, unicode, deep nesting), (c) arbitrary bytes, also valid
// policy text with bytes flipped, inserted or cut. The linter must never throw, and each finding
// must name an input file (or the setup's directory), a real position in it and a known rule.
// (d) Policy variables AWS cannot resolve under every negated operator: the evaluator keeps both
// readings of AWS's documentation possible (test/fuzz/unresolved-variables.ts), and a good setup
// given such a Deny never fails, and is never passed in silence when one reading would fail it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { readDocuments } from '../../src/documents/read.js';
import { parseJson } from '../../src/documents/json.js';
import { LineIndex, identityOffsets } from '../../src/documents/positions.js';
import { lintSetups, mergeParams } from '../../src/lint.js';
import { assembleSetup } from '../../src/setup/assemble.js';
import type { JsonPath, PipelineParams, Report } from '../../src/types.js';
import { allRules } from '../../rules/index.js';
import { repoPath } from '../helpers/repo.js';
import { checkUnresolvedReadings, isArnOperator, NEGATED_FORMS, nothingFor, unresolvedCases } from './unresolved-variables.js';

export const SETUP_DIRECTORY = 'setup';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

const encode = (text: string) => new TextEncoder().encode(text);
const RULE_IDS = new Set(allRules.map((rule) => rule.meta.id));
const LEVELS = new Set(['error', 'warning', 'note']);

/** The valid policies of examples/good, the starting points of the mutations. */
export const VALID_POLICIES: readonly unknown[] = ['sse-kms', 'sse-s3'].flatMap((example) => {
  const directory = repoPath('examples', 'good', example);
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json') && name !== 'mp-s3-lint.config.json')
    .map((name) => JSON.parse(readFileSync(path.join(directory, name), 'utf8')) as unknown);
});

const VALID_PARAMS: PipelineParams = {
  bucket: 'acme-mixpanel-export',
  role: 'arn:aws:iam::111122223333:role/mixpanel-export',
  token: '0123456789abcdef0123456789abcdef',
  region: 'us-east-1',
  encryption: 'kms',
  kmsKey: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};

/** Lints files as one setup, in memory: the reader, the setup and every rule, without the file system. */
export function lintFiles(files: readonly InputFile[], params: Partial<PipelineParams> = VALID_PARAMS): Report {
  const sources = files.map((file) => readDocuments(`${SETUP_DIRECTORY}/${file.name}`, file.bytes));
  return lintSetups([assembleSetup({ directory: SETUP_DIRECTORY, sources, params: mergeParams(params, undefined), ruleLevels: {} })], {});
}

/** Throws, saying what is wrong, unless every finding is well-formed and points into an input file. */
export function checkReport(report: Report, files: readonly InputFile[], directory = SETUP_DIRECTORY): void {
  const lines = new Map(files.map((file) => [`${directory}/${file.name}`, Buffer.from(file.bytes).toString('utf8').split('\n')]));
  const fail = (message: string, finding: unknown) => {
    throw new Error(`${message}: ${JSON.stringify(finding)}`);
  };
  for (const finding of report.findings) {
    if (!RULE_IDS.has(finding.ruleId)) fail('unknown rule id', finding);
    if (!LEVELS.has(finding.level)) fail('unknown level', finding);
    if (typeof finding.message !== 'string' || finding.message.trim() === '') fail('empty message', finding);
    const fileLines = lines.get(finding.file);
    if (fileLines === undefined && finding.file !== directory) fail('finding in a file that was not linted', finding);
    for (const [line, column] of [
      [finding.line, finding.column],
      [finding.endLine, finding.endColumn],
    ] as const) {
      if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || column < 1) fail('position not 1-based', finding);
      if (fileLines !== undefined && (line > fileLines.length || column > fileLines[line - 1]!.length + 1)) fail('position outside the file', finding);
    }
    if (finding.endLine < finding.line || (finding.endLine === finding.line && finding.endColumn < finding.column)) fail('range ends before it starts', finding);
  }
  for (const file of files) {
    const name = `${directory}/${file.name}`;
    const read = readDocuments(name, file.bytes);
    // A file that holds no policy is passed over (counted in the summary), never given a finding.
    if (read.notPolicy === true) {
      if (read.documents.length > 0 || report.findings.some((finding) => finding.file === name)) throw new Error(`${name} was passed over but has documents or findings`);
      continue;
    }
    if (read.documents.length === 0 && !report.findings.some((finding) => finding.file === name)) {
      throw new Error(`${name} gave neither a policy nor a finding: ${JSON.stringify(Buffer.from(file.bytes).toString('utf8').slice(0, 200))}`);
    }
  }
}

// ---- Arbitraries -------------------------------------------------------------------------------

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('*', '?', '*?*?*?*?', '${aws:username}', '<BUCKET_NAME>', 'arn:aws:s3:::*', '\u0000', '\ud800', '__proto__'));

/** Any JSON value, with hostile strings. */
export const jsonValue: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 6, stringUnit: 'binary' }), fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' }));

/** Arbitrary parameters: sometimes valid, sometimes any text (the parameter rules must cope). */
export const params: fc.Arbitrary<Partial<PipelineParams>> = fc.oneof(
  fc.constant(VALID_PARAMS),
  fc.record(
    {
      bucket: text,
      role: text,
      token: text,
      region: text,
      prefix: text,
      encryption: fc.constantFrom('none', 'aes', 'kms') as fc.Arbitrary<PipelineParams['encryption']>,
      kmsKey: text,
      fromDate: text,
    },
    { requiredKeys: ['encryption'] },
  ),
);

type Mutable = Record<string, unknown> | unknown[];

/** Every object and array inside a value (the places a mutation can apply). */
function containers(value: unknown, found: Mutable[] = []): Mutable[] {
  if (typeof value === 'object' && value !== null) {
    found.push(value as Mutable);
    for (const item of Object.values(value)) containers(item, found);
  }
  return found;
}

function nest(value: unknown, depth: number, asObject: boolean): unknown {
  let nested = value;
  for (let i = 0; i < depth; i++) nested = asObject ? { k: nested } : [nested];
  return nested;
}

/** One change at one place of a policy; `choice` picks the key or element, `extra` what to put there. */
const mutationKinds = ['drop', 'retype', 'wildcard', 'huge-array', 'unicode', 'deep', 'rename'] as const;
interface MutationSpec {
  kind: (typeof mutationKinds)[number];
  place: number;
  choice: number;
  extra: unknown;
  size: number;
}

function applyMutation(root: unknown, spec: MutationSpec): unknown {
  const places = containers(root);
  if (places.length === 0) return spec.kind === 'deep' ? nest(root, spec.size, spec.choice % 2 === 0) : spec.extra;
  const container = places[spec.place % places.length]!;
  const keys = Object.keys(container);
  const key = keys.length === 0 ? 'Statement' : keys[spec.choice % keys.length]!;
  const target = container as Record<string, unknown>;
  switch (spec.kind) {
    case 'drop':
      if (Array.isArray(container)) container.splice(Number(key), 1);
      else delete target[key];
      break;
    case 'retype':
      target[key] = spec.extra;
      break;
    case 'wildcard':
      target[key] = typeof spec.extra === 'string' && spec.extra !== '' ? spec.extra.replace(/[^:/]/g, (c, i: number) => (i % 2 === 0 ? '*' : c === '?' ? '?' : c)) : '*';
      break;
    case 'huge-array':
      target[key] = [target[key], ...Array.from({ length: spec.size * 10 }, (_, i) => `arn:aws:s3:::b${i}/${'*?'.repeat(i % 7)}`)];
      break;
    case 'unicode':
      target[key] = `${String(target[key])}\u{1F600}\u0301\u202e\ufeff${String(spec.extra)}`;
      break;
    case 'deep':
      target[key] = nest(target[key], spec.size, spec.choice % 2 === 0);
      break;
    case 'rename':
      if (!Array.isArray(container)) {
        target[key.toLowerCase() === key ? key.toUpperCase() : key.toLowerCase()] = target[key];
        delete target[key];
      }
      break;
  }
  return root;
}

const mutationSpec: fc.Arbitrary<MutationSpec> = fc.record({
  kind: fc.constantFrom(...mutationKinds),
  place: fc.nat(),
  choice: fc.nat(),
  extra: fc.oneof(text, fc.jsonValue({ maxDepth: 3 })),
  size: fc.integer({ min: 1, max: 200 }),
});

/** JSON text of a value, optionally writing the n-th object member twice (JSON.stringify cannot). */
export function serialize(value: unknown, duplicateMember: number | undefined, indent: number): string {
  let member = 0;
  const pad = (depth: number) => (indent === 0 ? '' : '\n' + ' '.repeat(indent * depth));
  const write = (v: unknown, depth: number): string => {
    if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map((item) => pad(depth + 1) + write(item, depth + 1)).join(',')}${pad(depth)}]`;
    if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v).flatMap(([key, item]) => {
        const text = `${pad(depth + 1)}${JSON.stringify(key)}:${indent === 0 ? '' : ' '}${write(item, depth + 1)}`;
        return member++ === duplicateMember ? [text, text] : [text];
      });
      return entries.length === 0 ? '{}' : `{${entries.join(',')}${pad(depth)}}`;
    }
    return JSON.stringify(v) ?? 'null';
  };
  return write(value, 0);
}

/** (a) Arbitrary JSON values as the files of a setup. */
export const arbitraryJsonFiles: fc.Arbitrary<InputFile[]> = fc.array(
  fc.record({ value: jsonValue, indent: fc.constantFrom(0, 2) }).map(({ value, indent }) => JSON.stringify(value, null, indent)),
  { minLength: 1, maxLength: 4 },
).map((texts) => texts.map((t, i) => ({ name: `file-${i}.json`, bytes: encode(t) })));

/** (b) Valid policies with a few mutations each, some files with a duplicated key. */
export const mutatedPolicyFiles: fc.Arbitrary<InputFile[]> = fc.array(
  fc.record({
    base: fc.nat(VALID_POLICIES.length - 1),
    mutations: fc.array(mutationSpec, { minLength: 1, maxLength: 4 }),
    duplicate: fc.option(fc.nat(30), { nil: undefined }),
    indent: fc.constantFrom(0, 2),
  }),
  { minLength: 1, maxLength: 5 },
).map((specs) =>
  specs.map((spec, i) => {
    const value = spec.mutations.reduce((v, m) => applyMutation(v, m), structuredClone(VALID_POLICIES[spec.base]));
    return { name: `policy-${i}.json`, bytes: encode(serialize(value, spec.duplicate, spec.indent)) };
  }),
);

/** (c) Arbitrary bytes, and valid policy text with bytes flipped, inserted or cut off. */
export const byteFiles: fc.Arbitrary<InputFile[]> = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 4096 }),
      fc
        .record({
          base: fc.nat(VALID_POLICIES.length - 1),
          edits: fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), insert: fc.boolean() }), { maxLength: 8 }),
          cut: fc.option(fc.nat(), { nil: undefined }),
        })
        .map(({ base, edits, cut }) => {
          const bytes = [...encode(JSON.stringify(VALID_POLICIES[base], null, 2))];
          for (const edit of edits) {
            const at = edit.at % (bytes.length + 1);
            if (edit.insert) bytes.splice(at, 0, edit.byte);
            else bytes[Math.min(at, bytes.length - 1)] = edit.byte;
          }
          return Uint8Array.from(cut === undefined ? bytes : bytes.slice(0, cut % (bytes.length + 1)));
        }),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((contents) => contents.map((bytes, i) => ({ name: `bytes-${i}.json`, bytes })));

// ---- Properties --------------------------------------------------------------------------------

/** The linter never throws and every finding is well-formed, for one kind of input. */
export function lintProperty(files: fc.Arbitrary<InputFile[]>): fc.IProperty<[InputFile[], Partial<PipelineParams>]> {
  return fc.property(files, params, (input, parameters) => checkReport(lintFiles(input, parameters), input));
}

/** Every path to a value inside a JSON value (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: JsonPath = [], found: JsonPath[] = []): JsonPath[] {
  found.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], found));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], found);
  return found;
}

/**
 * The fast path of the JSON reader (native JSON.parse, positions from a scan of the text) agrees with
 * the full momoa path: a trailing comment forces the latter, and values and positions must match.
 */
export const parserAgreement = fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom(0, 2), (value, indent) => {
  const strict = JSON.stringify(value, null, indent);
  const commented = `${strict}\n// a comment`;
  const fast = parseJson(strict, new LineIndex(strict), identityOffsets);
  const full = parseJson(commented, new LineIndex(commented), identityOffsets);
  if (!fast.ok || !full.ok) throw new Error('valid JSON was refused');
  if (fast.problems.length !== 0 || full.problems.map((p) => p.code).join() !== 'comment') throw new Error('unexpected problems');
  if (!isDeepStrictEqual(fast.json.value, full.json.value)) throw new Error(`values differ: ${strict}`);
  // Every path to a value, and paths that go past one (the nearest existing ancestor is located).
  for (const at of pathsOf(fast.json.value).flatMap((p) => [p, [...p, 'absent'], [...p, 7]])) {
    if (!isDeepStrictEqual(fast.json.locate(at), full.json.locate(at))) throw new Error(`positions differ at ${JSON.stringify(at)} in ${strict}`);
    if (!isDeepStrictEqual(fast.json.nodeAt(at), full.json.nodeAt(at))) throw new Error(`nodes differ at ${JSON.stringify(at)} in ${strict}`);
  }
});

/** A duplicated key is found by the fast path's scan, whatever the document, and reported at the second key. */
export const duplicateKeysFound = fc.property(fc.jsonValue({ maxDepth: 5 }), fc.nat(), (value, n) => {
  const members = pathsOf(value).filter((p) => typeof p[p.length - 1] === 'string').length;
  if (members === 0) return;
  const text = serialize(value, n % members, 0);
  const outcome = parseJson(text, new LineIndex(text), identityOffsets);
  if (!outcome.ok || !outcome.problems.some((p) => p.code === 'duplicate-key')) throw new Error(`duplicate key not reported: ${text}`);
});

// ---- (d) unresolvable policy variables in a good setup ----------------------------------------

const GOOD_DIRECTORY = repoPath('examples', 'good', 'sse-kms');
const GOOD_PARAMS = JSON.parse(readFileSync(path.join(GOOD_DIRECTORY, 'mp-s3-lint.config.json'), 'utf8')) as Partial<PipelineParams>;
const GOOD_FILES = readdirSync(GOOD_DIRECTORY)
  .filter((name) => name.endsWith('.json') && name !== 'mp-s3-lint.config.json')
  .map((name) => ({ name, policy: JSON.parse(readFileSync(path.join(GOOD_DIRECTORY, name), 'utf8')) as { Statement: unknown[] } }));
const GOOD_BUCKET = 'arn:aws:s3:::acme-mixpanel-export';
const GOOD_ROLE = 'arn:aws:iam::111122223333:role/mixpanel-export';

/** Variables Mixpanel's requests never fill (no VPC endpoint, no user name for a role session), so AWS cannot resolve them. */
const UNFILLED = ['${aws:SourceVpce}', '${aws:username}'];

interface PerimeterDeny {
  form: string;
  key: string;
  values: string[];
}

/** A bucket-policy Deny conditioned only on a negated form over an unresolvable variable, maybe beside a resolved value. */
const perimeterDenies: fc.Arbitrary<PerimeterDeny> = fc
  .record({ form: fc.constantFrom(...NEGATED_FORMS), variable: fc.constantFrom(...UNFILLED), other: fc.nat(), withOther: fc.boolean(), keyChoice: fc.nat() })
  .map(({ form, variable, other, withOther, keyChoice }) => {
    const arn = isArnOperator(form);
    const keys = arn ? ['aws:PrincipalArn', 'aws:SourceArn'] : ['aws:RequestedRegion', 'aws:ResourceOrgID', 'aws:TagKeys', 'aws:userid', 'aws:PrincipalAccount'];
    const others = arn ? [GOOD_ROLE, 'arn:aws:iam::111122223333:role/other', 'arn:aws:iam::*:role/*'] : ['us-east-1', 'other', '111122223333', 'AROA*'];
    const held = arn ? `arn:aws:iam::111122223333:role/${variable}` : variable;
    return { form, key: keys[keyChoice % keys.length]!, values: withOther ? [held, others[other % others.length]!] : [held] };
  });

function setupWith(deny: PerimeterDeny, nullReading: boolean): InputFile[] {
  const values = nullReading ? deny.values.map((value) => (UNFILLED.some((v) => value.includes(v)) ? nothingFor(deny.form) : value)) : deny.values;
  const statement = { Sid: 'Perimeter', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [GOOD_BUCKET, `${GOOD_BUCKET}/*`], Condition: { [deny.form]: { [deny.key]: values } } };
  return GOOD_FILES.map(({ name, policy }) => {
    const changed = name === 'bucket-policy.json' ? { ...policy, Statement: [...policy.Statement, statement] } : policy;
    return { name, bytes: encode(JSON.stringify(changed, null, 2)) };
  });
}

/**
 * The good setup with such a Deny never fails (it may be undecided, never a definite deny, as the
 * "statement invalid" reading is the good setup itself), and when the "null" reading would fail
 * it, the report warns: never a silent pass.
 */
export const unresolvedInGoodSetup = fc.property(perimeterDenies, (deny) => {
  const files = setupWith(deny, false);
  const report = lintFiles(files, GOOD_PARAMS);
  checkReport(report, files);
  const errors = report.findings.filter((finding) => finding.level === 'error');
  if (errors.length > 0) throw new Error(`a Deny over an unresolvable variable failed a good setup: ${JSON.stringify(deny)}: ${errors.map((e) => `${e.ruleId} ${e.message}`).join('; ')}`);
  const nullReport = lintFiles(setupWith(deny, true), GOOD_PARAMS);
  if (nullReport.summary.errors > 0 && report.summary.warnings === 0) throw new Error(`one reading of AWS's documentation fails the setup, yet nothing was reported: ${JSON.stringify(deny)}`);
});

/** The named properties over in-memory input, with the share of the runs each gets. */
export interface NamedProperty {
  name: string;
  /** Runs `runs` cases from `seed`; throws fast-check's report (with the seed and the shrunk case) on a failure. */
  check: (seed: number, runs: number) => void;
  /** Share of the total runs. */
  share: number;
}

const named = <Ts>(name: string, property: fc.IProperty<Ts>, share: number): NamedProperty => ({ name, share, check: (seed, runs) => fc.assert(property, { seed, numRuns: runs }) });

export const PROPERTIES: readonly NamedProperty[] = [
  named('arbitrary JSON values as policy files', lintProperty(arbitraryJsonFiles), 0.25),
  named('mutated valid policies', lintProperty(mutatedPolicyFiles), 0.25),
  named('arbitrary bytes and corrupted policy text', lintProperty(byteFiles), 0.2),
  named('fast JSON path agrees with the full parser', parserAgreement, 0.1),
  named('duplicate keys are always found', duplicateKeysFound, 0.05),
  named('unresolvable variables under every negated operator: both readings of AWS\'s page stay possible', fc.property(unresolvedCases(), checkUnresolvedReadings), 0.1),
  named('a Deny over an unresolvable variable never fails a good setup, nor passes it in silence', unresolvedInGoodSetup, 0.05),
];

// Infrastructure as code in the per-file dispatch of documents/read.ts: a YAML file is a
// CloudFormation template, an AWS CLI output saved with `--output yaml`, or a policy; anything else
// (a CI workflow, a compose file) is passed over; a JSON file may be a CloudFormation template or a
// Terraform plan (`terraform show -json`).
import type { PipelineParams, SourceResult } from '../../types.js';
import type { ParsedJson } from '../json.js';
import { LineIndex, decodeJsonStringLiteral, identityOffsets, type DecodedText } from '../positions.js';
import { isObject, parseEmbeddedText, plainlyNothingToCheck, readPositioned, textOf, type PositionedValue, type ReadOptions } from '../read.js';
import { isCloudFormationTemplate, readCloudFormation } from './cloudformation.js';
import type { IacRead } from './document.js';
import { isTerraformPlan, readTerraformPlan } from './terraform.js';
import { fromJson, fromStrictJson, nodeAt, parseYaml, plainOf, type SNode } from './tree.js';

/** `.yaml`/`.yml`, or a `.template` that is not JSON (CloudFormation's own extension for either). */
export function isYamlFile(file: string, bytes: Uint8Array): boolean {
  const name = file.toLowerCase();
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return true;
  return name.endsWith('.template') && !/^(\uFEFF)?\s*\{/.test(Buffer.from(bytes.subarray(0, 4096)).toString('utf8'));
}

/** Text that means to be a template, so a syntax error in it is worth reporting (other YAML is not ours). */
const TEMPLATE_TEXT = /AWSTemplateFormatVersion|\bType:\s*['"]?AWS::[A-Za-z0-9]+::/;

/** A YAML file: a template, an AWS CLI output or a policy, or nothing to check (passed over unless it was named). */
export function readYaml(file: string, bytes: Uint8Array, options: ReadOptions): SourceResult {
  const result: SourceResult = { file, documents: [], problems: [] };
  // A byte-order mark is allowed in YAML; a space keeps the offsets.
  const text = textOf(bytes)?.replace(/^\uFEFF/, ' ');
  if (text === undefined) {
    if (options.named !== true) return { ...result, notPolicy: true };
    return { ...result, problems: [{ code: 'not-text', message: 'Not a text file (binary content or invalid UTF-8); expected YAML.', range: { line: 1, column: 1, endLine: 1, endColumn: 1 } }] };
  }
  // Without a policy word, only a template's syntax error would be reported.
  if (plainlyNothingToCheck(text, options) && !TEMPLATE_TEXT.test(text)) return { ...result, notPolicy: true };
  const lines = new LineIndex(text);
  const parsed = parseYaml(text, lines);
  if (!parsed.ok) {
    // Text that means to be a template, or a file named on the command line, is worth reporting; other YAML is not ours.
    if (TEMPLATE_TEXT.test(text) || options.named === true) return { ...result, problems: [parsed.problem] };
    return { ...result, notPolicy: true };
  }
  if (isCloudFormationTemplate(parsed.root)) {
    const read = readCloudFormation(file, parsed.root, options.params);
    return read.documents.length === 0 && read.problems.length === 0 ? { ...result, notPolicy: true } : { ...result, ...read };
  }
  return readPositioned(file, yamlInput(text, lines, parsed.root), [], options);
}

/** A YAML tree as the readers of CLI outputs see it: plain values, positions, policies embedded in strings. */
function yamlInput(text: string, lines: LineIndex, root: SNode): PositionedValue {
  return {
    value: plainOf(root),
    locate: (path) => nodeAt(root, path).range,
    embedded: (path, problems) => {
      const node = nodeAt(root, path);
      if (node.kind !== 'scalar' || typeof node.value !== 'string') return undefined;
      return parseEmbeddedText(scalarText(text, node as Extract<SNode, { kind: 'scalar' }>), lines, node.range, path, problems);
    },
  };
}

/**
 * A string scalar's value with the file offset of each character: exact for a one-line plain,
 * single-quoted (`''` is `'`) or double-quoted scalar; otherwise (folded over lines) every
 * character points at the scalar's start.
 */
function scalarText(text: string, node: Extract<SNode, { kind: 'scalar' }>): DecodedText {
  const value = String(node.value);
  const [start, end] = node.span ?? [0, 0];
  const raw = text.slice(start, end);
  let decoded: DecodedText | undefined;
  if (!raw.includes('\n')) {
    if (raw.startsWith('"')) decoded = decodeJsonStringLiteral(text, start, end, identityOffsets);
    else if (raw.startsWith("'")) {
      const table: number[] = [];
      let unquoted = '';
      for (let i = start + 1; i < end - 1; i++) {
        table.push(i);
        unquoted += text[i];
        if (text[i] === "'") i++;
      }
      table.push(end - 1);
      decoded = { text: unquoted, offsets: (offset) => table[Math.min(Math.max(offset, 0), table.length - 1)]! };
    } else decoded = { text: raw, offsets: (offset) => start + offset };
  }
  return decoded?.text === value ? decoded : { text: value, offsets: () => start };
}

/** A JSON file's template or plan, or undefined when it is neither (then it is read as a policy). */
export function readIacJson(file: string, text: string, lines: LineIndex, json: ParsedJson, params: PipelineParams | undefined): IacRead | undefined {
  const value = json.value;
  if (!isObject(value)) return undefined;
  if (isTerraformPlan(value)) return readTerraformPlan(file, text, lines, json);
  if (!('Resources' in value)) return undefined;
  const root = json.root === undefined ? fromStrictJson(text, value, lines) : fromJson(json.root, lines);
  return isCloudFormationTemplate(root) ? readCloudFormation(file, root, params) : undefined;
}

// Infrastructure as code in the per-file dispatch of documents/read.ts: a YAML file is read only
// when it is a CloudFormation template (anything else, such as a CI workflow, is passed over
// silently); a JSON file may be a CloudFormation template or a Terraform plan (`terraform show -json`).
import type { PipelineParams, SourceResult } from '../../types.js';
import type { ParsedJson } from '../json.js';
import { LineIndex } from '../positions.js';
import { isObject, textOf } from '../read.js';
import { isCloudFormationTemplate, readCloudFormation } from './cloudformation.js';
import type { IacRead } from './document.js';
import { isTerraformPlan, readTerraformPlan } from './terraform.js';
import { fromJson, parseYaml } from './tree.js';

/** `.yaml`/`.yml`, or a `.template` that is not JSON (CloudFormation's own extension for either). */
export function isYamlFile(file: string, bytes: Uint8Array): boolean {
  const name = file.toLowerCase();
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return true;
  return name.endsWith('.template') && !/^(\uFEFF)?\s*\{/.test(Buffer.from(bytes.subarray(0, 4096)).toString('utf8'));
}

/** Text that means to be a template, so a syntax error in it is worth reporting (other YAML is not ours). */
const TEMPLATE_TEXT = /AWSTemplateFormatVersion|\bType:\s*['"]?AWS::[A-Za-z0-9]+::/;

export function readYamlTemplate(file: string, bytes: Uint8Array, params: PipelineParams | undefined): SourceResult {
  const result: SourceResult = { file, documents: [], problems: [] };
  // A byte-order mark is allowed in YAML; a space keeps the offsets.
  const text = textOf(bytes)?.replace(/^\uFEFF/, ' ');
  if (text === undefined) return result;
  const lines = new LineIndex(text);
  const parsed = parseYaml(text, lines);
  if (!parsed.ok) {
    if (TEMPLATE_TEXT.test(text)) result.problems.push(parsed.problem);
    return result;
  }
  if (!isCloudFormationTemplate(parsed.root)) return result;
  const read = readCloudFormation(file, bytes, parsed.root, params);
  return { ...result, ...read };
}

/** A JSON file's template or plan, or undefined when it is neither (then it is read as a policy). */
export function readIacJson(file: string, bytes: Uint8Array, text: string, lines: LineIndex, json: ParsedJson, params: PipelineParams | undefined): IacRead | undefined {
  const value = json.value;
  if (!isObject(value)) return undefined;
  if (isTerraformPlan(value)) return readTerraformPlan(file, bytes, text, lines, json);
  if (!('Resources' in value)) return undefined;
  const root = fromJson(json.root, lines);
  return isCloudFormationTemplate(root) ? readCloudFormation(file, bytes, root, params) : undefined;
}

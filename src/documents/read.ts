// One file's bytes → its policy documents with positions. Unwraps the output shapes of the AWS
// CLI that people save to files, including policies stored as JSON strings or URL-encoded.
import type { ConfiguredKind, DocumentKind, DocumentMeta, InputProblem, JsonPath, PipelineParams, PolicyDocument, SourceResult } from '../types.js';
import { classifyPolicy, looksLikePolicy } from './classify.js';
import { isYamlFile, readIacJson, readYamlTemplate } from './iac/index.js';
import { parseJson, type ParsedJson } from './json.js';
import { LineIndex, decodeJsonStringLiteral, decodePercentEncoded, identityOffsets, type DecodedText, type OffsetMap } from './positions.js';

export interface ReadOptions {
  /** Kind set by the config file for this file, overriding what the content suggests. */
  kindOverride?: ConfiguredKind;
  /** The setup's pipeline parameters: CloudFormation's pseudo parameters (AWS::AccountId, AWS::Region) come from them. */
  params?: PipelineParams;
}

/** Where a policy sits in a wrapper shape, and what the wrapper says about it. */
interface Unwrapped {
  policyPath: JsonPath;
  kind?: DocumentKind;
  meta: DocumentMeta;
}

type JsonObject = Record<string, unknown>;
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** `[{Key, Value}]` as get-role gives a role's tags (absent when it has none). */
export function tagsOf(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of Array.isArray(value) ? value : []) if (isObject(tag) && typeof tag['Key'] === 'string' && typeof tag['Value'] === 'string') tags[tag['Key']] = tag['Value'];
  return tags;
}

/** Recognises `aws iam get-role`, `get-role-policy`, `get-policy-version`, `aws s3api get-bucket-policy`, `aws kms get-key-policy`. */
function unwrap(value: unknown): Unwrapped | undefined {
  if (!isObject(value)) return undefined;
  const role = value['Role'];
  if (isObject(role) && 'AssumeRolePolicyDocument' in role) {
    const meta: DocumentMeta = { wrapper: 'aws iam get-role', roleName: optionalString(role['RoleName']), roleArn: optionalString(role['Arn']), roleId: optionalString(role['RoleId']), roleTags: tagsOf(role['Tags']) };
    return { policyPath: ['Role', 'AssumeRolePolicyDocument'], kind: 'trust', meta };
  }
  if ('PolicyDocument' in value) {
    return { policyPath: ['PolicyDocument'], kind: 'identity', meta: { wrapper: 'aws iam get-role-policy', roleName: optionalString(value['RoleName']), policyName: optionalString(value['PolicyName']) } };
  }
  const version = value['PolicyVersion'];
  if (isObject(version) && 'Document' in version) {
    return { policyPath: ['PolicyVersion', 'Document'], kind: 'identity', meta: { wrapper: 'aws iam get-policy-version' } };
  }
  if ('Policy' in value && (typeof value['Policy'] === 'string' || looksLikePolicy(value['Policy']))) {
    const isKeyPolicy = 'PolicyName' in value;
    return {
      policyPath: ['Policy'],
      kind: isKeyPolicy ? 'key' : undefined,
      meta: { wrapper: isKeyPolicy ? 'aws kms get-key-policy' : 'aws s3api get-bucket-policy', policyName: optionalString(value['PolicyName']) },
    };
  }
  return undefined;
}

export interface Located {
  value: unknown;
  locate: (path: JsonPath) => ReturnType<ParsedJson['locate']>;
}

/** A policy embedded as a string: JSON text, or URL-encoded JSON text as IAM's API returns it (also in Terraform plans). */
export function parseEmbedded(fileText: string, lines: LineIndex, json: ParsedJson, path: JsonPath, outer: OffsetMap, problems: InputProblem[]): Located | undefined {
  const node = json.nodeAt(path);
  const literal = decodeJsonStringLiteral(fileText, node.start, node.end, outer);
  const decoded: DecodedText | undefined = /^\s*%7B/i.test(literal.text) ? decodePercentEncoded(literal) : literal;
  const fail = (message: string) => {
    problems.push({ code: 'embedded-policy-invalid', message, range: json.locate(path), path });
    return undefined;
  };
  if (decoded === undefined) return fail('The embedded policy is not valid URL-encoding.');
  const outcome = parseJson(decoded.text, lines, decoded.offsets);
  if (!outcome.ok) return fail(`The embedded policy is not valid JSON: ${outcome.problems[0]!.message}`);
  problems.push(...outcome.problems);
  return { value: outcome.json.value, locate: outcome.json.locate };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's text, or undefined when it is binary (a NUL byte early on) or not valid UTF-8. Decoded once: this runs for every file. */
export function textOf(bytes: Uint8Array): string | undefined {
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const WHOLE_FILE = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function readDocuments(file: string, bytes: Uint8Array, options: ReadOptions = {}): SourceResult {
  const problems: InputProblem[] = [];
  const result: SourceResult = { file, documents: [], problems };
  if (isYamlFile(file, bytes)) return readYamlTemplate(file, bytes, options.params);
  let text = textOf(bytes);
  if (text === undefined) {
    problems.push({ code: 'not-text', message: 'Not a text file (binary content or invalid UTF-8); expected a JSON policy document.', range: WHOLE_FILE });
    return result;
  }
  if (text.charCodeAt(0) === 0xfeff) {
    problems.push({ code: 'byte-order-mark', message: 'The file starts with a byte-order mark; AWS rejects a policy that begins with one. Save it as UTF-8 without BOM.', range: WHOLE_FILE });
    text = ' ' + text.slice(1); // keep offsets, so positions stay right
  }
  const lines = new LineIndex(text);
  const outcome = parseJson(text, lines, identityOffsets);
  problems.push(...outcome.problems);
  if (!outcome.ok) return result;
  const json = outcome.json;
  const iac = readIacJson(file, bytes, text, lines, json, options.params);
  if (iac !== undefined) {
    problems.push(...iac.problems);
    result.documents.push(...iac.documents);
    return result;
  }
  const wrapper = unwrap(json.value);
  const policyPath = wrapper?.policyPath ?? [];
  let located: Located | undefined;
  const embedded = policyPath.length > 0 ? json.nodeAt(policyPath) : undefined;
  if (embedded?.type === 'String') located = parseEmbedded(text, lines, json, policyPath, identityOffsets, problems);
  else located = { value: policyPath.reduce<unknown>((v, k) => (v as JsonObject)[k], json.value), locate: (path) => json.locate([...policyPath, ...path]) };
  if (located === undefined) return result;
  if (!looksLikePolicy(located.value) && options.kindOverride === undefined) {
    problems.push({ code: 'not-a-policy', message: describeNonPolicy(located.value), range: json.locate(policyPath), path: policyPath });
    return result;
  }
  const policy = located.value;
  const boundary = options.kindOverride === 'boundary';
  const configured = options.kindOverride === 'boundary' ? 'identity' : options.kindOverride;
  const kind = configured ?? wrapper?.kind ?? (looksLikePolicy(policy) ? classifyPolicy(policy) : 'unknown');
  const document: PolicyDocument = {
    file,
    kind,
    kindSource: options.kindOverride !== undefined ? 'config' : wrapper?.kind !== undefined ? 'wrapper' : 'content',
    policy,
    policyPath,
    locate: located.locate,
    meta: { ...wrapper?.meta, ...(boundary ? { boundary } : {}) },
    ...documentFacts(policy),
  };
  result.documents.push(document);
  return result;
}

/** What every reader records about a document: the size AWS counts (minified JSON). */
export function documentFacts(policy: unknown): Pick<PolicyDocument, 'policySize'> {
  return { policySize: JSON.stringify(policy).length };
}

function describeNonPolicy(value: unknown): string {
  const shape = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object without a "Statement"' : `a ${typeof value}`;
  return `Not a policy document: found ${shape}. Expected an object with "Version" and "Statement", or the output of aws iam get-role / get-role-policy / get-policy-version, aws s3api get-bucket-policy or aws kms get-key-policy.`;
}

// One file's bytes → its policy documents with positions. Reads bare policies and the output
// shapes of the AWS CLI that people save to files, in JSON or YAML (`--output yaml`), including
// policies stored as JSON strings or URL-encoded; CloudFormation templates and Terraform plans go
// to iac/, account dumps to account.ts. A file that holds none of these is passed over (counted
// in the summary), or reported (MP006) when it was named on the command line.
import type { ConfiguredKind, DocumentKind, DocumentMeta, FactLocation, InputProblem, JsonPath, PipelineParams, PolicyDocument, SourceFacts, SourceRange, SourceResult } from '../types.js';
import { looksLikePolicy, placeDocument } from './classify.js';
import { readAccountDetails, isAccountDetails } from './account.js';
import { isYamlFile, readIacJson, readYaml } from './iac/index.js';
import { MAX_DEPTH, parseJson, type ParsedJson } from './json.js';
import { LineIndex, decodeJsonStringLiteral, decodePercentEncoded, identityOffsets, type DecodedText, type OffsetMap } from './positions.js';

export interface ReadOptions {
  /** Kind set by the config file for this file, overriding what the content suggests. */
  kindOverride?: ConfiguredKind;
  /** The setup's pipeline parameters: CloudFormation's pseudo parameters (AWS::AccountId, AWS::Region) come from them. */
  params?: PipelineParams;
  /** Named on the command line: a file that holds no policy is reported (MP006) rather than passed over. */
  named?: boolean;
  /** Parse even a file plainly without a policy (tests compare the shortcut with the full reading). */
  thorough?: boolean;
}

type JsonObject = Record<string, unknown>;
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const optionalString = (v: unknown) => (typeof v === 'string' ? v : undefined);

export interface Located {
  value: unknown;
  locate: (path: JsonPath) => SourceRange;
}

/** A parsed file, JSON or YAML, with positions: what the readers of CLI outputs and account dumps need. */
export interface PositionedValue {
  value: unknown;
  /** Range of the node at `path`, or of its nearest existing ancestor. */
  locate(path: JsonPath): SourceRange;
  /** The policy stored as a string at `path` (JSON text, or URL-encoded as IAM's API returns it); a problem and undefined when it is not one. */
  embedded(path: JsonPath, problems: InputProblem[]): Located | undefined;
}

/** `value` at `path` inside a parsed file: an object in place, or a policy embedded as a string. */
export function policyAt(input: PositionedValue, path: JsonPath, problems: InputProblem[]): Located | undefined {
  const value = path.reduce<unknown>((v, k) => (isObject(v) || Array.isArray(v) ? (v as JsonObject)[k as string] : undefined), input.value);
  if (typeof value === 'string' && path.length > 0) return input.embedded(path, problems);
  return { value, locate: (inner) => input.locate([...path, ...inner]) };
}

/**
 * Decoded text of a string that holds a policy: JSON text, or URL-encoded JSON text as IAM's API
 * returns it (also in Terraform plans), parsed with positions pointing into the file.
 */
export function parseEmbeddedText(literal: DecodedText, lines: LineIndex, range: SourceRange, path: JsonPath, problems: InputProblem[]): Located | undefined {
  const decoded: DecodedText | undefined = /^\s*%7B/i.test(literal.text) ? decodePercentEncoded(literal) : literal;
  const fail = (message: string) => {
    problems.push({ code: 'embedded-policy-invalid', message, range, path });
    return undefined;
  };
  if (decoded === undefined) return fail('The embedded policy is not valid URL-encoding.');
  const outcome = parseJson(decoded.text, lines, decoded.offsets);
  if (!outcome.ok) return fail(`The embedded policy is not valid JSON: ${outcome.problems[0]!.message}`);
  problems.push(...outcome.problems);
  return { value: outcome.json.value, locate: outcome.json.locate };
}

/** A policy embedded as a JSON string literal in a JSON file. */
export function parseEmbedded(fileText: string, lines: LineIndex, json: ParsedJson, path: JsonPath, outer: OffsetMap, problems: InputProblem[]): Located | undefined {
  const node = json.nodeAt(path);
  return parseEmbeddedText(decodeJsonStringLiteral(fileText, node.start, node.end, outer), lines, json.locate(path), path, problems);
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

/**
 * Words that every file holding something to check contains, in any letter case: "Statement" (a
 * policy), "Policy" in the keys that hold one (PolicyDocument, AssumeRolePolicyDocument, KeyPolicy,
 * Policies, assume_role_policy, AttachedPolicies, get-policy's Policy), "Encryption" (bucket
 * encryption facts), KeyMetadata (describe-key) and RoleDetailList (account dumps).
 */
const POLICY_WORDS = /statement|polic|encryption|keymetadata|roledetaillist/i;
/** An escape (\u0053, \x53, a YAML escaped line break) could spell one of those words. */
const ESCAPES = /\\(?:[uUx]|\r?\n)/;

/**
 * Found in a directory (not named), with no kind given by the config, and without a word any
 * readable document needs: nothing to check, decided without the parse with positions.
 */
export function plainlyNothingToCheck(text: string, options: ReadOptions): boolean {
  return options.named !== true && options.kindOverride === undefined && options.thorough !== true && !POLICY_WORDS.test(text) && !ESCAPES.test(text);
}

/**
 * JSON (or JSON with comments and trailing commas, as tsconfig.json has) no deeper than MAX_DEPTH:
 * what the full parse accepts without a problem to report. False only means "parse it fully".
 */
function parsesPlainly(text: string): boolean {
  const value = parsedOrUndefined(text) ?? parsedOrUndefined(withoutCommentsOrTrailingCommas(text));
  return value !== undefined && depthWithin(value, MAX_DEPTH);
}

function parsedOrUndefined(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A comma after a value and before a closing bracket: what the tolerant parser accepts as a trailing comma. */
const TRAILING_COMMA = /(?<=["\w\]}]\s*),(?=\s*[\]}])/g;

/**
 * The text with its comments blanked and trailing commas dropped (a comma inside a string may go
 * too, which changes no syntax); undefined at a lone `/` or an unclosed comment.
 */
function withoutCommentsOrTrailingCommas(text: string): string | undefined {
  let out = '';
  let copiedTo = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 47) {
      const next = text.charCodeAt(i + 1);
      const end = next === 47 ? text.indexOf('\n', i) : next === 42 ? text.indexOf('*/', i + 2) : -2;
      if (end === -2 || (end === -1 && next === 42)) return undefined;
      out += text.slice(copiedTo, i) + ' ';
      copiedTo = end === -1 ? text.length : next === 42 ? end + 2 : end;
      i = copiedTo - 1;
    }
  }
  return (out + text.slice(copiedTo)).replace(TRAILING_COMMA, '');
}

function depthWithin(value: unknown, allowed: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (allowed === 0) return false;
  for (const key in value) if (!depthWithin((value as JsonObject)[key], allowed - 1)) return false;
  return true;
}

/** The file's documents; `bytes` are decoded, never kept (readSourceFile reads every file into the same buffer). */
export function readDocuments(file: string, bytes: Uint8Array, options: ReadOptions = {}): SourceResult {
  if (isYamlFile(file, bytes)) return readYaml(file, bytes, options);
  const result: SourceResult = { file, documents: [], problems: [] };
  let text = textOf(bytes);
  if (text === undefined) {
    result.problems.push({ code: 'not-text', message: 'Not a text file (binary content or invalid UTF-8); expected a JSON policy document.', range: WHOLE_FILE });
    return result;
  }
  if (plainlyNothingToCheck(text, options) && parsesPlainly(text)) return { ...result, notPolicy: true };
  // Problems of the JSON text itself are reported only once the file turns out to hold something to check.
  const textProblems: InputProblem[] = [];
  if (text.charCodeAt(0) === 0xfeff) {
    textProblems.push({ code: 'byte-order-mark', message: 'The file starts with a byte-order mark; AWS rejects a policy that begins with one. Save it as UTF-8 without BOM.', range: WHOLE_FILE });
    text = ' ' + text.slice(1); // keep offsets, so positions stay right
  }
  const lines = new LineIndex(text);
  const outcome = parseJson(text, lines, identityOffsets);
  if (!outcome.ok) {
    result.problems.push(...textProblems, ...outcome.problems);
    return result;
  }
  textProblems.push(...outcome.problems);
  const json = outcome.json;
  const iac = readIacJson(file, text, lines, json, options.params);
  if (iac !== undefined) {
    if (iac.documents.length === 0 && iac.problems.length === 0) return { ...result, notPolicy: true };
    return { ...result, documents: iac.documents, problems: [...textProblems, ...iac.problems] };
  }
  const fileText = text;
  const input: PositionedValue = { value: json.value, locate: json.locate, embedded: (path, problems) => parseEmbedded(fileText, lines, json, path, identityOffsets, problems) };
  return readPositioned(file, input, textProblems, options);
}

/** Where a policy sits in a wrapper shape, and what the wrapper says about it. */
interface Unwrapped {
  policyPath: JsonPath;
  kind?: DocumentKind;
  meta: DocumentMeta;
}

/** `[{Key, Value}]` as get-role gives a role's tags (absent when it has none). */
export function tagsOf(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of Array.isArray(value) ? value : []) if (isObject(tag) && typeof tag['Key'] === 'string' && typeof tag['Value'] === 'string') tags[tag['Key']] = tag['Value'];
  return tags;
}

/**
 * The AWS CLI outputs that hold one policy (https://docs.aws.amazon.com/cli/latest/reference/):
 * `aws iam get-role` (Role.AssumeRolePolicyDocument), `aws iam get-role-policy` (PolicyDocument),
 * `aws iam get-policy-version` (PolicyVersion.Document), `aws s3api get-bucket-policy` (Policy) and
 * `aws kms get-key-policy` (Policy, with PolicyName).
 */
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

/** A parsed JSON or YAML file → its documents, facts, or nothing. `textProblems` are reported only when it holds something. */
export function readPositioned(file: string, input: PositionedValue, textProblems: InputProblem[], options: ReadOptions): SourceResult {
  const result: SourceResult = { file, documents: [], problems: [] };
  const value = input.value;
  if (isAccountDetails(value)) {
    const read = readAccountDetails(file, input);
    return { ...result, documents: read.documents, problems: [...textProblems, ...read.problems] };
  }
  const facts = factsOf(file, input);
  if (facts !== undefined) return { ...result, ...facts, problems: [...textProblems, ...(facts.problems ?? [])] };
  const listing = metadataOnly(input);
  if (listing !== undefined) return { ...result, problems: [...textProblems, listing] };
  const wrapper = unwrap(value);
  const policyPath = wrapper?.policyPath ?? [];
  const problems = [...textProblems];
  const located = policyAt(input, policyPath, problems);
  if (located === undefined) return { ...result, problems };
  if (!looksLikePolicy(located.value) && options.kindOverride === undefined) {
    if (wrapper === undefined && options.named !== true) return { ...result, notPolicy: true };
    return { ...result, problems: [...(wrapper === undefined ? [] : problems), { code: 'not-a-policy', message: describeNonPolicy(located.value), range: input.locate(policyPath), path: policyPath }] };
  }
  const placement = placeDocument(file, located.value, wrapper?.kind, options.kindOverride);
  const document: PolicyDocument = {
    file,
    kind: placement.kind,
    kindSource: placement.kindSource,
    policy: located.value,
    policyPath,
    locate: located.locate,
    meta: { ...wrapper?.meta, ...(placement.boundary ? { boundary: true } : {}) },
    ...documentFacts(located.value),
  };
  return { ...result, documents: [document], problems };
}

/** What every reader records about a document: the size AWS counts (minified JSON). */
export function documentFacts(policy: unknown): Pick<PolicyDocument, 'policySize'> {
  return { policySize: JSON.stringify(policy).length };
}

/**
 * `aws s3api get-bucket-encryption` (ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html) and `aws kms describe-key`
 * (KeyMetadata: https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html) → the facts live
 * mode reads with the same calls (src/sources/live/s3.ts, kms.ts), for MP602 and MP603.
 */
function factsOf(file: string, input: PositionedValue): { facts?: SourceFacts; problems?: InputProblem[] } | undefined {
  const value = input.value;
  if (!isObject(value)) return undefined;
  const at = (path: JsonPath): FactLocation => ({ file, range: input.locate(path), path });
  const configuration = value['ServerSideEncryptionConfiguration'];
  if (isObject(configuration) && Array.isArray(configuration['Rules'])) {
    const rules = configuration['Rules'];
    const index = rules.findIndex((rule) => isObject(rule) && isObject(rule['ApplyServerSideEncryptionByDefault']) && typeof rule['ApplyServerSideEncryptionByDefault']['SSEAlgorithm'] === 'string');
    if (index < 0) return {};
    const byDefault = (rules[index] as JsonObject)['ApplyServerSideEncryptionByDefault'] as JsonObject;
    const kmsKeyId = optionalString(byDefault['KMSMasterKeyID']);
    const bucketKeyEnabled = (rules[index] as JsonObject)['BucketKeyEnabled'] === true;
    const path = ['ServerSideEncryptionConfiguration', 'Rules', index, 'ApplyServerSideEncryptionByDefault'];
    return { facts: { bucketEncryption: { algorithm: byDefault['SSEAlgorithm'] as string, ...(kmsKeyId === undefined ? {} : { kmsKeyId }), bucketKeyEnabled, at: at(path) } } };
  }
  const metadata = value['KeyMetadata'];
  if (isObject(metadata)) {
    const arn = optionalString(metadata['Arn']);
    const region = arn?.match(/^arn:aws[\w-]*:kms:([a-z0-9-]+):/)?.[1];
    const keySpec = optionalString(metadata['KeySpec']) ?? optionalString(metadata['CustomerMasterKeySpec']);
    const keyId = optionalString(metadata['KeyId']);
    const keyUsage = optionalString(metadata['KeyUsage']);
    const keyState = optionalString(metadata['KeyState']);
    const enabled = metadata['Enabled'];
    if (arn === undefined || region === undefined || keyId === undefined || keySpec === undefined || keyUsage === undefined || keyState === undefined || typeof enabled !== 'boolean') {
      const message = 'This aws kms describe-key output lacks the key ARN, key id, state, spec or usage, so whether the key can encrypt the export is not checked.';
      return { problems: [{ code: 'not-a-policy', message, range: input.locate(['KeyMetadata']), path: ['KeyMetadata'] }] };
    }
    return { facts: { key: { arn, keyId, region, enabled, keySpec, keyUsage, keyState, at: at(['KeyMetadata']) } } };
  }
  return undefined;
}

/**
 * AWS CLI outputs that name policies without holding their documents: `aws iam
 * list-attached-role-policies` (AttachedPolicies) and `aws iam get-policy` (Policy with
 * DefaultVersionId). A note says how to save the documents, so nothing is silently left unchecked.
 */
function metadataOnly(input: PositionedValue): InputProblem | undefined {
  const value = input.value;
  if (!isObject(value)) return undefined;
  const attached = value['AttachedPolicies'];
  if (Array.isArray(attached)) {
    const arns = attached.flatMap((p) => (isObject(p) && typeof p['PolicyArn'] === 'string' ? [p['PolicyArn']] : []));
    const message = `This aws iam list-attached-role-policies output names ${arns.length} attached ${arns.length === 1 ? 'policy' : 'policies'}${arns.length === 0 ? '' : ` (${arns.slice(0, 5).join(', ')}${arns.length > 5 ? ', …' : ''})`} but holds no policy document. Each one is checked only when its document is among the inputs: save aws iam get-policy-version --policy-arn ARN --version-id DEFAULT_VERSION beside it.`;
    return { code: 'not-a-policy', message, range: input.locate(['AttachedPolicies']), path: ['AttachedPolicies'] };
  }
  const policy = value['Policy'];
  if (isObject(policy) && typeof policy['DefaultVersionId'] === 'string') {
    const message = `This aws iam get-policy output describes ${optionalString(policy['Arn']) ?? 'a managed policy'} but holds no policy document: save aws iam get-policy-version --policy-arn ARN --version-id ${policy['DefaultVersionId']} instead.`;
    return { code: 'not-a-policy', message, range: input.locate(['Policy']), path: ['Policy'] };
  }
  return undefined;
}

function describeNonPolicy(value: unknown): string {
  const shape = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object without a "Statement"' : `a ${typeof value}`;
  return `Not a policy document: found ${shape}. Expected an object with "Version" and "Statement", or the output of aws iam get-role / get-role-policy / get-policy-version / get-account-authorization-details, aws s3api get-bucket-policy or aws kms get-key-policy (JSON or YAML).`;
}

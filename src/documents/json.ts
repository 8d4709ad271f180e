// Position-aware JSON parsing with @humanwhocodes/momoa. Tolerates what people paste (comments,
// trailing commas, a byte-order mark) so the rest can still be checked, but reports each one:
// AWS rejects them. Duplicate keys are reported too: AWS keeps one silently.
import { parse, type DocumentNode, type Token, type ValueNode } from '@humanwhocodes/momoa';
import type { InputProblem, JsonPath, SourceRange } from '../types.js';
import { LineIndex, type OffsetMap } from './positions.js';

/** Deeper nesting than any policy needs; checked before parsing so a hostile file cannot overflow the stack. */
export const MAX_DEPTH = 128;

export interface ParsedJson {
  value: unknown;
  /** momoa's syntax tree, for text that is not strict JSON or has a key twice; strict JSON has none (iac/tree.ts fromStrictJson scans it). */
  root?: ValueNode;
  /** Range of the node at `path`, or of its nearest existing ancestor. */
  locate(path: JsonPath): SourceRange;
  /** Offsets (in the parsed text) of the node at `path`, or of its nearest existing ancestor. */
  nodeAt(path: JsonPath): NodeSpan;
}

/** A value's kind and its offsets in the parsed text (end exclusive, quotes and brackets included). */
export interface NodeSpan {
  type: ValueNode['type'];
  start: number;
  end: number;
}

export type ParseOutcome = { ok: true; json: ParsedJson; problems: InputProblem[] } | { ok: false; problems: InputProblem[] };

export function parseJson(text: string, lines: LineIndex, offsets: OffsetMap): ParseOutcome {
  const toRange = (start: number, end: number) => lines.range(offsets(start), offsets(end));
  const tooDeep = (offset: number): ParseOutcome => ({
    ok: false,
    problems: [{ code: 'invalid-json', message: `JSON nested deeper than ${MAX_DEPTH} levels; no policy needs that.`, range: toRange(offset, offset + 1) }],
  });
  const strict = strictValue(text);
  if (strict === undefined) {
    // Not strict JSON: the nesting is checked before momoa, whose parser recurses, sees the text.
    const depthProblem = checkDepth(text);
    if (depthProblem !== undefined) return tooDeep(depthProblem);
  } else if (strict.tooDeepAt !== undefined) {
    return tooDeep(strict.tooDeepAt);
  } else if (!strict.duplicateKey) {
    // The common case: strict JSON without duplicate keys has nothing to report, and the native
    // parser is ten times faster than momoa. Positions come from a scan of the text to the path
    // asked for, and a template's tree from one scan of the text (iac/tree.ts fromStrictJson).
    const nodeAt = (path: JsonPath) => strictNodeAt(text, path);
    return { ok: true, json: positioned(strict.value, undefined, nodeAt, toRange), problems: [] };
  }
  let document: DocumentNode;
  try {
    document = parse(text, { mode: 'jsonc', ranges: true, tokens: true, allowTrailingCommas: true });
  } catch (error) {
    return { ok: false, problems: [syntaxProblem(error, text, toRange)] };
  }
  const problems = [...tokenProblems(document.tokens ?? [], toRange), ...duplicateKeyProblems(document.body, [], toRange)];
  const nodeAt = (path: JsonPath): NodeSpan => {
    const node = findNode(document.body, path);
    return { type: node.type, start: node.range![0], end: node.range![1] };
  };
  return { ok: true, json: positioned(toValue(document.body), document.body, nodeAt, toRange), problems };
}

function positioned(value: unknown, root: ValueNode | undefined, nodeAt: (path: JsonPath) => NodeSpan, toRange: (start: number, end: number) => SourceRange): ParsedJson {
  return {
    value,
    ...(root === undefined ? {} : { root }),
    nodeAt,
    locate: (path) => {
      const node = nodeAt(path);
      return toRange(node.start, node.end);
    },
  };
}

interface StrictJson {
  value: unknown;
  /** Offset of the first bracket nested deeper than MAX_DEPTH. */
  tooDeepAt?: number;
  duplicateKey: boolean;
}

/** `text` parsed by JSON.parse (which does not recurse) and scanned once for nesting depth and duplicate keys; undefined when it is not strict JSON. */
function strictValue(text: string): StrictJson | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return { value, ...scanStrictJson(text) };
}

/** One linear pass over text that JSON.parse accepted: the first bracket too deep, and whether an object has the same key twice. */
function scanStrictJson(text: string): Omit<StrictJson, 'value'> {
  const open: (Set<string> | undefined)[] = []; // per open bracket: the keys seen so far, undefined for an array
  let duplicateKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      if (open.length === MAX_DEPTH) return { tooDeepAt: i, duplicateKey };
      open.push(c === 123 && !duplicateKey ? new Set() : undefined);
    } else if (c === 125 || c === 93) open.pop();
    else if (c === 34) {
      const start = i;
      let escaped = false;
      for (i++; text.charCodeAt(i) !== 34; i++) {
        if (text.charCodeAt(i) === 92) {
          escaped = true;
          i++;
        }
      }
      const keys = open[open.length - 1];
      if (keys === undefined) continue;
      let next = i + 1;
      while (text.charCodeAt(next) <= 32) next++;
      if (text.charCodeAt(next) !== 58) continue; // a string value, not a key
      const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
      if (keys.has(key)) duplicateKey = true;
      keys.add(key);
    }
  }
  return { duplicateKey };
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export function skipSpace(text: string, i: number): number {
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The offset after the string literal starting at `i` (its opening quote). */
export function stringEnd(text: string, i: number): number {
  for (i++; text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
  return i + 1;
}

/** The offset after the value starting at `i`, in text JSON.parse accepted. */
export function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return stringEnd(text, i);
  if (c !== 123 && c !== 91) {
    while (i < text.length && !isSpace(text.charCodeAt(i)) && !',]}'.includes(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === 34) i = stringEnd(text, i) - 1;
    else if (d === 123 || d === 91) depth++;
    else if ((d === 125 || d === 93) && --depth === 0) return i + 1;
  }
  return i;
}

const SPAN_TYPES: Record<string, ValueNode['type']> = { '{': 'Object', '[': 'Array', '"': 'String', t: 'Boolean', f: 'Boolean', n: 'Null' };

/**
 * The span of the value at `path` (or its nearest existing ancestor) in strict JSON without duplicate
 * keys, found by skipping over the values before it: the same spans momoa gives (a fuzzed property
 * checks that), without building a tree for the whole file.
 */
function strictNodeAt(text: string, path: JsonPath): NodeSpan {
  let at = skipSpace(text, 0);
  for (const segment of path) {
    const next = typeof segment === 'string' ? memberValueAt(text, at, segment) : elementAt(text, at, segment);
    if (next === undefined) break;
    at = next;
  }
  return { type: SPAN_TYPES[text[at]!] ?? 'Number', start: at, end: valueEnd(text, at) };
}

/** Where the value of `key` starts in the object at `at`; undefined when `at` is no object or lacks the key. */
function memberValueAt(text: string, at: number, key: string): number | undefined {
  if (text.charCodeAt(at) !== 123) return undefined;
  let i = skipSpace(text, at + 1);
  while (text.charCodeAt(i) === 34) {
    const end = stringEnd(text, i);
    const literal = text.slice(i + 1, end - 1);
    const name = literal.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : literal;
    const value = skipSpace(text, skipSpace(text, end) + 1); // past the colon
    if (name === key) return value;
    i = skipSpace(text, valueEnd(text, value));
    if (text.charCodeAt(i) !== 44) return undefined; // the closing brace
    i = skipSpace(text, i + 1);
  }
  return undefined;
}

/** Where element `index` starts in the array at `at`; undefined when `at` is no array or is shorter. */
function elementAt(text: string, at: number, index: number): number | undefined {
  if (text.charCodeAt(at) !== 91) return undefined;
  let i = skipSpace(text, at + 1);
  if (text.charCodeAt(i) === 93) return undefined;
  for (let n = 0; n < index; n++) {
    i = skipSpace(text, valueEnd(text, i));
    if (text.charCodeAt(i) !== 44) return undefined; // the closing bracket
    i = skipSpace(text, i + 1);
  }
  return i;
}

function checkDepth(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

function syntaxProblem(error: unknown, text: string, toRange: (s: number, e: number) => SourceRange): InputProblem {
  const offset = typeof (error as { offset?: unknown }).offset === 'number' ? (error as { offset: number }).offset : text.length;
  const raw = error instanceof Error ? error.message : String(error);
  const detail = raw.replace(/\s*\(\d+:\d+\)\s*$/, '').replace(/\.$/, '');
  const missingComma = /^Unexpected token (String|Number|LBrace|LBracket|Boolean|Null)/.test(detail) ? ' (is a comma missing before it?)' : '';
  const message = text.trim() === '' ? 'The file is empty; expected a JSON policy document.' : `Invalid JSON: ${detail}${missingComma}.`;
  return { code: 'invalid-json', message, range: toRange(Math.min(offset, text.length), Math.min(offset + 1, text.length)) };
}

function tokenProblems(tokens: Token[], toRange: (s: number, e: number) => SourceRange): InputProblem[] {
  const problems: InputProblem[] = [];
  const significant = tokens.filter((t) => t.type !== 'LineComment' && t.type !== 'BlockComment');
  for (const token of tokens) {
    if (token.type === 'LineComment' || token.type === 'BlockComment') {
      problems.push({ code: 'comment', message: 'Comments are not JSON; AWS rejects a policy that contains them.', range: toRange(token.range![0], token.range![1]) });
    }
  }
  for (let i = 0; i + 1 < significant.length; i++) {
    const next = significant[i + 1]!.type;
    if (significant[i]!.type === 'Comma' && (next === 'RBrace' || next === 'RBracket')) {
      const comma = significant[i]!;
      problems.push({ code: 'trailing-comma', message: 'Trailing comma: AWS rejects a policy with a comma before a closing bracket or brace.', range: toRange(comma.range![0], comma.range![1]) });
    }
  }
  return problems;
}

function duplicateKeyProblems(node: ValueNode, path: (string | number)[], toRange: (s: number, e: number) => SourceRange): InputProblem[] {
  const problems: InputProblem[] = [];
  if (node.type === 'Object') {
    const seen = new Set<string>();
    for (const member of node.members) {
      const key = member.name.type === 'String' ? member.name.value : member.name.name;
      if (seen.has(key)) {
        problems.push({
          code: 'duplicate-key',
          message: `Duplicate key "${key}": only one of its values takes effect (JSON.parse keeps the last, AWS keeps one silently); merge them.`,
          range: toRange(member.name.range![0], member.name.range![1]),
          path: [...path, key],
        });
      }
      seen.add(key);
      problems.push(...duplicateKeyProblems(member.value, [...path, key], toRange));
    }
  } else if (node.type === 'Array') {
    node.elements.forEach((element, index) => problems.push(...duplicateKeyProblems(element.value, [...path, index], toRange)));
  }
  return problems;
}

function findNode(root: ValueNode, path: JsonPath): ValueNode {
  let node = root;
  for (const segment of path) {
    let next: ValueNode | undefined;
    if (node.type === 'Object' && typeof segment === 'string') {
      // The last duplicate wins, matching toValue().
      for (const member of node.members) {
        const key = member.name.type === 'String' ? member.name.value : member.name.name;
        if (key === segment) next = member.value;
      }
    } else if (node.type === 'Array' && typeof segment === 'number') {
      next = node.elements[segment]?.value;
    }
    if (next === undefined) return node;
    node = next;
  }
  return node;
}

function toValue(node: ValueNode): unknown {
  switch (node.type) {
    case 'Object': {
      const result: Record<string, unknown> = {};
      for (const member of node.members) {
        const key = member.name.type === 'String' ? member.name.value : member.name.name;
        // defineProperty: a "__proto__" key in a policy must stay data, not change the prototype.
        Object.defineProperty(result, key, { value: toValue(member.value), enumerable: true, writable: true, configurable: true });
      }
      return result;
    }
    case 'Array':
      return node.elements.map((element) => toValue(element.value));
    case 'Null':
      return null;
    case 'String':
    case 'Number':
    case 'Boolean':
      return node.value;
    default:
      return null;
  }
}

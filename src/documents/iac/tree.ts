// One positioned tree for JSON and YAML templates, so CloudFormation is read the same way from
// both. YAML short-form intrinsics (`!Sub x`, `!GetAtt A.B`, `!Ref X`, ...) become their long form
// (`{ "Fn::Sub": x }`), as CloudFormation itself treats them:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
import type { ValueNode } from '@humanwhocodes/momoa';
import { createRequire } from 'node:module';
import type { Document, Node as YamlNode } from 'yaml';
import type { InputProblem, JsonPath, SourceRange } from '../../types.js';
import { MAX_DEPTH, skipSpace, stringEnd, valueEnd } from '../json.js';
import type { LineIndex } from '../positions.js';

export interface MapEntry {
  key: string;
  keyRange: SourceRange;
  value: SNode;
}

export type SNode =
  | { kind: 'map'; range: SourceRange; path: JsonPath; entries: MapEntry[] }
  | { kind: 'seq'; range: SourceRange; path: JsonPath; items: SNode[] }
  | { kind: 'scalar'; range: SourceRange; path: JsonPath; value: string | number | boolean | null; span?: readonly [number, number] };

/** The value of a map's key (the last one wins, as JSON.parse does), or undefined. */
export function entry(node: SNode | undefined, key: string): SNode | undefined {
  if (node?.kind !== 'map') return undefined;
  return node.entries.filter((e) => e.key === key).at(-1)?.value;
}

export function scalarText(node: SNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

/** The node at `path`, or its nearest existing ancestor. */
export function nodeAt(root: SNode, path: JsonPath): SNode {
  let node = root;
  for (const segment of path) {
    const next = typeof segment === 'string' ? entry(node, segment) : node.kind === 'seq' ? node.items[segment] : undefined;
    if (next === undefined) break;
    node = next;
  }
  return node;
}

/** The node as a plain JSON value (the last of duplicate keys wins, as JSON.parse does). */
export function plainOf(node: SNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plainOf);
  const result: Record<string, unknown> = {};
  // defineProperty: a "__proto__" key must stay data, as in documents/json.ts.
  for (const { key, value } of node.entries) Object.defineProperty(result, key, { value: plainOf(value), enumerable: true, writable: true, configurable: true });
  return result;
}

/** A JSON document (momoa's tree) as an SNode; the JSON was depth-checked when parsed. */
export function fromJson(node: ValueNode, lines: LineIndex, path: JsonPath = []): SNode {
  const range = lines.range(node.range![0], node.range![1]);
  switch (node.type) {
    case 'Object':
      return {
        kind: 'map',
        range,
        path,
        entries: node.members.map((member) => {
          const key = member.name.type === 'String' ? member.name.value : member.name.name;
          return { key, keyRange: lines.range(member.name.range![0], member.name.range![1]), value: fromJson(member.value, lines, [...path, key]) };
        }),
      };
    case 'Array':
      return { kind: 'seq', range, path, items: node.elements.map((element, index) => fromJson(element.value, lines, [...path, index])) };
    case 'String':
    case 'Number':
    case 'Boolean':
      return { kind: 'scalar', range, path, value: node.value };
    default:
      return { kind: 'scalar', range, path, value: null };
  }
}

/**
 * The tree fromJson makes of momoa's, for strict JSON without a key twice (what JSON.parse accepted,
 * nesting checked): positions from one scan of the text, values from JSON.parse's `value`, keys in
 * the text's order.
 */
export function fromStrictJson(text: string, value: unknown, lines: LineIndex): SNode {
  let i = skipSpace(text, 0);
  const node = (value: unknown, path: JsonPath): SNode => {
    const start = i;
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      const entries: MapEntry[] = [];
      const items: SNode[] = [];
      i = skipSpace(text, i + 1);
      // Members or elements, each followed by a comma or the closing bracket.
      while (text.charCodeAt(i) !== 125 && text.charCodeAt(i) !== 93) {
        if (c === 123) {
          const keyStart = i;
          i = stringEnd(text, i);
          const literal = text.slice(keyStart + 1, i - 1);
          const key = literal.includes('\\') ? (JSON.parse(text.slice(keyStart, i)) as string) : literal;
          const keyRange = lines.range(keyStart, i);
          i = skipSpace(text, skipSpace(text, i) + 1); // past the colon
          entries.push({ key, keyRange, value: node((value as Record<string, unknown>)[key], [...path, key]) });
        } else items.push(node((value as unknown[])[items.length], [...path, items.length]));
        i = skipSpace(text, i);
        if (text.charCodeAt(i) === 44) i = skipSpace(text, i + 1);
      }
      i++;
      const range = lines.range(start, i);
      return c === 123 ? { kind: 'map', range, path, entries } : { kind: 'seq', range, path, items };
    }
    i = valueEnd(text, i);
    return { kind: 'scalar', range: lines.range(start, i), path, value: value as string | number | boolean | null };
  };
  return node(value, []);
}

/** More nodes than any template has once aliases are expanded: a guard against alias bombs. */
const MAX_YAML_NODES = 200_000;

class YamlTooLarge extends Error {}

export type YamlOutcome = { ok: true; root: SNode } | { ok: false; problem: InputProblem };

// The YAML parser is loaded on first use: most runs read JSON only, and it costs ~30 ms of start-up.
type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
const loadYaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);

/** Parses YAML with positions; unknown tags (CloudFormation's `!Sub` etc.) are kept, never fatal. */
export function parseYaml(text: string, lines: LineIndex): YamlOutcome {
  const { isAlias, isMap, isScalar, isSeq, parseDocument } = loadYaml();
  const fail = (message: string, start: number, end: number): YamlOutcome => ({ ok: false, problem: { code: 'invalid-yaml', message, range: lines.range(start, end) } });
  let document: Document;
  try {
    document = parseDocument(text, { prettyErrors: false, strict: false, uniqueKeys: true });
  } catch (error) {
    return fail(`Invalid YAML: ${error instanceof Error ? error.message : String(error)}.`, 0, 0);
  }
  const error = document.errors[0];
  if (error !== undefined) return fail(`Invalid YAML: ${error.message.replace(/\.?$/, '.')}`, error.pos[0], Math.max(error.pos[1], error.pos[0] + 1));
  let count = 0;
  const convert = (node: unknown, path: JsonPath, depth: number): SNode => {
    if (++count > MAX_YAML_NODES || depth > MAX_DEPTH) throw new YamlTooLarge();
    if (isAlias(node)) return convert(node.resolve(document), path, depth + 1);
    const yamlNode = node as YamlNode | null;
    const [start, end] = yamlNode?.range ?? [0, 0];
    const tag = yamlNode?.tag;
    if (tag !== undefined && tag.startsWith('!') && !tag.startsWith('!!')) {
      // `!Ref X` is `{ "Ref": X }`; the node's range leaves the tag out, the map's includes it.
      const name = tag === '!Ref' || tag === '!Condition' ? tag.slice(1) : `Fn::${tag.slice(1)}`;
      const tagStart = Math.max(0, text.lastIndexOf(tag, start));
      yamlNode!.tag = undefined;
      const inner = convert(yamlNode, [...path, name], depth + 1);
      yamlNode!.tag = tag;
      return { kind: 'map', range: lines.range(tagStart, end), path, entries: [{ key: name, keyRange: lines.range(tagStart, tagStart + tag.length), value: inner }] };
    }
    const range = lines.range(start, end);
    if (isMap(node)) {
      return {
        kind: 'map',
        range,
        path,
        entries: node.items.map((pair) => {
          const keyNode = pair.key as YamlNode | null;
          const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
          const [keyStart, keyEnd] = keyNode?.range ?? [start, start];
          const keyRange = lines.range(keyStart, keyEnd);
          // `Key:` with nothing after it is null, positioned at its key.
          const value: SNode = pair.value === null ? { kind: 'scalar', range: keyRange, path: [...path, key], value: null } : convert(pair.value, [...path, key], depth + 1);
          return { key, keyRange, value };
        }),
      };
    }
    if (isSeq(node)) return { kind: 'seq', range, path, items: node.items.map((item, index) => convert(item, [...path, index], depth + 1)) };
    const value = isScalar(node) ? node.value : null;
    return { kind: 'scalar', range, path, span: [start, end], value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : value === null || value === undefined ? null : String(value) };
  };
  try {
    return { ok: true, root: convert(document.contents, [], 0) };
  } catch (error) {
    if (error instanceof YamlTooLarge) return fail(`YAML nested deeper than ${MAX_DEPTH} levels or larger than ${MAX_YAML_NODES} nodes once aliases are expanded; no template needs that.`, 0, 0);
    throw error;
  }
}

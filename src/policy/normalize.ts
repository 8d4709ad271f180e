// Raw policy JSON → the evaluator's model. Tolerant on purpose: a piece of the wrong type is left
// out (the grammar rules report it, with its position), so the evaluator still answers for the
// rest. A statement whose Effect is not exactly "Allow" or "Deny" is left out whole, as it can
// neither allow nor deny.
import type { JsonPath, PolicyDocument } from '../types.js';
import type { ConditionBlock, ConditionValue, Policy, PrincipalSpec, Statement } from './model.js';

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function normalizePolicy(value: unknown, name: string, document?: PolicyDocument): Policy {
  const root = isObject(value) ? value : {};
  const version = typeof root['Version'] === 'string' && VERSIONS.has(root['Version']) ? root['Version'] : undefined;
  const raw = root['Statement'];
  const entries: [unknown, number, JsonPath][] = Array.isArray(raw) ? raw.map((s, i) => [s, i, ['Statement', i]]) : [[raw, 0, ['Statement']]];
  const statements = entries.flatMap(([entry, index, path]) => {
    const statement = normalizeStatement(entry, index, path);
    return statement === undefined ? [] : [statement];
  });
  return { name, ...(version === undefined ? {} : { version }), statements, ...(document === undefined ? {} : { document }) };
}

function normalizeStatement(value: unknown, index: number, path: JsonPath): Statement | undefined {
  if (!isObject(value)) return undefined;
  const effect = value['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') return undefined;
  const statement: Statement = { index, path, effect };
  if (typeof value['Sid'] === 'string') statement.sid = value['Sid'];
  const action = stringList(value['Action']);
  const notAction = stringList(value['NotAction']);
  const resource = stringList(value['Resource']);
  const notResource = stringList(value['NotResource']);
  const principal = principalSpec(value['Principal']);
  const notPrincipal = principalSpec(value['NotPrincipal']);
  const condition = conditionBlock(value['Condition']);
  if (action !== undefined) statement.action = action;
  if (notAction !== undefined) statement.notAction = notAction;
  if (resource !== undefined) statement.resource = resource;
  if (notResource !== undefined) statement.notResource = notResource;
  if (principal !== undefined) statement.principal = principal;
  if (notPrincipal !== undefined) statement.notPrincipal = notPrincipal;
  if (condition !== undefined) statement.condition = condition;
  return statement;
}

/** A string or an array (its strings kept); anything else is left out. */
function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return undefined;
}

/** `"*"`, or an object whose values are strings or arrays of strings. */
function principalSpec(value: unknown): PrincipalSpec | undefined {
  if (value === '*') return '*';
  if (!isObject(value)) return undefined;
  const spec: Record<string, readonly string[]> = {};
  for (const [key, item] of Object.entries(value)) {
    const values = stringList(item);
    if (values !== undefined) spec[key] = values;
  }
  return spec;
}

const isConditionValue = (value: unknown): value is ConditionValue => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** operator → key → values; values are strings, numbers, booleans or arrays of them. */
function conditionBlock(value: unknown): ConditionBlock | undefined {
  if (!isObject(value)) return undefined;
  const block: Record<string, Record<string, readonly ConditionValue[]>> = {};
  for (const [operator, entries] of Object.entries(value)) {
    if (!isObject(entries)) continue;
    const keys: Record<string, readonly ConditionValue[]> = {};
    for (const [key, item] of Object.entries(entries)) {
      if (isConditionValue(item)) keys[key] = [item];
      else if (Array.isArray(item)) keys[key] = item.filter(isConditionValue);
    }
    block[operator] = keys;
  }
  return block;
}

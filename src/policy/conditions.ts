// The Condition element ("IAM JSON policy elements: Condition",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html, and
// "Condition operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
// - several operators, and several keys under one operator, are ANDed; several values for one key are ORed;
// - a key absent from the request makes the check false, except for negated operators
//   (StringNotEquals, NotIpAddress, ArnNotLike, …), which are then true, `…IfExists`, which is then
//   true, and Null, which tests presence;
// - `ForAllValues:` is true when the key is absent or empty, and otherwise when every request
//   value passes; `ForAnyValue:` is false when the key is absent, and otherwise true when some
//   request value passes ("Single-valued vs. multivalued context keys",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html);
// - without a set operator, a multivalued request key passes when any of its values does.
// An operator AWS does not know makes the condition (so the statement) not match.
import type { JsonPath } from '../types.js';
import type { ConditionBlock, ConditionValue } from './model.js';
import { contextValues, type ContextLookup } from './context.js';
import { BASE_OPERATORS, type BaseOperator, type ValueTest } from './operators.js';
import { parseTemplate, variablesNote } from './variables.js';

type SetMode = 'single' | 'any' | 'all';

export interface CompiledCondition {
  /** Where the key sits: [...statement, 'Condition', operator, key], as written. */
  readonly path: JsonPath;
  holds(context: ContextLookup): boolean;
  /** Why it does not hold, for a request where `holds` is false. */
  explain(context: ContextLookup): string;
}

const show = (value: ConditionValue | string) => JSON.stringify(String(value));

function parseSetMode(operator: string): [SetMode, string] {
  if (operator.startsWith('ForAnyValue:')) return ['any', operator.slice('ForAnyValue:'.length)];
  if (operator.startsWith('ForAllValues:')) return ['all', operator.slice('ForAllValues:'.length)];
  return ['single', operator];
}

export function compileConditions(block: ConditionBlock | undefined, statementPath: JsonPath, version: string | undefined): CompiledCondition[] {
  if (block === undefined) return [];
  const compiled: CompiledCondition[] = [];
  for (const [operator, entries] of Object.entries(block)) {
    const operatorPath = [...statementPath, 'Condition', operator];
    const keys = Object.entries(entries);
    if (keys.length === 0) continue;
    const [set, rest] = parseSetMode(operator);
    const ifExists = rest.endsWith('IfExists');
    const base = BASE_OPERATORS.get(ifExists ? rest.slice(0, -'IfExists'.length) : rest);
    for (const [key, values] of keys) {
      const path = [...operatorPath, key];
      if (rest === 'Null' && set === 'single') compiled.push(nullCondition(key, values, path));
      else if (base === undefined) compiled.push(unknownOperator(operator, operatorPath));
      else compiled.push(operatorCondition({ operator, key, values, path, set, ifExists, base, variables: base.variables && version === '2012-10-17' }));
    }
  }
  return compiled;
}

function unknownOperator(operator: string, path: JsonPath): CompiledCondition {
  return { path, holds: () => false, explain: () => `Condition operator ${JSON.stringify(operator)} is not an IAM condition operator, so the condition never matches` };
}

/** `"Null": {"key": "true"}` holds when the key is absent, `"false"` when it is present. */
function nullCondition(key: string, values: readonly ConditionValue[], path: JsonPath): CompiledCondition {
  const lowerKey = key.toLowerCase();
  const wanted = values.map((v) => String(v).toLowerCase());
  const absent = (context: ContextLookup) => contextValues(context, lowerKey) === undefined;
  return {
    path,
    holds: (context) => wanted.includes(absent(context) ? 'true' : 'false'),
    explain: (context) =>
      absent(context)
        ? `Condition Null ${key}: the request has no ${key}, but the condition asks for it to be present (${values.map(show).join(', ')})`
        : `Condition Null ${key}: the request has ${key}, but the condition asks for it to be absent (${values.map(show).join(', ')})`,
  };
}

interface OperatorSpec {
  operator: string;
  key: string;
  values: readonly ConditionValue[];
  path: JsonPath;
  set: SetMode;
  ifExists: boolean;
  base: BaseOperator;
  variables: boolean;
}

function operatorCondition(spec: OperatorSpec): CompiledCondition {
  const { key, set, ifExists, base } = spec;
  const values = spec.values;
  const templates = spec.variables ? values.flatMap((value) => parseTemplate(String(value)) ?? []) : [];
  const lowerKey = key.toLowerCase();
  const test = base.compile(spec.values, spec.variables);
  const negated = base.negated;
  /** Whether one request value passes the operator (negation applied). */
  const passes = (value: string, context: ContextLookup) => test(value, context) !== negated;
  return {
    path: spec.path,
    holds(context) {
      const request = contextValues(context, lowerKey);
      if (request === undefined) return set === 'all' || ifExists || (set === 'single' && negated);
      if (typeof request === 'string') return passes(request, context);
      if (set === 'any') return request.some((value) => passes(value, context));
      if (set === 'all') return request.every((value) => passes(value, context));
      return request.some((value) => test(value, context)) !== negated;
    },
    explain: (context) => {
      const target = values.length === 1 ? show(values[0]!) : `${base.negated ? 'one of' : 'any of'} ${values.map(show).join(', ')}`;
      return explainOperator(spec, test, context, target) + variablesNote(templates, context);
    },
  };
}

function explainOperator(spec: OperatorSpec, test: ValueTest, context: ContextLookup, target: string): string {
  const { operator, key, base } = spec;
  const head = `Condition ${operator} ${key}`;
  const request = contextValues(context, key.toLowerCase());
  if (request === undefined) return `${head}: the request has no ${key}${spec.set === 'any' ? ' (ForAnyValue: needs at least one value)' : ''}`;
  const list = typeof request === 'string' ? [request] : request;
  // For ForAllValues the first value that fails is the reason; otherwise all of them are.
  const shown = spec.set === 'all' ? list.filter((value) => test(value, context) === base.negated).slice(0, 1) : list;
  const subject = shown.length === 1 ? `request value ${show(shown[0]!)}` : `request values ${shown.map(show).join(', ')}`;
  return `${head}: ${subject} ${base.failure} ${target}`;
}

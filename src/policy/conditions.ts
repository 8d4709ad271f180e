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
// An operator AWS does not know makes the condition (so the statement) not match; so does a policy
// value the operator cannot read (a failed parse is not "different"). A policy variable with no value
// in the request and no default is read two ways by AWS's "IAM policy elements: Variables and tags"
// page: "this might cause the entire statement to be invalid", and "inverted condition operators
// like StringNotEquals or StringNotLike do match against a null value". Where the readings agree
// (a positive operator with no other value matching) the answer is theirs; where they differ it is
// MAYBE, with an unknown that says so (docs/decisions.md).
// Answers are three-valued (src/policy/tri.ts): a condition on a value the documents do not give
// (an Unknown in the request) is MAYBE unless what is known of the value settles it.
import type { JsonPath } from '../types.js';
import type { ConditionBlock, ConditionValue, Unknown } from './model.js';
import { contextSingleValue, contextValues, type ContextLookup } from './context.js';
import { BASE_OPERATORS, INVALID, MAYBE_UNRESOLVED_FLAG, UNRESOLVED_FLAG, type BaseOperator, type Match, type ValueTest } from './operators.js';
import { parseTemplate, templateUnknowns, variablesNote, type Template } from './variables.js';
import { MAYBE, NO, YES, isUnknown, join, type Tri } from './tri.js';

type SetMode = 'single' | 'any' | 'all';

export interface CompiledCondition {
  /** Where the key sits: [...statement, 'Condition', operator, key], as written. */
  readonly path: JsonPath;
  /** The context key as written (the operator for an operator AWS does not know). */
  readonly key: string;
  holds(context: ContextLookup): Tri;
  /** Why it does not hold (NO), or why it cannot be decided (MAYBE). */
  explain(context: ContextLookup): string;
  /** Why it holds, for a request where `holds` is YES: `the request has no aws:SourceVpce`. */
  explainHolds(context: ContextLookup): string;
  /** The unknown values it depends on in this request (the key's own, or a policy variable's). */
  unknowns(context: ContextLookup): Unknown[];
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

const NO_UNKNOWNS = (): Unknown[] => [];

function unknownOperator(operator: string, path: JsonPath): CompiledCondition {
  const why = `Condition operator ${JSON.stringify(operator)} is not an IAM condition operator, so the condition never matches`;
  return { path, key: operator, holds: () => NO, explain: () => why, explainHolds: () => why, unknowns: NO_UNKNOWNS };
}

/** The key's unknown value in this request, if it has one. */
function unknownOf(context: ContextLookup, lowerKey: string): Unknown | undefined {
  const value = contextValues(context, lowerKey);
  return isUnknown(value) ? value : undefined;
}

/** `"Null": {"key": "true"}` holds when the key is absent, `"false"` when it is present. */
function nullCondition(key: string, values: readonly ConditionValue[], path: JsonPath): CompiledCondition {
  const lowerKey = key.toLowerCase();
  const wanted = values.map((v) => String(v).toLowerCase());
  const whenAbsent: Tri = wanted.includes('true') ? YES : NO;
  const whenPresent: Tri = wanted.includes('false') ? YES : NO;
  const asked = values.map(show).join(', ');
  return {
    path,
    key,
    holds(context) {
      const value = contextValues(context, lowerKey);
      if (value === undefined) return whenAbsent;
      return isUnknown(value) && value.mayBeAbsent ? join(whenAbsent, whenPresent) : whenPresent;
    },
    explain(context) {
      const value = contextValues(context, lowerKey);
      if (isUnknown(value) && value.mayBeAbsent) return `Condition Null ${key}: whether the request has ${key} is not known (${value.what})`;
      return value === undefined
        ? `Condition Null ${key}: the request has no ${key}, but the condition asks for it to be present (${asked})`
        : `Condition Null ${key}: the request has ${key}, but the condition asks for it to be absent (${asked})`;
    },
    explainHolds: (context) => (contextValues(context, lowerKey) === undefined ? `the request has no ${key}` : `the request has ${key}`),
    unknowns: (context) => [unknownOf(context, lowerKey)].filter((u): u is Unknown => u !== undefined && u.mayBeAbsent),
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

/**
 * Whether the policy variables of the values can be resolved in this request: YES (each has a
 * value, known or not), MAYBE (one may be missing) or NO (one is missing and has no default).
 */
function variablesResolve(templates: readonly Template[], context: ContextLookup): Tri {
  let answer: Tri = YES;
  for (const template of templates) {
    for (const piece of template.pieces) {
      if (piece.kind !== 'variable' || piece.fallback !== undefined) continue;
      const value = contextSingleValue(context, piece.key);
      if (value === undefined) return NO;
      if (typeof value === 'object' && value.mayBeAbsent) answer = MAYBE;
    }
  }
  return answer;
}

function operatorCondition(spec: OperatorSpec): CompiledCondition {
  const { key, set, ifExists, base } = spec;
  const templates = spec.variables ? spec.values.flatMap((value) => parseTemplate(String(value)) ?? []) : [];
  const invalid = base.invalidValues(spec.values);
  const lowerKey = key.toLowerCase();
  const test: ValueTest = base.compile(spec.values, spec.variables);
  const negated = base.negated;
  const whenAbsent: Tri = set === 'all' || ifExists || (set === 'single' && negated) ? YES : NO;
  /**
   * The positive answer turned into the condition's (negation applied). INVALID never matches. With
   * an unresolvable variable among the values, the two readings of AWS's documentation agree only
   * when the other values already decide: a positive operator that matches nothing, a negated one
   * that matches a value (so the condition fails either way).
   */
  const answer = (match: Match): Tri => {
    if (match === INVALID) return NO;
    const others = (match & 3) as Tri;
    const withUnresolved: Tri = negated ? (others === YES ? NO : MAYBE) : others === NO ? NO : MAYBE;
    if ((match & UNRESOLVED_FLAG) !== 0) return withUnresolved;
    const plain: Tri = negated ? ((2 - others) as Tri) : others;
    // A variable whose key may be missing: its value is unknown if the key is there, unresolvable if not.
    if ((match & MAYBE_UNRESOLVED_FLAG) !== 0) return join(negated ? ((2 - (others > MAYBE ? others : MAYBE)) as Tri) : others > MAYBE ? others : MAYBE, withUnresolved);
    return plain;
  };
  /** With the key absent: a condition that holds (IfExists, negated, ForAllValues) only if the statement is valid, which an unresolvable variable leaves open. */
  const absentAnswer = (context: ContextLookup): Tri => (whenAbsent === YES && templates.length > 0 && variablesResolve(templates, context) !== YES ? MAYBE : whenAbsent);
  /** The condition for a request value that is known, or absent. */
  const concrete = (request: string | readonly string[] | undefined, context: ContextLookup): Tri => {
    if (request === undefined || (typeof request !== 'string' && request.length === 0)) return absentAnswer(context);
    if (typeof request === 'string') return answer(test.test(request, context));
    if (set === 'single') {
      let best: Match = NO;
      for (const value of request) {
        const match = test.test(value, context);
        if (match === INVALID) return NO;
        if (match > best) best = match;
      }
      return answer(best);
    }
    let result: Tri = set === 'any' ? NO : YES;
    for (const value of request) {
      const one = test.test(value, context);
      if (one === INVALID) return NO;
      const passes = answer(one);
      result = set === 'any' ? (passes > result ? passes : result) : passes < result ? passes : result;
    }
    return result;
  };
  /** A value the documents do not give: each of its few values, or what its known beginning tells. */
  const unknownHolds = (value: Unknown, context: ContextLookup): Tri => {
    let result: Tri | undefined;
    if (value.domain !== undefined) for (const option of value.domain) result = result === undefined ? concrete(option, context) : join(result, concrete(option, context));
    else result = answer(test.unknown(value, context));
    const absent = absentAnswer(context);
    return value.mayBeAbsent ? join(result ?? absent, absent) : (result ?? absent);
  };
  return {
    path: spec.path,
    key,
    holds(context) {
      if (invalid.length > 0) return NO;
      const request = contextValues(context, lowerKey);
      if (typeof request === 'string') return answer(test.test(request, context));
      return isUnknown(request) ? unknownHolds(request, context) : concrete(request, context);
    },
    explain(context) {
      const target = spec.values.length === 1 ? show(spec.values[0]!) : `${negated ? 'one of' : 'any of'} ${spec.values.map(show).join(', ')}`;
      if (invalid.length > 0) return `Condition ${spec.operator} ${key}: ${invalid.map(show).join(', ')} is not a value ${spec.operator} can compare, so the condition never applies`;
      return explainOperator(spec, test, context, target) + variablesNote(templates, context);
    },
    explainHolds(context) {
      const request = contextValues(context, lowerKey);
      if (request === undefined) return `the request has no ${key}`;
      if (isUnknown(request)) return `${key} is ${request.what}`;
      const list = typeof request === 'string' ? [request] : request;
      const target = spec.values.length === 1 ? show(spec.values[0]!) : `${negated ? 'all of' : 'one of'} ${spec.values.map(show).join(', ')}`;
      return `its ${key} ${list.map(show).join(', ')} ${negated ? 'differs from' : 'matches'} ${target}`;
    },
    unknowns(context) {
      const found: Unknown[] = [];
      const own = unknownOf(context, lowerKey);
      if (own !== undefined) found.push(own);
      for (const template of templates) for (const unknown of templateUnknowns(template, context)) if (!found.includes(unknown)) found.push(unknown);
      return found;
    },
  };
}

function explainOperator(spec: OperatorSpec, test: ValueTest, context: ContextLookup, target: string): string {
  const { operator, key, base } = spec;
  const head = `Condition ${operator} ${key}`;
  const request = contextValues(context, key.toLowerCase());
  if (request === undefined) return `${head}: the request has no ${key}${spec.set === 'any' ? ' (ForAnyValue: needs at least one value)' : ''}`;
  if (isUnknown(request)) return `${head}: the request's ${key} is ${request.what}, so whether it ${base.negated ? 'differs from' : 'matches'} ${target} cannot be told`;
  const list = typeof request === 'string' ? [request] : request;
  const fails = (value: string) => {
    const match = test.test(value, context);
    return match === INVALID || ((match & 3) === YES) === base.negated;
  };
  // For ForAllValues the first value that fails is the reason; otherwise all of them are.
  const shown = spec.set === 'all' ? list.filter(fails).slice(0, 1) : list;
  const subject = shown.length === 1 ? `request value ${show(shown[0]!)}` : `request values ${shown.map(show).join(', ')}`;
  return `${head}: ${subject} ${base.failure} ${target}`;
}

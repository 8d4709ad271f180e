// A policy's statements with every matcher built once: action and resource patterns, principal
// sets and condition testers. Compiled forms are cached per Policy object, so evaluating the
// same policies against many requests pays for parsing only once.
import type { JsonPath } from '../types.js';
import type { Policy, PrincipalSpec, Statement } from './model.js';
import { compileConditions, type CompiledCondition } from './conditions.js';
import { compilePrincipal, type CompiledPrincipal } from './principal.js';
import { parseTemplate, type Template } from './variables.js';
import { parseGlob, type Glob } from './wildcard.js';
import { memoizeByText } from './cache.js';

/** `service:action` pattern, matched part by part without case (`*` alone matches every action). */
export type ActionPattern = { any: true } | { any: false; service: Glob; name: Glob } | { any: false; never: true };

/** A Resource value: `*`, a fixed pattern, or one with policy variables resolved per request. */
export type ResourcePattern = { any: true } | { any: false; glob: Glob } | { any: false; template: Template };

export interface ElementTest<Pattern> {
  /** NotAction / NotResource. */
  readonly negated: boolean;
  readonly patterns: readonly Pattern[];
  /** The values as written, for reasons (describeValues). */
  readonly values: readonly string[];
  /** The values with policy variables, to say which ones a request cannot fill. */
  readonly templates: readonly Template[];
  readonly path: JsonPath;
}

export interface PrincipalTest {
  /** NotPrincipal. */
  readonly negated: boolean;
  readonly principal: CompiledPrincipal;
  /** The element as written, for reasons (describePrincipalSpec). */
  readonly spec: PrincipalSpec;
  readonly path: JsonPath;
}

export interface CompiledStatement {
  readonly statement: Statement;
  readonly action: ElementTest<ActionPattern> | undefined;
  readonly resource: ElementTest<ResourcePattern> | undefined;
  readonly principal: PrincipalTest | undefined;
  readonly conditions: readonly CompiledCondition[];
}

export interface CompiledPolicy {
  readonly policy: Policy;
  readonly statements: readonly CompiledStatement[];
}

const cache = new WeakMap<Policy, CompiledPolicy>();

export function compiledPolicy(policy: Policy): CompiledPolicy {
  let compiled = cache.get(policy);
  if (compiled === undefined) {
    compiled = { policy, statements: policy.statements.map((statement) => compileStatement(statement, policy.version)) };
    cache.set(policy, compiled);
  }
  return compiled;
}

function compileStatement(statement: Statement, version: string | undefined): CompiledStatement {
  const path = statement.path;
  return {
    statement,
    action: elementTest(statement.action, statement.notAction, path, 'Action', compileAction),
    resource: elementTest(statement.resource, statement.notResource, path, 'Resource', (value) => compileResource(value, version), (pattern) => ('template' in pattern ? pattern.template : undefined)),
    principal: principalTest(statement, path),
    conditions: compileConditions(statement.condition, path, version),
  };
}

const NO_TEMPLATES: readonly Template[] = [];

// Compiling runs once per policy of every setup (bench/RESULTS.md): only what matching needs is
// built here; paths and descriptions for reasons are made from the statement when a reason is read.
function elementTest<Pattern>(
  positive: readonly string[] | undefined,
  negative: readonly string[] | undefined,
  statementPath: JsonPath,
  element: 'Action' | 'Resource',
  compile: (value: string) => Pattern,
  templateOf: (pattern: Pattern) => Template | undefined = () => undefined,
): ElementTest<Pattern> | undefined {
  const negated = positive === undefined;
  const values = positive ?? negative;
  if (values === undefined) return undefined;
  const patterns = values.map(compile);
  let templates = NO_TEMPLATES;
  for (const pattern of patterns) {
    const template = templateOf(pattern);
    if (template !== undefined) templates = [...templates, template];
  }
  return { negated, patterns, values, templates, path: [...statementPath, negated ? `Not${element}` : element] };
}

function principalTest(statement: Statement, path: JsonPath): PrincipalTest | undefined {
  const negated = statement.principal === undefined;
  const spec = statement.principal ?? statement.notPrincipal;
  if (spec === undefined) return undefined;
  return { negated, principal: compilePrincipal(spec), spec, path: [...path, negated ? 'NotPrincipal' : 'Principal'] };
}

/** `"s3:GetObject", "s3:PutObject"`, for reasons. */
export function describeValues(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

const compileAction = memoizeByText(10_000, (value: string): ActionPattern => {
  if (value === '*') return { any: true };
  const colon = value.indexOf(':');
  if (colon < 0) return { any: false, never: true };
  const lower = value.toLowerCase();
  return { any: false, service: parseGlob(lower.slice(0, colon)), name: parseGlob(lower.slice(colon + 1)) };
});

function compileResource(value: string, version: string | undefined): ResourcePattern {
  if (value === '*') return { any: true };
  const template = version === '2012-10-17' ? parseTemplate(value) : undefined;
  return template === undefined ? { any: false, glob: parseGlob(value) } : { any: false, template };
}

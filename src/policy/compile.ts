// A policy's statements with every matcher built once: action and resource patterns, principal
// sets and condition testers. Compiled forms are cached per Policy object, so evaluating the
// same policies against many requests pays for parsing only once.
import type { Policy, PrincipalSpec, Statement } from './model.js';
import { compileConditions, type CompiledCondition } from './conditions.js';
import { compilePrincipal, type CompiledPrincipal } from './principal.js';
import { parseTemplate, type Template } from './variables.js';
import { parseGlob, type Glob } from './wildcard.js';
import { memoizeByText } from './cache.js';

/**
 * `service:action` pattern, matched part by part without case (`*` alone matches every action).
 * `wildService`: the service prefix holds a wildcard. AWS documents wildcards only in the action
 * name ("Grammar of the IAM JSON policy language": "Action names can include wildcards"), and IAM
 * Access Analyzer only advises against them in a service name, so whether `*:GetBucket*` reaches
 * s3 is not documented: such a match is undecided.
 */
export type ActionPattern = { any: true } | { any: false; service: Glob; name: Glob; wildService: boolean } | { any: false; never: true };

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
}

export interface PrincipalTest {
  /** NotPrincipal. */
  readonly negated: boolean;
  readonly principal: CompiledPrincipal;
  /** The element as written, for reasons (describePrincipalSpec). */
  readonly spec: PrincipalSpec;
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

/** Not built yet (undefined is a compiled value: the element is absent). */
const UNBUILT = Symbol('unbuilt');

/**
 * The action test is built with the statement; the other elements when first read. Matching tests the
 * action first, and most statements of a permission policy are about other actions, so their
 * resources, principals and conditions are never needed.
 */
class CompiledStatementOnDemand implements CompiledStatement {
  readonly action: ElementTest<ActionPattern> | undefined;
  private builtResource: ElementTest<ResourcePattern> | undefined | typeof UNBUILT = UNBUILT;
  private builtPrincipal: PrincipalTest | undefined | typeof UNBUILT = UNBUILT;
  private builtConditions: readonly CompiledCondition[] | undefined;

  constructor(
    readonly statement: Statement,
    private readonly version: string | undefined,
  ) {
    this.action = elementTest(statement.action, statement.notAction, compileAction);
  }

  get resource(): ElementTest<ResourcePattern> | undefined {
    if (this.builtResource === UNBUILT) {
      const compile = this.version === '2012-10-17' ? compileResourceWithVariables : compileResourceLiterally;
      this.builtResource = elementTest(this.statement.resource, this.statement.notResource, compile, templateOf);
    }
    return this.builtResource;
  }

  get principal(): PrincipalTest | undefined {
    if (this.builtPrincipal === UNBUILT) this.builtPrincipal = principalTest(this.statement);
    return this.builtPrincipal;
  }

  get conditions(): readonly CompiledCondition[] {
    return (this.builtConditions ??= compileConditions(this.statement.condition, this.statement.path, this.version));
  }
}

function compileStatement(statement: Statement, version: string | undefined): CompiledStatement {
  return new CompiledStatementOnDemand(statement, version);
}

const templateOf = (pattern: ResourcePattern) => ('template' in pattern ? pattern.template : undefined);

const NO_TEMPLATES: readonly Template[] = [];

// Compiling runs once per policy of every setup (bench/RESULTS.md): only what matching needs is
// built here; paths and descriptions for reasons are made from the statement when a reason is read.
function elementTest<Pattern>(
  positive: readonly string[] | undefined,
  negative: readonly string[] | undefined,
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
  return { negated, patterns, values, templates };
}

function principalTest(statement: Statement): PrincipalTest | undefined {
  const negated = statement.principal === undefined;
  const spec = statement.principal ?? statement.notPrincipal;
  if (spec === undefined) return undefined;
  return { negated, principal: compilePrincipal(spec), spec };
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
  const service = parseGlob(lower.slice(0, colon));
  return { any: false, service, name: parseGlob(lower.slice(colon + 1)), wildService: service.kinds !== undefined };
});

/** Policy variables exist only in policies of Version 2012-10-17; elsewhere `${…}` is literal text. */
function compileResource(value: string, variables: boolean): ResourcePattern {
  if (value === '*') return { any: true };
  const template = variables ? parseTemplate(value) : undefined;
  return template === undefined ? { any: false, glob: parseGlob(value) } : { any: false, template };
}

const compileResourceWithVariables = memoizeByText(10_000, (value) => compileResource(value, true));
const compileResourceLiterally = memoizeByText(10_000, (value) => compileResource(value, false));

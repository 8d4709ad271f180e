// Checks a policy against the precompiled JSON Schema of the IAM policy grammar for its kind and
// turns ajv's errors into sentences a person understands, at the offending node.
import { createRequire } from 'node:module';
import type { DocumentKind, JsonPath } from '../types.js';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  data?: unknown;
  parentSchema?: Record<string, unknown>;
}
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

// Generated at build time by scripts/compile-schemas.mjs (standalone ajv code, no schema compiling at start-up).
const validators = createRequire(import.meta.url)('../../generated/validators.cjs') as Record<'identity' | 'trust' | 'resource' | 'config' | 'baseline', Validator>;

export interface GrammarIssue {
  path: JsonPath;
  message: string;
}

export function validatorFor(kind: DocumentKind): Validator | undefined {
  switch (kind) {
    case 'identity':
      return validators.identity;
    case 'trust':
      return validators.trust;
    case 'bucket':
    case 'key':
      return validators.resource;
    default:
      return undefined;
  }
}

export function validatePolicyGrammar(kind: DocumentKind, policy: unknown): GrammarIssue[] {
  const validate = validatorFor(kind);
  if (validate === undefined || validate(policy)) return [];
  return describeErrors(validate.errors ?? [], 'The policy');
}

export function validateConfig(config: unknown): GrammarIssue[] {
  return validators.config(config) ? [] : describeErrors(validators.config.errors ?? [], 'The config');
}

/** A baseline file (--baseline) against schemas/baseline.schema.json. */
export function validateBaseline(baseline: unknown): GrammarIssue[] {
  return validators.baseline(baseline) ? [] : describeErrors(validators.baseline.errors ?? [], 'The baseline');
}

export function pathFromPointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** `Statement[0].Effect` */
export function describePath(path: JsonPath, rootLabel = 'The policy'): string {
  if (path.length === 0) return rootLabel;
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : /^[A-Za-z_][\w]*$/.test(s) ? `.${s}` : `["${s}"]`)).join('');
}

const show = (value: unknown) => JSON.stringify(value);

function describeErrors(errors: AjvError[], rootLabel: string): GrammarIssue[] {
  // Summary keywords repeat what their branches say; branch errors under a oneOf/not with its own
  // x-message, and pattern errors under propertyNames, are replaced by that one message.
  const summarised = errors.filter((e) => (e.keyword === 'oneOf' || e.keyword === 'not') && typeof e.parentSchema?.['x-message'] === 'string');
  const kept = errors.filter(
    (e) =>
      e.keyword !== 'if' &&
      !e.schemaPath.includes('/propertyNames/') &&
      !summarised.some((s) => s !== e && s.instancePath === e.instancePath && e.schemaPath.startsWith(s.schemaPath + '/')),
  );
  // "Resources" with a suggestion "Resource" already explains the missing Resource: drop the oneOf.
  const suggested = new Set(kept.filter((e) => e.keyword === 'additionalProperties').map((e) => `${e.instancePath}\u0000${suggestElement(String(e.params['additionalProperty']), e.parentSchema)}`));
  const explained = (e: AjvError) =>
    e.keyword === 'oneOf' && ((e.parentSchema?.['oneOf'] ?? []) as { required?: string[] }[]).some((branch) => suggested.has(`${e.instancePath}\u0000${branch.required?.[0]}`));
  const issues = kept.filter((e) => !explained(e)).map((error) => ({ path: issuePath(error), message: describeError(error, rootLabel) }));
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = issue.path.join('\u0000') + '\u0000' + issue.message;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Points at the offending key itself for unknown elements and unknown operators. */
function issuePath(error: AjvError): (string | number)[] {
  const path = pathFromPointer(error.instancePath);
  if (error.keyword === 'additionalProperties') return [...path, String(error.params['additionalProperty'])];
  if (error.keyword === 'propertyNames') return [...path, String(error.params['propertyName'])];
  return path;
}

function describeError(error: AjvError, rootLabel: string): string {
  const path = pathFromPointer(error.instancePath);
  const where = describePath(path, rootLabel);
  // A policy's keys are AWS's elements; a config's or baseline's are this tool's keys.
  const policy = rootLabel === 'The policy';
  const custom = error.parentSchema?.['x-message'];
  const found = error.data === undefined ? '' : `; found ${truncate(show(error.data))}`;
  switch (error.keyword) {
    case 'required':
      return `${where} is missing the required ${policy ? 'element' : 'key'} "${String(error.params['missingProperty'])}".`;
    case 'additionalProperties': {
      const name = String(error.params['additionalProperty']);
      const suggestion = suggestElement(name, error.parentSchema);
      const refused = policy ? `an element "${name}" that AWS does not accept here` : `a key "${name}" that mp-s3-lint does not know`;
      return `${where} has ${refused}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`;
    }
    case 'propertyNames': {
      const inner = (error.parentSchema?.['propertyNames'] ?? {}) as Record<string, unknown>;
      const name = String(error.params['propertyName']);
      const allowed = Array.isArray(inner['enum']) ? `is not one of ${inner['enum'].map(show).join(', ')}` : String(inner['x-message'] ?? 'is not allowed here');
      return `${where}: "${name}" ${allowed}.`;
    }
    case 'enum':
      if (typeof custom === 'string') return `${where} ${custom}${found}.`;
      return `${where} must be one of ${(error.params['allowedValues'] as unknown[]).map(show).join(', ')} (case-sensitive)${found}.`;
    default:
      if (typeof custom === 'string') return `${where} ${custom}${error.keyword === 'oneOf' || error.keyword === 'not' ? '' : found}.`;
      return `${where} ${humanKeyword(error)}${found}.`;
  }
}

function humanKeyword(error: AjvError): string {
  switch (error.keyword) {
    case 'type':
      return `must be ${String(error.params['type']).split(',').map((t) => `a${/^[aeiou]/.test(t) ? 'n' : ''} ${t}`).join(' or ')}`;
    case 'minItems':
      return 'must not be empty';
    case 'minProperties':
      return 'must not be an empty object';
    case 'const':
      return `must be ${show(error.params['allowedValue'])}`;
    case 'pattern':
      return `does not have the expected form (${String(error.params['pattern'])})`;
    case 'minimum':
      return `must be at least ${String(error.params['limit'])}`;
    default:
      return `is not valid (${error.keyword})`;
  }
}

function suggestElement(name: string, schema: Record<string, unknown> | undefined): string | undefined {
  const known = Object.keys((schema?.['properties'] ?? {}) as Record<string, unknown>);
  const lower = name.toLowerCase().replace(/s$/, '');
  return known.find((k) => k.toLowerCase() === name.toLowerCase()) ?? known.find((k) => k.toLowerCase() === lower);
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

// Request context lookups. Context key names are not case-sensitive ("IAM JSON policy elements:
// Condition", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
// so each request's context is indexed once by lower-cased key and reused for every statement.
import type { ContextValue, RequestContextValues, Unknown } from './model.js';
import { isUnknown } from './tri.js';

export type ContextLookup = ReadonlyMap<string, ContextValue>;

const indexed = new WeakMap<RequestContextValues, ContextLookup>();

/** The same few dozen key names come in every request: each is lower-cased once (up to a bound, as keys can come from policies). */
const lowerCased = new Map<string, string>();
const MAX_REMEMBERED_KEYS = 10_000;

function lowerCase(key: string): string {
  let lower = lowerCased.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (lowerCased.size < MAX_REMEMBERED_KEYS) lowerCased.set(key, lower);
  }
  return lower;
}

export function contextLookup(values: RequestContextValues): ContextLookup {
  let lookup = indexed.get(values);
  if (lookup === undefined) {
    const map = new Map<string, ContextValue>();
    for (const key in values) map.set(lowerCase(key), values[key]!);
    lookup = map;
    indexed.set(values, lookup);
  }
  return lookup;
}

/**
 * The key's value or values (or its unknown value), or undefined when the key is absent (an empty
 * list counts as absent). A family entry `prefix/*` (such as `aws:principaltag/*` when the role's
 * tags are not known) answers for every key of the family the context does not list.
 */
export function contextValues(lookup: ContextLookup, lowerKey: string): ContextValue | undefined {
  const value = lookup.get(lowerKey) ?? familyValue(lookup, lowerKey);
  return Array.isArray(value) && value.length === 0 ? undefined : value;
}

function familyValue(lookup: ContextLookup, lowerKey: string): ContextValue | undefined {
  const slash = lowerKey.indexOf('/');
  return slash < 0 ? undefined : lookup.get(`${lowerKey.slice(0, slash)}/*`);
}

/**
 * The key's single value, for a policy variable. Multivalued keys cannot be policy variables
 * ("Single-valued vs. multivalued context keys",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 */
export function contextSingleValue(lookup: ContextLookup, lowerKey: string): string | Unknown | undefined {
  const value = lookup.get(lowerKey) ?? familyValue(lookup, lowerKey);
  return typeof value === 'string' || (isUnknown(value) && value.multivalued !== true) ? value : undefined;
}

// Three-valued answers: a statement applies (YES), does not (NO), or cannot be decided (MAYBE)
// because it depends on a value the documents do not give. Small integers ordered NO < MAYBE < YES,
// so AND is min, OR is max and NOT is 2 − x (Kleene's logic), and the definite path costs what
// booleans cost.
import type { ContextValue, Unknown } from './model.js';

export type Tri = 0 | 1 | 2;
export const NO = 0;
export const MAYBE = 1;
export const YES = 2;

export const triOf = (value: boolean): Tri => (value ? YES : NO);
export const not = (value: Tri): Tri => (2 - value) as Tri;
export const and = (a: Tri, b: Tri): Tri => (a < b ? a : b);
export const or = (a: Tri, b: Tri): Tri => (a > b ? a : b);
/** The answer over two possibilities: the same answer, or MAYBE when they differ. */
export const join = (a: Tri, b: Tri): Tri => (a === b ? a : MAYBE);

export function isUnknown(value: ContextValue | undefined): value is Unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

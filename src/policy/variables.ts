// Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}` and the escapes
// `${*}`, `${?}`, `${$}` ("IAM policy elements: Variables and tags",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html). They are
// replaced from the request context only in policies with "Version": "2012-10-17"; under
// 2008-10-17 (or with no Version) `${aws:username}` is literal text ("IAM JSON policy elements:
// Version", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html).
// Substituted values are literal: the `*` of `${*}` (or in a value) is no wildcard.
import type { Unknown } from './model.js';
import { contextSingleValue, type ContextLookup } from './context.js';
import { parseGlob, type Glob } from './wildcard.js';

type Piece =
  | { kind: 'pattern'; text: string; glob: Glob }
  | { kind: 'literal'; text: string }
  | { kind: 'variable'; key: string; fallback: string | undefined; source: string };

/** A policy value with at least one policy variable. */
export interface Template {
  readonly source: string;
  readonly pieces: readonly Piece[];
  /** Some piece outside the variables has a live `*` or `?`. */
  readonly wild: boolean;
}

const ESCAPES = new Set(['*', '?', '$']);

/** The value's pieces, or undefined when it holds no policy variable (the common case). */
export function parseTemplate(text: string): Template | undefined {
  if (!text.includes('${')) return undefined;
  const pieces: Piece[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) break;
    const parsed = parseVariable(text, open + 2);
    if (parsed === undefined) {
      plain += text.slice(i, open + 1);
      i = open + 1;
      continue;
    }
    plain += text.slice(i, open);
    if (plain !== '') pieces.push(patternPiece(plain));
    plain = '';
    pieces.push(parsed.piece);
    i = parsed.end;
  }
  plain += text.slice(i);
  if (plain !== '') pieces.push(patternPiece(plain));
  if (pieces.every((piece) => piece.kind === 'pattern')) return undefined;
  return { source: text, pieces, wild: pieces.some((piece) => piece.kind === 'pattern' && piece.glob.kinds !== undefined) };
}

function patternPiece(text: string): Piece {
  return { kind: 'pattern', text, glob: parseGlob(text) };
}

/**
 * `key}` or `key, 'default'}` from `start` (just after `${`). A quote inside the default is
 * written twice. Whitespace around the key and the default is ignored. Malformed → undefined
 * (the text stays literal).
 */
function parseVariable(text: string, start: number): { piece: Piece; end: number } | undefined {
  let i = start;
  while (i < text.length && text[i] !== ',' && text[i] !== '}' && text[i] !== "'") i++;
  const key = text.slice(start, i).trim();
  if (i >= text.length || !/^(?:\$|[^\s${}]+)$/.test(key)) return undefined;
  let fallback: string | undefined;
  if (text[i] === ',') {
    i++;
    while (text[i] === ' ') i++;
    if (text[i] !== "'") return undefined;
    i++;
    fallback = '';
    for (;;) {
      if (i >= text.length) return undefined;
      if (text[i] === "'" && text[i + 1] === "'") {
        fallback += "'";
        i += 2;
      } else if (text[i] === "'") {
        i++;
        break;
      } else {
        fallback += text[i++];
      }
    }
    while (text[i] === ' ') i++;
  }
  if (text[i] !== '}') return undefined;
  const end = i + 1;
  if (ESCAPES.has(key) && fallback === undefined) return { piece: { kind: 'literal', text: key }, end };
  return { piece: { kind: 'variable', key: key.toLowerCase(), fallback, source: text.slice(start - 2, end) }, end };
}

/** A variable with no value in the request and no default: AWS cannot resolve it (src/policy/conditions.ts says what follows). */
export const UNRESOLVED = 0;
/** A variable whose value the documents do not give: the comparison is undecided. */
export const UNDETERMINED = 1;
/** A variable whose key the documents do not say is there: unknown if it is, unresolvable if not. */
export const MAYBE_UNRESOLVED = 2;
export type Resolved = Glob | typeof UNRESOLVED | typeof UNDETERMINED | typeof MAYBE_UNRESOLVED;

/**
 * The value with its variables replaced from the request, as a pattern whose own `*`/`?` stay
 * wildcards; UNRESOLVED when a variable has no value in the request and no default,
 * MAYBE_UNRESOLVED when that depends on a key the documents do not give, and UNDETERMINED when a
 * variable's value is unknown.
 */
export function resolveTemplate(template: Template, context: ContextLookup): Resolved {
  const texts: string[] = [];
  let undetermined: typeof UNDETERMINED | typeof MAYBE_UNRESOLVED | undefined;
  for (const piece of template.pieces) {
    if (piece.kind !== 'variable') {
      texts.push(piece.text);
      continue;
    }
    const value = contextSingleValue(context, piece.key);
    if (typeof value === 'object') {
      if (value.mayBeAbsent && piece.fallback === undefined) undetermined = MAYBE_UNRESOLVED;
      else undetermined ??= UNDETERMINED;
      continue;
    }
    const text = value ?? piece.fallback;
    if (text === undefined) return UNRESOLVED;
    texts.push(text);
  }
  if (undetermined !== undefined) return undetermined;
  const text = texts.join('');
  if (!template.wild) return { text, kinds: undefined };
  const kinds = new Uint8Array(text.length);
  let at = 0;
  template.pieces.forEach((piece, i) => {
    if (piece.kind === 'pattern' && piece.glob.kinds !== undefined) kinds.set(piece.glob.kinds, at);
    at += texts[i]!.length;
  });
  return { text, kinds };
}

/** ` (policy variable ${x} has no value in this request, so AWS cannot resolve it …)` for the variables the request cannot fill, or ''. */
export function variablesNote(templates: readonly Template[], context: ContextLookup): string {
  const missing = new Set<string>();
  for (const template of templates) {
    for (const piece of template.pieces) {
      if (piece.kind === 'variable' && piece.fallback === undefined && contextSingleValue(context, piece.key) === undefined) missing.add(piece.source);
    }
  }
  return missing.size === 0 ? '' : ` (policy variable ${[...missing].join(', ')} has no value in this request, so AWS cannot resolve it)`;
}

/**
 * How AWS treats a variable it cannot resolve is documented two ways on one page ("IAM policy
 * elements: Variables and tags", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
 * the statement "might" be invalid, and negated operators "do match against a null value". Where the
 * two readings disagree the answer depends on this, an unknown of its own (one per variable).
 */
const unresolvedVariables = new Map<string, Unknown>();

export function unresolvedVariable(source: string): Unknown {
  let unknown = unresolvedVariables.get(source);
  if (unknown === undefined) {
    unknown = {
      unknown: true,
      what: `how AWS treats ${source}, which has no value in this request (AWS's "Variables and tags" page says both that the statement may then be invalid and that negated operators match a missing value)`,
      settle: `do not depend on ${source} when it is missing: give it a default (${source.replace(/}$/, ", 'none'}")}) or add a Null condition on its key`,
      mayBeAbsent: false,
    };
    if (unresolvedVariables.size < 1_000) unresolvedVariables.set(source, unknown);
  }
  return unknown;
}

/** The unknown values of the template's variables in this request, unresolvable ones included. */
export function templateUnknowns(template: Template, context: ContextLookup): Unknown[] {
  const found: Unknown[] = [];
  for (const piece of template.pieces) {
    if (piece.kind !== 'variable') continue;
    const value = contextSingleValue(context, piece.key);
    const unknown = typeof value === 'object' ? value : value === undefined && piece.fallback === undefined ? unresolvedVariable(piece.source) : undefined;
    if (unknown !== undefined && !found.includes(unknown)) found.push(unknown);
  }
  return found;
}

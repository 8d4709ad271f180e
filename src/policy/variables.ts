// Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}` and the escapes
// `${*}`, `${?}`, `${$}` ("IAM policy elements: Variables and tags",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html). They are
// replaced from the request context only in policies with "Version": "2012-10-17"; under
// 2008-10-17 (or with no Version) `${aws:username}` is literal text ("IAM JSON policy elements:
// Version", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html).
// Substituted values are literal: the `*` of `${*}` (or in a value) is no wildcard.
import { contextSingleValue, type ContextLookup } from './context.js';
import { GlobBuilder, type Glob } from './wildcard.js';

type Piece =
  | { kind: 'pattern'; text: string }
  | { kind: 'literal'; text: string }
  | { kind: 'variable'; key: string; fallback: string | undefined; source: string };

/** A policy value with at least one policy variable. */
export interface Template {
  readonly source: string;
  readonly pieces: readonly Piece[];
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
    if (plain !== '') pieces.push({ kind: 'pattern', text: plain });
    plain = '';
    pieces.push(parsed.piece);
    i = parsed.end;
  }
  plain += text.slice(i);
  if (plain !== '') pieces.push({ kind: 'pattern', text: plain });
  return pieces.some((piece) => piece.kind !== 'pattern') ? { source: text, pieces } : undefined;
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

/**
 * The value with its variables replaced from the request, as a pattern whose own `*`/`?` stay
 * wildcards. Undefined when a variable has no value in the request and no default: AWS then cannot
 * resolve it, and the value matches nothing.
 */
export function resolveTemplate(template: Template, context: ContextLookup): Glob | undefined {
  const builder = new GlobBuilder();
  for (const piece of template.pieces) {
    if (piece.kind === 'pattern') builder.pattern(piece.text);
    else if (piece.kind === 'literal') builder.literal(piece.text);
    else {
      const value = contextSingleValue(context, piece.key) ?? piece.fallback;
      if (value === undefined) return undefined;
      builder.literal(value);
    }
  }
  return builder.build();
}

/** The variables (as written) that the request cannot fill, for explanations. */
export function unresolvedVariables(template: Template, context: ContextLookup): string[] {
  return template.pieces.flatMap((piece) => (piece.kind === 'variable' && piece.fallback === undefined && contextSingleValue(context, piece.key) === undefined ? [piece.source] : []));
}

// IAM wildcard patterns: `*` matches any run of characters (including none), `?` exactly one.
// Matching is a greedy two-pointer scan, never a regular expression: on a mismatch it resumes just
// after the most recent `*`, one text character further on. Only the latest `*` ever needs
// revisiting (an earlier one can only absorb what the later one would), so a match costs at most
// (|pattern| + 1) · (|text| + 1) steps and a pattern such as `*?*?*?…` cannot blow up the way a
// backtracking regex does.

/** What each pattern character means. */
export const enum GlobChar {
  Literal = 0,
  Star = 1,
  One = 2,
}

export interface Glob {
  /** The pattern characters (wildcards included, as `*` and `?`). */
  readonly text: string;
  /** One GlobChar per character; undefined when the pattern has no wildcard (plain equality). */
  readonly kinds: Uint8Array | undefined;
  /** Set when the pattern is literal text followed by one `*` (the common `s3:Get*`): a prefix test. */
  readonly prefix?: string;
}

/** Counts the steps of a match, so tests can bound the work done. */
export interface StepMeter {
  steps: number;
}

/** A pattern whose `*` and `?` are wildcards. */
export function parseGlob(pattern: string): Glob {
  if (!/[*?]/.test(pattern)) return { text: pattern, kinds: undefined };
  if (pattern.endsWith('*') && !/[*?]/.test(pattern.slice(0, -1))) return { text: pattern, kinds: kindsOf(pattern), prefix: pattern.slice(0, -1) };
  return { text: pattern, kinds: kindsOf(pattern) };
}

function kindsOf(pattern: string): Uint8Array {
  const kinds = new Uint8Array(pattern.length);
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    kinds[i] = c === 42 ? GlobChar.Star : c === 63 ? GlobChar.One : GlobChar.Literal;
  }
  return kinds;
}

/** The part [start, end) of a pattern, wildcards kept. */
export function sliceGlob(glob: Glob, start: number, end: number): Glob {
  const text = glob.text.slice(start, end);
  const kinds = glob.kinds?.slice(start, end);
  return { text, kinds: kinds !== undefined && kinds.some((k) => k !== GlobChar.Literal) ? kinds : undefined };
}

/** True when the pattern matches the whole text. */
export function globMatches(glob: Glob, text: string, meter?: StepMeter): boolean {
  const kinds = glob.kinds;
  if (kinds === undefined) return glob.text === text;
  if (glob.prefix !== undefined && meter === undefined) return text.startsWith(glob.prefix);
  const pattern = glob.text;
  const n = pattern.length;
  const m = text.length;
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < m) {
    if (meter !== undefined) meter.steps++;
    if (p < n && kinds[p] === GlobChar.Star) {
      star = p++;
      resume = t;
    } else if (p < n && (kinds[p] === GlobChar.One || pattern.charCodeAt(p) === text.charCodeAt(t))) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < n && kinds[p] === GlobChar.Star) p++;
  return p === n;
}

/**
 * Whether the pattern matches every text that starts with `prefix` (YES), some of them (MAYBE) or
 * none (NO): for a value known only by its beginning, such as a role session's aws:userid
 * `AROA…:` whose session name the documents do not give. The pattern is run over the prefix as a
 * set of positions (no backtracking); it matches every continuation when one reachable position
 * has only `*` left, and some continuation when any position is reachable at all. Exact for the
 * patterns policies use; for unions of exotic patterns it may say MAYBE where YES holds, never the reverse.
 */
export function globOverPrefix(glob: Glob, prefix: string): 0 | 1 | 2 {
  const kinds = glob.kinds;
  const pattern = glob.text;
  if (kinds === undefined) return pattern.startsWith(prefix) ? 1 : 0;
  const n = pattern.length;
  let positions = closeOverStars(new Set([0]), kinds, n);
  for (let t = 0; t < prefix.length && positions.size > 0; t++) {
    const next = new Set<number>();
    const c = prefix.charCodeAt(t);
    for (const p of positions) {
      if (p >= n) continue;
      if (kinds[p] === GlobChar.Star) next.add(p);
      else if (kinds[p] === GlobChar.One || pattern.charCodeAt(p) === c) next.add(p + 1);
    }
    positions = closeOverStars(next, kinds, n);
  }
  if (positions.size === 0) return 0;
  for (const p of positions) if (p < n && onlyStarsFrom(kinds, p)) return 2;
  return 1;
}

/** The positions plus those reachable by letting a `*` match nothing. */
function closeOverStars(positions: Set<number>, kinds: Uint8Array, n: number): Set<number> {
  for (const p of positions) if (p < n && kinds[p] === GlobChar.Star) positions.add(p + 1);
  return positions;
}

function onlyStarsFrom(kinds: Uint8Array, from: number): boolean {
  for (let i = from; i < kinds.length; i++) if (kinds[i] !== GlobChar.Star) return false;
  return true;
}

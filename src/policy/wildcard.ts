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

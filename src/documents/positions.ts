// Offsets → 1-based line/column ranges in the original file, also for text decoded from an
// embedded string (a policy stored as a JSON string or URL-encoded inside a CLI output file).
import type { SourceRange } from '../types.js';

/** Line starts of a text, found on the first position asked for (most files never need one). */
export class LineIndex {
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }

  range(start: number, end: number): SourceRange {
    const from = this.position(start);
    const to = this.position(Math.max(start, end));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}

/** Maps an offset in decoded text to an offset in the file the text was decoded from. */
export type OffsetMap = (offset: number) => number;

export const identityOffsets: OffsetMap = (offset) => offset;

/** Text decoded from a slice of a file, with each decoded character's file offset. */
export interface DecodedText {
  text: string;
  offsets: OffsetMap;
}

function tableMap(table: number[]): OffsetMap {
  return (offset) => table[Math.min(Math.max(offset, 0), table.length - 1)]!;
}

/**
 * Decodes the JSON string literal occupying file[start, end) (quotes included), remembering where
 * each decoded character came from so positions inside an embedded policy point into the file.
 */
export function decodeJsonStringLiteral(file: string, start: number, end: number, outer: OffsetMap): DecodedText {
  const table: number[] = [];
  let text = '';
  let i = start + 1;
  const stop = end - 1;
  while (i < stop) {
    const c = file[i]!;
    if (c !== '\\') {
      table.push(outer(i));
      text += c;
      i += 1;
      continue;
    }
    const escape = file[i + 1]!;
    table.push(outer(i));
    if (escape === 'u') {
      text += String.fromCharCode(parseInt(file.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      text += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[escape] ?? escape;
      i += 2;
    }
  }
  table.push(outer(stop));
  return { text, offsets: tableMap(table) };
}

/**
 * Decodes percent-encoding (as IAM's API returns policy documents), keeping offsets. Like
 * decodeURIComponent, not like form decoding: '+' stays '+'. Multi-byte UTF-8 sequences map to
 * the offset of their first '%'. Returns undefined when the encoding is malformed.
 */
export function decodePercentEncoded(input: DecodedText): DecodedText | undefined {
  const table: number[] = [];
  let text = '';
  const source = input.text;
  let i = 0;
  while (i < source.length) {
    if (source[i] !== '%') {
      table.push(input.offsets(i));
      text += source[i];
      i += 1;
      continue;
    }
    let j = i;
    while (j < source.length && source[j] === '%' && /^[0-9a-fA-F]{2}$/.test(source.slice(j + 1, j + 3))) j += 3;
    if (j === i) return undefined;
    let decoded: string;
    try {
      decoded = decodeURIComponent(source.slice(i, j));
    } catch {
      return undefined;
    }
    // Each decoded character points at the first '%' of the run that produced it (approximate
    // inside multi-byte runs, exact for the ASCII escapes policies are made of).
    for (let k = 0; k < decoded.length; k++) table.push(input.offsets(i + Math.min(k * 3, j - i - 3)));
    text += decoded;
    i = j;
  }
  table.push(input.offsets(source.length));
  return { text, offsets: tableMap(table) };
}

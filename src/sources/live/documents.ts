// Policy text as AWS returns it → the text of a LiveDocument, and the virtual paths documents go by.
import { quoted } from '../../text.js';

export type DecodedPolicy = { ok: true; text: string } | { ok: false; reason: string };

/**
 * IAM returns policy documents percent-encoded; S3 and KMS return plain JSON. Decoding uses
 * decodeURIComponent, never form decoding (URLSearchParams), which would turn a literal `+` into a space.
 */
export function decodePolicy(raw: string, encoding: 'percent' | 'plain'): DecodedPolicy {
  let json = raw;
  if (encoding === 'percent') {
    try {
      json = decodeURIComponent(raw);
    } catch {
      return { ok: false, reason: 'the policy document is not valid percent-encoding' };
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: `the policy document is not valid JSON (${quoted((error as Error).message)})` };
  }
  // Valid JSON that is not an object is no policy at all; what it is says enough, the text is not echoed.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: `the policy document is ${jsonKind(value)}, not a JSON object` };
  return { ok: true, text: reindentJson(json) };
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  return `a JSON ${typeof value}`;
}

/**
 * Re-indents JSON with 2 spaces, keeping every token exactly as deployed — duplicate keys, string
 * escapes and number spellings — which a JSON.parse/JSON.stringify round trip would lose. For
 * documents without those, the output equals JSON.stringify(JSON.parse(text), null, 2).
 */
export function reindentJson(json: string): string {
  JSON.parse(json); // Strict validation: the scanner below only re-spaces valid JSON.
  let out = '';
  let depth = 0;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let index = 0; index < json.length; index += 1) {
    const char = json[index]!;
    if (char === '"') {
      const end = endOfString(json, index);
      out += json.slice(index, end);
      index = end - 1;
    } else if (char === '{' || char === '[') {
      const next = skipWhitespace(json, index + 1);
      if (json[next] === '}' || json[next] === ']') {
        out += char + json[next]!;
        index = next;
      } else {
        depth += 1;
        out += char + newline();
      }
    } else if (char === '}' || char === ']') {
      depth -= 1;
      out += newline() + char;
    } else if (char === ',') {
      out += `,${newline()}`;
    } else if (char === ':') {
      out += ': ';
    } else if (!isJsonWhitespace(char)) {
      out += char;
    }
  }
  return out;
}

/** Index just past the closing quote of the string starting at `start`. */
function endOfString(json: string, start: number): number {
  let index = start + 1;
  while (json[index] !== '"') index += json[index] === '\\' ? 2 : 1;
  return index + 1;
}

function skipWhitespace(json: string, start: number): number {
  let index = start;
  while (index < json.length && isJsonWhitespace(json[index]!)) index += 1;
  return index;
}

function isJsonWhitespace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

/**
 * `live/<segments…>`. Each segment is made safe as one path component (names come from AWS and from
 * the command line), so saving a document can never write outside the chosen directory.
 */
export function virtualName(...segments: string[]): string {
  return ['live', ...segments.map(safeSegment)].join('/');
}

function safeSegment(segment: string): string {
  const safe = segment.replace(/[^A-Za-z0-9._@+=,-]/g, '_');
  return safe === '' || /^\.+$/.test(safe) ? `_${safe}` : safe;
}

// Text from outside (an AWS or Mixpanel error, a document that does not parse) is quoted in messages,
// never echoed whole: a hostile or broken answer could be megabytes long.

/** Longest quoted text in a message, in characters. */
export const QUOTE_LIMIT = 200;

/** `text` on one line, cut to `limit` characters with an ellipsis. */
export function quoted(text: string, limit = QUOTE_LIMIT): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= limit ? line : `${line.slice(0, limit - 1)}…`;
}

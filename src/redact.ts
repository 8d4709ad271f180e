// Secrets out of every output: the one redactor that the CLI's output in live mode, `--create`'s
// messages and audit log, and live mode's problem messages all go through. A secret is replaced by
// `***` in every encoding an error text, a log line or an echoed request may carry it in.

/** Environment variables whose values are secrets, used or not. */
export const SECRET_VARIABLES = ['MIXPANEL_API_SECRET', 'MIXPANEL_SERVICE_ACCOUNT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'] as const;

export type Redact = (text: string) => string;

/** The secret values set in `env`. */
export function secretsIn(env: Readonly<Record<string, string | undefined>>): string[] {
  return SECRET_VARIABLES.map((name) => env[name]).filter((value): value is string => value !== undefined && value !== '');
}

const lowerHexEscapes = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
const hex = (bytes: Buffer) => bytes.toString('hex');

/** HTML escapes as the common escapers write them: named entities, OWASP's hex forms, and all-numeric. */
const HTML_SCHEMES: ReadonlyArray<(char: string) => string | undefined> = [
  (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char],
  (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '/': '&#x2F;' })[char],
  (char) => (/[A-Za-z0-9]/.test(char) ? undefined : `&#${char.codePointAt(0)};`),
];

/**
 * The forms a secret takes in text: as it is, percent-encoded (upper and lower-case hex), form-encoded
 * (`+` for a space), JSON-escaped, HTML-escaped, base64 and base64url, and hex (both cases).
 */
export function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const percent = encodeURIComponent(secret);
  const form = new URLSearchParams([['', secret]]).toString().slice(1);
  return [
    secret,
    percent,
    lowerHexEscapes(percent),
    form,
    lowerHexEscapes(form),
    JSON.stringify(secret).slice(1, -1),
    ...HTML_SCHEMES.map((scheme) => [...secret].map((char) => scheme(char) ?? char).join('')),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    hex(bytes),
    hex(bytes).toUpperCase(),
  ];
}

/**
 * A function replacing every encoding of every secret with `***`; `forms` are further literal texts
 * to remove (e.g. the base64 of a Basic-auth pair that contains a secret).
 */
export function makeRedactor(secrets: readonly string[], forms: readonly string[] = []): Redact {
  const all = new Set([...secrets.flatMap(encodings), ...forms]);
  // Longest first, so that a form containing another is replaced whole.
  const ordered = [...all].filter((form) => form !== '').sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => ordered.reduce((result, form) => (result.includes(form) ? result.split(form).join('***') : result), text);
}

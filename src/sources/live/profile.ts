// The named profile's settings from the shared AWS config and credentials files, read the way the AWS
// CLI reads them, for what the SDK does not take from the client's profile: the endpoints.
// File format and locations: "Configuration and credential file settings in the AWS CLI",
// https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
// Endpoint settings: "Service-specific endpoints", https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** `key` for a profile setting, `subsection.key` for one nested under a `subsection =` line. */
type Section = Record<string, string>;

export interface ProfileSettings {
  /** The profile the settings are for: --profile, else AWS_PROFILE, else `default`. */
  name: string;
  /** Whether either file has a section for it. */
  found: boolean;
  /** Where the profile was looked for. */
  files: string[];
  /** The profile's own settings (credentials file over config file). */
  settings: Section;
  /** The `[services NAME]` section the profile names, if any. */
  services?: Section;
}

export type Env = Readonly<Record<string, string | undefined>>;

const homeFile = (...segments: string[]) => path.join(homedir(), '.aws', ...segments);

export function readProfile(profile: string | undefined, env: Env): ProfileSettings {
  const name = profile ?? env['AWS_PROFILE'] ?? 'default';
  const configFile = env['AWS_CONFIG_FILE'] ?? homeFile('config');
  const credentialsFile = env['AWS_SHARED_CREDENTIALS_FILE'] ?? homeFile('credentials');
  const config = parseIni(readOrEmpty(configFile));
  const credentials = parseIni(readOrEmpty(credentialsFile));
  // In the config file a profile is `[profile NAME]` (`[default]` for the default one); in the credentials file `[NAME]`.
  const fromConfig = config.get(`profile ${name}`) ?? (name === 'default' ? config.get('default') : undefined);
  const fromCredentials = credentials.get(name);
  const settings = { ...fromConfig, ...fromCredentials };
  const services = settings['services'] === undefined ? undefined : config.get(`services ${settings['services']}`);
  return { name, found: fromConfig !== undefined || fromCredentials !== undefined, files: [configFile, credentialsFile], settings, ...(services === undefined ? {} : { services }) };
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Sections by name (the text between the brackets, spaces collapsed). A comment starts with `#` or `;`
 * at the start of a line or after a space; a `key =` line with no value opens a subsection that its
 * indented lines belong to.
 */
export function parseIni(text: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  let subsection: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.split(/(?:^|\s)[#;]/)[0]!.trim();
    if (line === '') continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      const name = line.slice(1, -1).trim().replace(/\s+/g, ' ');
      current = sections.get(name) ?? {};
      sections.set(name, current);
      subsection = undefined;
      continue;
    }
    const equals = line.indexOf('=');
    if (current === undefined || equals <= 0) continue;
    const key = line.slice(0, equals).trim().toLowerCase();
    const value = line.slice(equals + 1).trim();
    if (value === '') {
      subsection = key;
      continue;
    }
    if (subsection !== undefined && raw.trimStart() === raw) subsection = undefined;
    current[subsection === undefined ? key : `${subsection}.${key}`] = value;
  }
  return sections;
}

/** The services live mode calls, by their identifier in endpoint settings ("Identifiers for service-specific endpoints"). */
export type ServiceId = 'iam' | 'sts' | 's3' | 'kms';

/**
 * The endpoint for one service, in the SDKs' and the AWS CLI's order: the explicit one (--endpoint-url),
 * then, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's ignore_configured_endpoint_urls
 * says to ignore them, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's services section,
 * and the profile's endpoint_url ("Service-specific endpoints", precedence of settings).
 */
export function endpointFor(service: ServiceId, explicit: string | undefined, profile: ProfileSettings, env: Env): string | undefined {
  if (explicit !== undefined) return explicit;
  const ignore = env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'] ?? profile.settings['ignore_configured_endpoint_urls'];
  if (ignore?.toLowerCase() === 'true') return undefined;
  return nonEmpty(env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`]) ?? nonEmpty(env['AWS_ENDPOINT_URL']) ?? profile.services?.[`${service}.endpoint_url`] ?? profile.settings['endpoint_url'];
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

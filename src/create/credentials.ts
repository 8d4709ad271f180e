// Mixpanel credentials for `--create`: read from the environment only, never from the command line,
// and a redactor that removes every form of them (src/redact.ts, plus the Basic-auth values) from any
// text before it is printed, logged or written to the audit log.
import { makeRedactor as makeSecretRedactor, SECRET_VARIABLES, secretsIn, type Redact } from '../redact.js';

/** The environment, passed explicitly (the CLI gives process.env). */
export type Env = Readonly<Record<string, string | undefined>>;

export const ENV_API_SECRET = 'MIXPANEL_API_SECRET';
export const ENV_SERVICE_ACCOUNT_USERNAME = 'MIXPANEL_SERVICE_ACCOUNT_USERNAME';
export const ENV_SERVICE_ACCOUNT_SECRET = 'MIXPANEL_SERVICE_ACCOUNT_SECRET';

/** Fact sheet: project-secret authentication is deprecated and retired on this date. */
export const PROJECT_SECRET_RETIREMENT = '2027-03-03';

export type Credentials =
  | { kind: 'project-secret'; secret: string }
  | { kind: 'service-account'; username: string; secret: string };

export type CredentialsOutcome = { ok: true; credentials: Credentials; notes: string[] } | { ok: false; message: string };

const present = (value: string | undefined): value is string => value !== undefined && value !== '';

/**
 * A service account (username and secret, with the project id) when one is configured, otherwise the
 * project API secret. A half-configured service account is an error rather than a silent fallback.
 */
export function credentialsFromEnv(env: Env, projectId: string | undefined): CredentialsOutcome {
  const username = env[ENV_SERVICE_ACCOUNT_USERNAME];
  const accountSecret = env[ENV_SERVICE_ACCOUNT_SECRET];
  const apiSecret = env[ENV_API_SECRET];
  if (present(username) || present(accountSecret)) {
    if (!present(username)) return { ok: false, message: `${ENV_SERVICE_ACCOUNT_SECRET} is set but ${ENV_SERVICE_ACCOUNT_USERNAME} is not; a service account needs both.` };
    if (!present(accountSecret)) return { ok: false, message: `${ENV_SERVICE_ACCOUNT_USERNAME} is set but ${ENV_SERVICE_ACCOUNT_SECRET} is not; a service account needs both.` };
    if (projectId === undefined) return { ok: false, message: 'A service account needs the Mixpanel project id (a number): Mixpanel requires project_id on every request made with one.' };
    const notes = present(apiSecret) ? [`${ENV_API_SECRET} is also set and is not used: the service account is.`] : [];
    return { ok: true, credentials: { kind: 'service-account', username, secret: accountSecret }, notes };
  }
  if (present(apiSecret)) {
    return {
      ok: true,
      credentials: { kind: 'project-secret', secret: apiSecret },
      notes: [
        `Authenticating with the project API secret (${ENV_API_SECRET}), which Mixpanel has deprecated and retires on ${PROJECT_SECRET_RETIREMENT}; use a service account (${ENV_SERVICE_ACCOUNT_USERNAME}, ${ENV_SERVICE_ACCOUNT_SECRET} and the project id) instead.`,
      ],
    };
  }
  return {
    ok: false,
    message: `No Mixpanel credentials: set ${ENV_SERVICE_ACCOUNT_USERNAME} and ${ENV_SERVICE_ACCOUNT_SECRET} (a service account with the Admin or Owner role, plus the project id), or ${ENV_API_SECRET}.`,
  };
}

function basicPair(credentials: Credentials): string {
  return credentials.kind === 'service-account' ? `${credentials.username}:${credentials.secret}` : `${credentials.secret}:`;
}

/** The Authorization header value. Never returned to callers: only the fetch call sees it. */
export function authorizationHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(basicPair(credentials), 'utf8').toString('base64')}`;
}

/** How the credentials are shown: curl's `-u` value with the secret replaced by `***`. */
export function displayedAuth(credentials: Credentials): string {
  return credentials.kind === 'service-account' ? `${credentials.username}:***` : '***:';
}

/**
 * Replaces every secret in the environment (Mixpanel's and AWS's, used or not), in every encoding
 * src/redact.ts knows, and the Basic-auth values built from them, with `***`. Applied to every line
 * this module prints, logs or writes.
 */
export function makeRedactor(env: Env): Redact {
  const secrets = secretsIn(env);
  const username = env[ENV_SERVICE_ACCOUNT_USERNAME] ?? '';
  const basic = secrets.flatMap((secret) => [`${secret}:`, `${username}:${secret}`].flatMap((pair) => [Buffer.from(pair, 'utf8').toString('base64'), Buffer.from(pair, 'utf8').toString('base64url')]));
  return makeSecretRedactor(secrets, basic);
}

/** Option names that would carry a secret: --api-secret, --secret, --service-account-secret, --password… */
const SECRET_OPTION = /^--?([\w-]*(?:secret|password|passwd)[\w-]*)(?:=|$)/i;

/**
 * Why the command line must be refused because it carries a secret (visible to every user of the
 * machine in the process list and kept in shell history), or undefined when it does not. The
 * description names the option or the argument's position, never the value.
 */
export function findSecretInArgv(argv: readonly string[], env: Env = {}): string | undefined {
  for (const [index, argument] of argv.entries()) {
    const option = SECRET_OPTION.exec(argument);
    if (option !== null) return `the option --${option[1]} passes a secret on the command line; set ${ENV_SERVICE_ACCOUNT_SECRET} or ${ENV_API_SECRET} in the environment instead`;
    const variable = SECRET_VARIABLES.find((name) => present(env[name]) && argument.includes(env[name]!));
    if (variable !== undefined) return `argument ${index + 1} contains the value of ${variable}; a secret must not be given on the command line`;
  }
  return undefined;
}

// SDK errors → problem codes and messages a person can act on. The SDK reports failures in several
// shapes (modelled exception classes, a service's base exception with `name` set, Node network
// errors, deserialization errors on a 200), so classification looks at name, code and status.
import { quoted } from '../../text.js';
import type { LiveCall, LiveProblemCode } from './types.js';

/** The IAM permission each call needs; the same name except where the API and the action differ. */
export const PERMISSION_FOR_CALL: Readonly<Record<LiveCall, string>> = {
  'sts:GetCallerIdentity': 'sts:GetCallerIdentity',
  'iam:GetRole': 'iam:GetRole',
  'iam:ListRolePolicies': 'iam:ListRolePolicies',
  'iam:GetRolePolicy': 'iam:GetRolePolicy',
  'iam:ListAttachedRolePolicies': 'iam:ListAttachedRolePolicies',
  'iam:GetPolicy': 'iam:GetPolicy',
  'iam:GetPolicyVersion': 'iam:GetPolicyVersion',
  's3:GetBucketPolicy': 's3:GetBucketPolicy',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetBucketLocation': 's3:GetBucketLocation',
  'kms:DescribeKey': 'kms:DescribeKey',
  'kms:GetKeyPolicy': 'kms:GetKeyPolicy',
};

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException']);
const NOT_FOUND = new Set(['NoSuchEntity', 'NoSuchEntityException', 'NoSuchBucket', 'NotFoundException']);
const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'ThrottledException', 'SlowDown', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException']);
const TIMEOUT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ETIMEDOUT']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** No credentials could be loaded (none configured, an SSO session to renew): every call fails alike. */
const CREDENTIALS_MISSING = new Set(['CredentialsProviderError', 'ProviderError', 'TokenProviderError']);
/**
 * AWS refused the credentials themselves, whatever the call: "Common Error Types",
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html (ExpiredToken…,
 * InvalidClientTokenId, SignatureDoesNotMatch), S3's InvalidAccessKeyId and KMS's UnrecognizedClientException.
 */
const CREDENTIALS_EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const CREDENTIALS_INVALID = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'InvalidToken', 'SignatureDoesNotMatch', 'InvalidSignatureException']);

interface SdkErrorFields {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

export interface ClassifiedError {
  code: LiveProblemCode;
  /** The error code AWS sent (`NoSuchEntity`), else the error's name or Node's code. */
  name: string;
  message: string;
  status?: number;
  attempts?: number;
}

/** `redact` applies to the error's text before it is cut to length, so that no part of a secret is left. */
export function classifyError(error: unknown, redact: (text: string) => string = (text) => text): ClassifiedError {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorFields;
  const names = [fields.Code, fields.name, fields.code].filter((value): value is string => typeof value === 'string');
  const status = fields.$metadata?.httpStatusCode;
  const described = {
    name: quoted(names.find((name) => name !== 'Error') ?? 'Error', 80),
    // Deserialization errors append a hint about a hidden field that is no use to the reader.
    message: quoted(redact((typeof fields.message === 'string' ? fields.message : String(error)).split('\n')[0]!)),
    ...(status === undefined ? {} : { status }),
    ...(fields.$metadata?.attempts === undefined ? {} : { attempts: fields.$metadata.attempts }),
  };
  return { code: codeFor(names, status), ...described };
}

function codeFor(names: readonly string[], status: number | undefined): LiveProblemCode {
  const isAny = (set: ReadonlySet<string>) => names.some((name) => set.has(name));
  if (isAny(CREDENTIALS_MISSING) || isAny(CREDENTIALS_EXPIRED) || isAny(CREDENTIALS_INVALID)) return 'credentials';
  if (isAny(ACCESS_DENIED) || status === 403) return 'access-denied';
  if (isAny(NOT_FOUND)) return 'not-found';
  if (isAny(THROTTLING) || status === 429) return 'throttled';
  if (isAny(TIMEOUT)) return 'timeout';
  if (isAny(NETWORK)) return 'network';
  // An error on a 2xx answer means the body could not be parsed.
  if (status !== undefined && status >= 200 && status < 300) return 'malformed-response';
  if (status !== undefined && status >= 500) return 'server-error';
  if (status === 404) return 'not-found';
  return 'other';
}

/** The one message for credentials that no call can use, with what to do about it. */
export function credentialsMessage(error: ClassifiedError): string {
  if (CREDENTIALS_EXPIRED.has(error.name) || /expired/i.test(error.message)) {
    return `the AWS credentials have expired (${error.name}: ${error.message}); renew them (aws sso login, or new temporary keys) and run again`;
  }
  if (CREDENTIALS_INVALID.has(error.name)) return `AWS does not accept the credentials (${error.name}: ${error.message}); check the access key, secret key and session token in use`;
  return `no AWS credentials could be loaded (${error.message}); give --profile NAME, set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
}

/** Every problem reads the same way: the call, why it failed, and what is left unchecked. */
export function problemMessage(call: LiveCall, subject: string, reason: string): string {
  return `${call} failed: ${reason}; ${subject} could not be checked.`;
}

/** Why a call failed, with what to do about it where there is something to do. */
export function failureReason(call: LiveCall, error: ClassifiedError, timeoutMs: number): string {
  const attempts = error.attempts !== undefined && error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
  switch (error.code) {
    case 'access-denied':
      return `access denied (${error.name}): the credentials need the permission ${PERMISSION_FOR_CALL[call]} (see docs/live-mode-iam-policy.json)`;
    case 'not-found':
      return `not found (${error.name}: ${error.message})`;
    case 'throttled':
      return `throttled by AWS${attempts} (${error.name}); try again later`;
    case 'timeout':
      return `no answer within ${timeoutMs} ms${attempts}`;
    case 'server-error':
      return `AWS answered with a server error${attempts} (HTTP ${error.status ?? '5xx'} ${error.name}: ${error.message})`;
    case 'malformed-response':
      return `the answer could not be read (${error.message})`;
    case 'network':
      return `network error${attempts} (${error.name}: ${error.message})`;
    default:
      return regionHint(error.message) ?? `${error.name}: ${error.message}`;
  }
}

/** The SDK's "Region is missing" says nothing about how to set one. */
function regionHint(message: string): string | undefined {
  return /region is missing/i.test(message) ? `no AWS region configured (${message}); set AWS_REGION, a profile region or --region` : undefined;
}

// The live reader's public shapes: what to read, how, and what came back. Documents are plain text
// with metadata so the same parsing and rules as file mode can run on them.
import type { DocumentMeta } from '../../types.js';

export interface LiveRequest {
  /** Role ARN or name. With an ARN, its account must be the one the credentials belong to. */
  role: string;
  bucket?: string;
  /** Key id, key ARN, alias name (`alias/x`) or alias ARN. */
  kmsKey?: string;
  /** Region for the clients; the SDK's own resolution (environment, profile) when absent. */
  region?: string;
  /** Shared-config profile (SSO profiles included); the SDK's default chain when absent. */
  profile?: string;
  /** Endpoint for every service, on top of AWS_ENDPOINT_URL(_<SERVICE>) and the shared config. */
  endpointUrl?: string;
}

export interface LiveOptions {
  /** Time limit of each attempt of each call, in ms (default 10000). */
  timeoutMs?: number;
  /** Attempts per call, first one included (default: the SDK's, 3 or AWS_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** A fixed delay between retries instead of the SDK's exponential backoff (tests, benchmarks). */
  retryDelayMs?: number;
  /** Calls in flight at once (default 16). */
  concurrency?: number;
  onProgress?: (message: string) => void;
  /** Stops the read (SIGINT, SIGTERM): no further call starts, calls in flight are abandoned. */
  signal?: AbortSignal;
}

/** The AWS API calls live mode makes, as `service:Operation`. */
export type LiveCall =
  | 'sts:GetCallerIdentity'
  | 'iam:GetRole'
  | 'iam:ListRolePolicies'
  | 'iam:GetRolePolicy'
  | 'iam:ListAttachedRolePolicies'
  | 'iam:GetPolicy'
  | 'iam:GetPolicyVersion'
  | 's3:GetBucketPolicy'
  | 's3:GetBucketEncryption'
  | 's3:GetBucketLocation'
  | 'kms:DescribeKey'
  | 'kms:GetKeyPolicy';

export type LiveDocumentKind = 'trust' | 'identity' | 'bucket' | 'key';

export interface LiveDocument {
  kind: LiveDocumentKind;
  /** Virtual display path, e.g. `live/iam/role/NAME/trust-policy.json`; also the file name under --save-documents. */
  name: string;
  /** The policy JSON as deployed (decoded), re-indented with 2 spaces so positions are meaningful. */
  text: string;
  meta: DocumentMeta;
}

export type LiveProblemCode =
  | 'access-denied'
  | 'not-found'
  /** Not reported by readLiveAccount: a missing bucket policy is the fact `bucketPolicy: 'none'`. */
  | 'no-bucket-policy'
  | 'throttled'
  | 'timeout'
  | 'server-error'
  | 'malformed-response'
  | 'network'
  /** A list call that never ended within the page cap. */
  | 'too-many-pages'
  /** Not a problem of one call: readLiveAccount reports it once, as `credentialFailure`. */
  | 'credentials'
  | 'other';

export interface LiveProblem {
  call: LiveCall;
  code: LiveProblemCode;
  /** Names the call, the reason (for access-denied the missing permission) and what could not be checked. */
  message: string;
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface LiveKeyFacts {
  arn: string;
  keyId: string;
  region: string;
  enabled: boolean;
  keySpec: string;
  keyUsage: string;
  keyState: string;
}

export interface LiveFacts {
  roleArn?: string;
  roleAccount?: string;
  bucketRegion?: string;
  /** Whether the bucket has a policy; absent when it could not be read. */
  bucketPolicy?: 'present' | 'none';
  /** The bucket's default encryption; absent when none is configured or it could not be read. */
  bucketEncryption?: { algorithm: string; kmsKeyId?: string; bucketKeyEnabled?: boolean };
  key?: LiveKeyFacts;
}

export interface LiveReadResult {
  callerIdentity?: CallerIdentity;
  /** Sorted by name. */
  documents: LiveDocument[];
  facts: LiveFacts;
  problems: LiveProblem[];
  /** API calls made (a retried call counts once). */
  calls: number;
  /** Sequential round-trip waves: the longest chain of calls that each needed the previous one's answer. */
  waves?: number;
  /**
   * Why no call could be made at all (no credentials, an unknown profile, an expired token): one
   * message instead of a problem per call; the read stops at the first such failure.
   */
  credentialFailure?: string;
}

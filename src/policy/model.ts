// The evaluator's view of a policy and of a request. Rules ask questions in these terms.
import type { JsonPath, PolicyDocument } from '../types.js';

/** `"*"`, or a map such as `{ AWS: [...], Service: [...], Federated: [...], CanonicalUser: [...] }`. */
export type PrincipalSpec = '*' | Readonly<Record<string, readonly string[]>>;

/** Condition block: operator (as written, e.g. `ForAnyValue:StringLikeIfExists`) → key → values. */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly ConditionValue[]>>>>;
export type ConditionValue = string | number | boolean;

export interface Statement {
  /** Position in the policy's Statement list (0 when Statement is a single object). */
  index: number;
  /** JSON path of the statement from the policy root, e.g. ['Statement', 2] or ['Statement']. */
  path: JsonPath;
  sid?: string;
  effect: 'Allow' | 'Deny';
  action?: readonly string[];
  notAction?: readonly string[];
  resource?: readonly string[];
  notResource?: readonly string[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  condition?: ConditionBlock;
}

export interface Policy {
  /** Display name, normally the file name. */
  name: string;
  /** '2012-10-17', '2008-10-17', or undefined when missing/invalid (policy variables are then literal). */
  version?: string;
  statements: readonly Statement[];
  /** The document it came from, so findings can point at statements. */
  document?: PolicyDocument;
}

/** Values of request context keys. Keys are matched case-insensitively. Absent key = not in the request. */
export type RequestContextValues = Readonly<Record<string, string | readonly string[]>>;

export interface Request {
  /** Principal making the call. For a role session, the role ARN (the evaluator also matches the assumed-role session ARN forms). */
  principal: {
    /** `arn:aws:iam::123456789012:user/x`, `arn:aws:iam::123456789012:role/x`, or a service principal `s3.amazonaws.com`. */
    arn: string;
    /** 12-digit account id; absent for service principals. */
    account?: string;
    type?: 'AWS' | 'Service' | 'Federated' | 'Anonymous';
  };
  /** `service:Action`. */
  action: string;
  /** ARN of the resource (`arn:aws:s3:::bucket/key`, role ARN for sts:AssumeRole, key ARN for kms). */
  resource: string;
  /** Request context keys, e.g. { 'sts:ExternalId': 'abc', 'aws:SecureTransport': 'true' }. */
  context: RequestContextValues;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** Why a statement did or did not apply to a request. */
export interface StatementMatch {
  policy: Policy;
  statement: Statement;
  applies: boolean;
  /** When it does not apply: which element failed. */
  failed?: 'principal' | 'action' | 'resource' | 'condition';
  /** Human-readable reason, e.g. `Condition StringEquals sts:ExternalId: request value "x" is not "tok"`. */
  reason?: string;
  /** JSON path (policy root) of the element that failed, e.g. ['Statement',0,'Condition','StringEquals','sts:ExternalId']. */
  failedPath?: JsonPath;
}

export interface EvaluationResult {
  decision: Decision;
  /** Statements that decided it: the applying Deny statements, or the applying Allow statements. */
  deciding: StatementMatch[];
  /** Every other statement examined, with why it did not apply. */
  others: StatementMatch[];
  /** Plain-language explanation of the decision, including cross-account and KMS reasoning. */
  explanation: string;
}

/** The policies that apply to one request, and where the principal and resource live. */
export interface EvaluationInput {
  /** Identity policies attached to the principal (empty when the principal's side cannot be seen). */
  identityPolicies: readonly Policy[];
  /** Permissions boundary of the principal, if any: identity grants count only when it allows too. */
  boundary?: Policy;
  /** Resource-based policy: trust policy, bucket policy or key policy. */
  resourcePolicy?: Policy;
  resourceKind: 'trust' | 'bucket' | 'key' | 'none';
  /** Account that owns the resource. */
  resourceAccount?: string;
  /**
   * When the principal's own identity side cannot be seen (Mixpanel's user in Mixpanel's account),
   * treat it as allowing the request; the explanation says so.
   */
  assumeIdentitySideAllows?: boolean;
}

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

/**
 * A value the request carries, or may carry, that the documents do not give (the session name
 * Mixpanel picks, whether S3 Bucket Keys are on, the organization of the role's account). The
 * evaluator carries it: a statement whose application depends on it is undecided, never guessed.
 */
export interface Unknown {
  readonly unknown: true;
  /** What the value is, in words: `the name Mixpanel gives its role session`. */
  readonly what: string;
  /** How the user can settle it: a config key, a file to add, live mode. */
  readonly settle: string;
  /** The key may be missing from the request altogether. */
  readonly mayBeAbsent: boolean;
  /** Every value it can take, when they are few (TLS 1.2 or 1.3; the object or the bucket ARN). */
  readonly domain?: readonly (string | readonly string[])[];
  /** The value's known beginning (the role id of aws:userid, `PREFIX/` of s3:prefix): any text may follow. */
  readonly prefix?: string;
  /** Mixpanel's public address: private and reserved ranges never hold it. */
  readonly publicAddress?: boolean;
  /** A multivalued key (aws:PrincipalOrgPaths): each of its values has the prefix. */
  readonly multivalued?: boolean;
  /**
   * Keys whose unknown values share this id are one fact (aws:PrincipalOrgID and aws:ResourceOrgID
   * when the bucket is in the role's account): a question is answered for each value of the fact at once.
   */
  readonly fact?: string;
}

export type ContextValue = string | readonly string[] | Unknown;

/** Values of request context keys. Keys are matched case-insensitively. Absent key = not in the request. */
export type RequestContextValues = Readonly<Record<string, ContextValue>>;

export interface Request {
  /** Principal making the call. For a role session, the role ARN (the evaluator also matches the assumed-role session ARN forms). */
  principal: {
    /** `arn:aws:iam::123456789012:user/x`, `arn:aws:iam::123456789012:role/x`, or a service principal `s3.amazonaws.com`. */
    arn: string;
    /** 12-digit account id; absent for service principals. */
    account?: string;
    type?: 'AWS' | 'Service' | 'Federated' | 'Anonymous';
    /**
     * The caller is a session of this role (arn is the role ARN). A Principal may name the role or the
     * session (`arn:aws:sts::A:assumed-role/ROLE/SESSION`); undefined name = a session name the documents do not give.
     */
    session?: { name?: string };
  };
  /** `service:Action`. */
  action: string;
  /** ARN of the resource (`arn:aws:s3:::bucket/key`, role ARN for sts:AssumeRole, key ARN for kms). */
  resource: string;
  /**
   * Set when the resource ARN is known only in part (a KMS key named by an alias): `prefix` is its
   * known beginning, `resource` then only describes it.
   */
  unknownResource?: Unknown & { prefix: string };
  /** Request context keys, e.g. { 'sts:ExternalId': 'abc', 'aws:SecureTransport': 'true' }. */
  context: RequestContextValues;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** A decision, or `undecided` when it depends on values the documents do not give (`possible` then lists the candidates). */
export type Outcome = Decision | 'undecided';

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

/** A use of an unknown value by a statement: the request key (or `Principal`, `Resource`) and the value. */
export interface UnknownUse {
  /** The context key as the policy writes it, or the element (`Principal`, `Resource`). */
  key: string;
  unknown: Unknown;
  /** Where in the policy (from its root) the statement reads it. */
  path: JsonPath;
}

/** A statement that may or may not apply: it depends on values the documents do not give. */
export interface UndecidedMatch {
  policy: Policy;
  statement: Statement;
  dependsOn: readonly UnknownUse[];
}

export interface EvaluationResult {
  /** Never compared with a Decision alone: `undecided` is a fourth answer. */
  outcome: Outcome;
  /** The decisions still possible: one when decided, two or three when undecided. */
  possible: readonly Decision[];
  /** Statements that decided it: the applying Deny statements, or the applying Allow statements. */
  deciding: StatementMatch[];
  /** Statements that may apply: what an undecided outcome depends on (also listed when they did not change it). */
  undecided: UndecidedMatch[];
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
  /**
   * Resource-based policy: trust policy, bucket policy or key policy. A permissions boundary limits
   * what it grants to the role ARN, not what it grants to the role's session.
   */
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

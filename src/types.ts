// Types shared by every stage. Data flows one way:
// sources → documents → setup → rules (asking the policy evaluator) → findings → report.
import type { LiveFacts, LiveKeyFacts } from './sources/live/types.js';
import type { CacheStats } from './result-cache.js';

/** A JSON path from a document's policy root: keys and array indices. */
export type JsonPath = ReadonlyArray<string | number>;

/** 1-based line and column; endColumn is exclusive (as in SARIF). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Level = 'error' | 'warning' | 'note';

/** What part a policy document plays in an export setup. */
export type DocumentKind = 'trust' | 'identity' | 'bucket' | 'key' | 'unknown';

/** A kind a config can give a file: a part, or `boundary` (a permissions boundary of the export role). */
export type ConfiguredKind = Exclude<DocumentKind, 'unknown'> | 'boundary';

/** Extra facts a document carries when it came from an AWS CLI/API shape or from live mode. */
export interface DocumentMeta {
  /** The AWS CLI or API shape the policy was unwrapped from, e.g. `aws iam get-role`. */
  wrapper?: string;
  roleName?: string;
  roleArn?: string;
  /** The role's unique id (AROA…) and tags, from `aws iam get-role` or live mode. */
  roleId?: string;
  roleTags?: Record<string, string>;
  policyName?: string;
  policyArn?: string;
  bucket?: string;
  keyId?: string;
  /** A permissions boundary policy rather than a permission policy (live mode, IaC). */
  boundary?: boolean;
  /** The CloudFormation or Terraform resource the policy came from (src/documents/iac/). */
  iac?: IacOrigin;
  /** An AWS managed policy attached by ARN: its text is the published one, not the file's (src/documents/managed.ts). */
  awsManaged?: { name: string; versionId: string; source: string };
}

/** A role, bucket or key an IaC policy belongs to: the resource defining it in the same file, and/or its name when known. */
export interface IacLink {
  /** Logical id (CloudFormation) or resource address (Terraform) in the same file. */
  resource?: string;
  name?: string;
}

/** Where in a CloudFormation template or Terraform plan a policy was declared, and what it applies to. */
export interface IacOrigin {
  format: 'cloudformation' | 'terraform' | 'aws-account';
  /** Logical id or resource address of the resource holding the policy, e.g. `ExportRole`, `module.x.aws_iam_role.mixpanel`. */
  resource: string;
  /** Resource type, e.g. `AWS::IAM::Role`, `aws_iam_role_policy`. */
  type: string;
  /** Where that resource is declared in the file. */
  range: SourceRange;
  path: JsonPath;
  /** What the policy governs: the role (trust policy), the roles it is attached to (permission policy), the bucket, the key. */
  targets: IacLink[];
  /** Roles this policy is the permissions boundary of. */
  boundaryOf: IacLink[];
}

/**
 * A problem found while reading or parsing, before any rule ran. Each code is reported by the
 * rule in rules/ that owns it, so its metadata lives in one place.
 */
export type InputProblemCode =
  | 'unreadable'
  | 'skipped'
  | 'too-large'
  | 'not-text'
  | 'invalid-json'
  | 'duplicate-key'
  | 'byte-order-mark'
  | 'comment'
  | 'trailing-comma'
  | 'not-a-policy'
  | 'embedded-policy-invalid'
  | 'invalid-yaml'
  // Infrastructure as code: a value not known at lint time.
  | 'iac-unresolved'
  // The setup stage's choice of the export role, bucket and key (src/setup/): what was taken or left out, and what cannot be told.
  | 'resource-chosen'
  | 'resource-undetermined';

export interface InputProblem {
  code: InputProblemCode;
  message: string;
  range: SourceRange;
  /** JSON path inside the file (not the policy) where it applies, if any. */
  path?: JsonPath;
  /** The IaC resources it concerns: the setup stage keeps it only when one of them is part of the export setup. */
  resources?: string[];
}

/** One policy document with positions: everything later stages know about a file's policy. */
export interface PolicyDocument {
  /** Path as shown to the user: relative to the working directory, POSIX separators. */
  file: string;
  kind: DocumentKind;
  /** How the kind was decided (src/documents/classify.ts). */
  kindSource: 'content' | 'wrapper' | 'file-name' | 'config';
  /** The policy as a plain JSON value (for duplicate keys, the last one wins, as with JSON.parse). */
  policy: unknown;
  /** Where the policy sits in the file's JSON (empty for a bare policy file); used in reported paths. */
  policyPath: JsonPath;
  /** Position of the node at `path` (relative to the policy root); the nearest existing ancestor if absent. */
  locate(path: JsonPath): SourceRange;
  meta: DocumentMeta;
  /** Size in bytes of the policy text as AWS would store it (minified JSON), for quota checks. */
  policySize: number;
}

/** Where in a file a fact was read. */
export interface FactLocation {
  file: string;
  range: SourceRange;
  /** JSON path in the file. */
  path: JsonPath;
}

/**
 * What AWS CLI outputs other than policies say about the bucket and the key, as live mode reads
 * them (src/sources/live/types.ts): `aws s3api get-bucket-encryption`, `aws kms describe-key`.
 */
export interface SourceFacts {
  bucketEncryption?: NonNullable<LiveFacts['bucketEncryption']> & { at: FactLocation };
  key?: LiveKeyFacts & { at: FactLocation };
}

/** What was read from one input file: its documents (zero or more) and the problems met. */
export interface SourceResult {
  file: string;
  documents: PolicyDocument[];
  problems: InputProblem[];
  /** The file could not be read at all (missing, permission denied): exit code 2. */
  unreadable?: boolean;
  /** Read, and holds nothing to check (JSON or YAML that is no policy, CLI output, template or plan): passed over, counted in the summary. */
  notPolicy?: boolean;
  facts?: SourceFacts;
}

export type Encryption = 'none' | 'aes' | 'kms';

/** The Mixpanel pipeline parameters a setup is checked against. */
export interface PipelineParams {
  bucket?: string;
  role?: string;
  token?: string;
  region?: string;
  prefix?: string;
  encryption: Encryption;
  kmsKey?: string;
  fromDate?: string;
  /** Account that owns the bucket when it differs from the role's (defaults to the role's account). */
  bucketAccount?: string;
  /** The AWS Organization of the role's account (aws:PrincipalOrgID of its sessions) when known; null = the account is in no organization. */
  organizationId?: string | null;
}

/**
 * What is known of the account beyond the pipeline parameters: from AWS CLI outputs among the
 * documents (`aws iam get-role`) or from live mode. Each absent fact is an unknown value in
 * Mixpanel's requests (src/setup/mixpanel.ts), never a guess.
 */
export interface AccountFacts {
  /** The export role's unique id (AROA…), the first half of its sessions' aws:userid. */
  roleId?: string;
  /** The export role's tags (aws:PrincipalTag/* of its sessions); {} when it has none. */
  roleTags?: Readonly<Record<string, string>>;
  /** Whether S3 Bucket Keys are on in the bucket's default encryption (the KMS encryption context is then the bucket ARN). */
  bucketKeyEnabled?: boolean;
  /** When the check runs, in milliseconds since the epoch: aws:CurrentTime and aws:EpochTime. */
  now: number;
}

export interface Finding {
  ruleId: string;
  level: Level;
  message: string;
  /** File the finding points at (display path); the setup's directory for findings about a missing file. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** JSONPath of the offending node in the file, e.g. `$.Statement[0].Principal.AWS`; `$` for the root. */
  path: string;
  /** The fix: exact JSON to add or change, or an instruction. */
  fix?: string;
  /** Accepted by a config's suppression: listed with its reason, not counted for the exit code. */
  suppressed?: { reason: string; source: string };
  /** The setup (its directory's display path) whose check reported it; formatters that group by setup read it. */
  setup?: string;
}

export interface RuleMeta {
  /** Stable id: MP + area digit + two digits (MP0xx documents, MP1xx trust, MP2xx permissions, MP3xx KMS, MP4xx bucket policy, MP5xx parameters). */
  id: string;
  /** kebab-case name. */
  name: string;
  title: string;
  /** What the rule checks and why it matters (plain text, several sentences). */
  description: string;
  /** How to fix (Markdown). */
  help: string;
  /** A wrong and a right way: shown in the rule's help (SARIF, docs/rules/) and linted by test/rules.examples.test.ts. */
  examples: { wrong: RuleExample; right: RuleExample };
  defaultLevel: Level;
  tags: string[];
  /** CVSS-like 0.1–10.0 for security-relevant rules (GitHub code scanning). */
  securitySeverity?: number;
  precision: 'very-high' | 'high' | 'medium' | 'low';
  /** The release that added the rule (semver); the CHANGELOG lists rules added or changed per release. */
  since: string;
}

/** A wrong or a right way to write a setup, or to run the tool. */
export interface RuleExample {
  /** What the example shows (Markdown, a sentence or two). */
  explanation: string;
  /**
   * Files of a setup directory by name (as `mp-s3-lint init` names them: trust-policy.json,
   * permission-policy.json, bucket-policy.json, key-policy.json, mp-s3-lint.config.json, or a template).
   */
  files?: Record<string, string>;
  /** A command line, for what files cannot show: how the tool is run, or what an AWS account holds. */
  command?: string;
}

export interface Report {
  /** What is reported: suppressed findings included (marked), findings known from a baseline left out. */
  findings: Finding[];
  /**
   * Counts of the findings that count: suppressed ones are only in `suppressed`, and those a baseline
   * already knew only in `known`. `files`: files checked or reported on; `passedOver`: files read that
   * held nothing to check (JSON or YAML that is not a policy, an AWS CLI output, a template or a plan)
   * or nothing of an export setup, not in `files`; `setups`: the export setups checked, by directory.
   */
  summary: { errors: number; warnings: number; notes: number; files: number; suppressed?: number; known?: number; passedOver?: number; setups?: string[] };
  /** True when some input could not be read at all (exit code 2). */
  inputFailure: boolean;
  /**
   * Nothing to check (exit code 2, like a usage error): one sentence per path named on the command
   * line under which no policy document was found, or one for a run that read no document at all.
   * The CLI prints them on stderr; absent or empty when there was something to check.
   */
  nothingToCheck?: string[];
  /** Each setup checked and the rules run on it (not those turned off), for formats with one test per setup and rule. */
  setups?: CheckedSetup[];
  /**
   * What the model says, whatever rule levels, suppressions and baselines made of the findings:
   * `--create` goes ahead only when it passed (src/engine/verdict.ts). The findings and summary are
   * the shaped report.
   */
  verdict: {
    passed: boolean;
    reasons: string[];
    /** The first date (ISO 8601) from which a request that works at the check stops working, as the policies name it (MP030). */
    worksUntil?: string;
  };
  /** With the `cache` option (--cache): how many setups the cache served and what went wrong with its file. No formatter shows it. */
  cache?: CacheStats;
}

export interface CheckedSetup {
  /** The setup's directory (display path), as findings' `setup` names it. */
  name: string;
  ruleIds: readonly string[];
}

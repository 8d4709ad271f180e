// The shape of a rule: metadata once (feeds --list-rules, SARIF, docs, tests) and a check function
// that reports findings at JSON paths; the engine maps paths to lines and columns.
import type { JsonPath, PolicyDocument, RuleMeta, SourceRange, SourceResult } from '../types.js';
import type { Setup } from '../setup/setup.js';
import type { Suppression } from '../sources/config.js';

export interface ReportDescriptor {
  /** The document the finding is about; omitted for a finding about the setup as a whole (e.g. a missing document). */
  document?: PolicyDocument;
  /** JSON path from the document's policy root; omitted = the document root. */
  path?: JsonPath;
  /** An explicit range (input problems found before parsing finished). */
  range?: SourceRange;
  /** For a finding about the setup as a whole: the file `range` is in (a parameter's config, a saved CLI output), instead of the setup's nearest config. */
  file?: string;
  /** First sentence stands alone (SARIF shows it as the title). */
  message: string;
  /** Exact JSON to add or change, or a one-line instruction. */
  fix?: string;
}

export interface DocumentRuleContext {
  document: PolicyDocument;
  setup: Setup;
  report(descriptor: Omit<ReportDescriptor, 'document'>): void;
}

export interface SetupRuleContext {
  setup: Setup;
  report(descriptor: ReportDescriptor): void;
}

/** For problems met while reading a file, before there is a document. */
export interface SourceRuleContext {
  source: SourceResult;
  setup: Setup;
  report(descriptor: { range: SourceRange; path?: JsonPath; message: string; fix?: string }): void;
}

/** How one suppression fared over the whole run (every setup it was in force for). */
export interface SuppressionStatus {
  suppression: Suppression;
  /** The file it names (display path), and the config that declares it. */
  file: string;
  source: string;
  /** Its `expires` day has passed (UTC): it no longer applies. */
  expired: boolean;
  /** Findings it suppressed in this run. */
  matched: number;
  /** Findings it would have suppressed had it not expired. */
  matchedIfRenewed: number;
  /** Its file was part of a setup it was in force for, so matching nothing means it is stale. */
  checked: boolean;
  /** Its file exists. */
  exists: boolean;
}

/** For rules about the run as a whole, checked once after every setup: the suppressions of the configs in force. */
export interface RunRuleContext {
  suppressions: readonly SuppressionStatus[];
  report(descriptor: { file: string; range: SourceRange; path: JsonPath; message: string; fix?: string }): void;
}

export type Rule =
  | { meta: RuleMeta; scope: 'source'; check(context: SourceRuleContext): void }
  | { meta: RuleMeta; scope: 'document'; check(context: DocumentRuleContext): void }
  | { meta: RuleMeta; scope: 'setup'; check(context: SetupRuleContext): void }
  | { meta: RuleMeta; scope: 'run'; check(context: RunRuleContext): void };

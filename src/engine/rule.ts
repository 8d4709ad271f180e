// The shape of a rule: metadata once (feeds --list-rules, SARIF, docs, tests) and a check function
// that reports findings at JSON paths; the engine maps paths to lines and columns.
import type { JsonPath, PolicyDocument, RuleMeta, SourceRange, SourceResult } from '../types.js';
import type { Setup } from '../setup/setup.js';

export interface ReportDescriptor {
  /** The document the finding is about; omitted for a finding about the setup as a whole (e.g. a missing document). */
  document?: PolicyDocument;
  /** JSON path from the document's policy root; omitted = the document root. */
  path?: JsonPath;
  /** An explicit range (input problems found before parsing finished). */
  range?: SourceRange;
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

export type Rule =
  | { meta: RuleMeta; scope: 'source'; check(context: SourceRuleContext): void }
  | { meta: RuleMeta; scope: 'document'; check(context: DocumentRuleContext): void }
  | { meta: RuleMeta; scope: 'setup'; check(context: SetupRuleContext): void };

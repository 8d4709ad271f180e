// --format sarif: SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif).
// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html ; GitHub's subset and extra
// requirements: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
// The output is deterministic (no timestamps, no absolute paths unless srcRoot is given, stable order)
// so it can be snapshot-tested and alerts keep their identity between runs.
import { pathToFileURL } from 'node:url';
import type { Finding, Level, RuleMeta } from '../types.js';
import { findingFingerprint } from '../engine/fingerprint.js';

export interface SarifOptions {
  /** The tool's version (driver.semanticVersion). */
  toolVersion: string;
  informationUri: string;
  /** A rule's docs page is docsBaseUri + rule id + '.md'. */
  docsBaseUri: string;
  /** automationDetails.id; the default puts every run in the category "mp-s3-lint". */
  automationId?: string;
  /** Absolute path or file:// URI of the directory the findings' paths are relative to. */
  srcRoot?: string;
}

interface SarifText {
  text: string;
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifText;
  fullDescription: SarifText;
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; precision: RuleMeta['precision']; 'security-severity'?: string };
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: Level;
  message: SarifText;
  locations: [{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: typeof SRCROOT }; region: SarifRegion } }];
  partialFingerprints: Record<typeof FINGERPRINT, string>;
  /** A finding a config's suppression accepts: kept in the log, with the reason, as SARIF says for external suppressions. */
  suppressions?: [{ kind: 'external'; status: 'accepted'; justification: string }];
  properties: { jsonPath: string; suppressedBy?: string };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: { driver: { name: string; semanticVersion: string; informationUri: string; rules: SarifRule[] } };
      automationDetails: { id: string };
      originalUriBaseIds: Record<typeof SRCROOT, { uri: string } | { description: SarifText }>;
      columnKind: 'utf16CodeUnits';
      results: SarifResult[];
    },
  ];
}

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const FINGERPRINT = 'mpS3Lint/v1';
/** GitHub code scanning keeps at most this many tags per rule. */
const MAX_TAGS = 10;

export function formatSarif(findings: readonly Finding[], rules: readonly RuleMeta[], options: SarifOptions): string {
  const sortedRules = [...rules].sort((a, b) => compareStrings(a.id, b.id));
  const ruleIndex = new Map(sortedRules.map((rule, index) => [rule.id, index]));
  const log: SarifLog = {
    $schema: SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mp-s3-lint',
            semanticVersion: options.toolVersion,
            informationUri: options.informationUri,
            rules: sortedRules.map((rule) => sarifRule(rule, options.docsBaseUri)),
          },
        },
        automationDetails: { id: options.automationId ?? 'mp-s3-lint/' },
        originalUriBaseIds: { [SRCROOT]: srcRootDescriptor(options.srcRoot) },
        columnKind: 'utf16CodeUnits',
        results: [...findings].sort(compareFindings).map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId))),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** The 1-based region of a finding (exclusive endColumn); a finding about a whole file (line 0) points at 1:1. */
export function findingRegion(finding: Finding): SarifRegion {
  if (!(finding.line >= 1)) return { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  const startColumn = Math.max(1, finding.column);
  const endLine = Math.max(finding.line, finding.endLine);
  const endColumn = endLine === finding.line ? Math.max(startColumn, finding.endColumn) : Math.max(1, finding.endColumn);
  return { startLine: finding.line, startColumn, endLine, endColumn };
}

/** Plain text of a rule's Markdown help: code kept without its fences and backticks, links as "text (url)". */
function markdownToText(markdown: string): string {
  // split() with the two capture groups yields: prose, fenced code, inline code, prose, …
  const parts = markdown.split(/```[^\n]*\n([\s\S]*?)\n?```|`([^`\n]+)`/);
  return parts.map((part, index) => (index % 3 === 0 ? proseToText(part) : (part ?? ''))).join('');
}

function proseToText(prose: string): string {
  return prose
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/^#{1,6}[ \t]+/gm, '');
}

function sarifRule(rule: RuleMeta, docsBaseUri: string): SarifRule {
  const severity = rule.securitySeverity;
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: markdownToText(rule.help), markdown: rule.help },
    helpUri: `${docsBaseUri}${rule.id}.md`,
    defaultConfiguration: { level: rule.defaultLevel },
    properties: {
      tags: ruleTags(rule.tags, severity !== undefined),
      precision: rule.precision,
      ...(severity === undefined ? {} : { 'security-severity': formatSeverity(severity) }),
    },
  };
}

/** The rule's tags, unique, with "security" for security rules, at most MAX_TAGS (never dropping "security"). */
function ruleTags(tags: readonly string[], security: boolean): string[] {
  const unique = [...new Set(tags)];
  const extra = security && !unique.includes('security') ? ['security'] : [];
  return [...unique.slice(0, MAX_TAGS - extra.length), ...extra];
}

/** GitHub wants a string holding a number in 0.1–10.0; one decimal. */
function formatSeverity(severity: number): string {
  return (Math.min(100, Math.max(1, Math.round(severity * 10))) / 10).toFixed(1);
}

function sarifResult(finding: Finding, ruleIndex: number | undefined): SarifResult {
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: finding.level,
    message: { text: finding.fix === undefined ? finding.message : `${finding.message}\n\nFix: ${finding.fix}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(finding.file), uriBaseId: SRCROOT }, region: findingRegion(finding) } }],
    partialFingerprints: { [FINGERPRINT]: findingFingerprint(finding) },
    ...(finding.suppressed === undefined ? {} : { suppressions: [{ kind: 'external', status: 'accepted', justification: finding.suppressed.reason }] }),
    properties: { jsonPath: finding.path, ...(finding.suppressed === undefined ? {} : { suppressedBy: finding.suppressed.source }) },
  };
}

/** A repo-relative POSIX path as a relative URI: each segment percent-encoded, '/' kept. */
function fileUri(file: string): string {
  return encodePath(file.replace(/\\/g, '/').replace(/^(\.\/)+/, ''));
}

function encodePath(posixPath: string): string {
  return posixPath.split('/').map(encodeURIComponent).join('/');
}

function srcRootDescriptor(srcRoot: string | undefined): { uri: string } | { description: SarifText } {
  if (srcRoot === undefined) return { description: { text: 'The directory mp-s3-lint ran in (the repository root in CI); result paths are relative to it.' } };
  const uri = /^file:/i.test(srcRoot) ? srcRoot : pathToFileURL(srcRoot).href;
  return { uri: uri.endsWith('/') ? uri : `${uri}/` };
}

function compareFindings(a: Finding, b: Finding): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.path, b.path) || compareStrings(a.message, b.message);
}

/** Code-unit order, independent of the locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// --format sarif: SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif).
// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html ; GitHub's subset and extra
// requirements: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
// The output is deterministic (no timestamps, no absolute paths unless srcRoot is given or an input
// lies outside the repository, stable order) so it can be snapshot-tested and alerts keep their
// identity between runs.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Level, RuleMeta } from '../types.js';
import { findingFingerprint } from '../engine/fingerprint.js';
import { ruleHelpMarkdown } from './rule-help.js';

export interface SarifOptions {
  /** The tool's version (driver.semanticVersion). */
  toolVersion: string;
  /** The project's page (driver.informationUri); left out when package.json names none. */
  informationUri?: string;
  /** A rule's docs page is docsBaseUri + rule id + '.md' (helpUri); left out when unknown: the help text is complete without it. */
  docsBaseUri?: string;
  /**
   * The code-scanning category (--sarif-category): written as automationDetails.id `CATEGORY/`. Without
   * it the log has no automationDetails, so upload-sarif's own `category` input applies (it fills the
   * field in only when it is absent).
   */
  category?: string;
  /**
   * Where the findings' paths are placed: relative to `cwd`, written relative to the repository `root`
   * under %SRCROOT%, or as file:// URIs when outside it. Without it, the paths are written as they are.
   */
  paths?: { cwd: string; root: string };
  /** Absolute path or file:// URI of %SRCROOT%, written into the log; else %SRCROOT% is only described. */
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
  helpUri?: string;
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
  locations: [{ physicalLocation: { artifactLocation: ArtifactLocation; region: SarifRegion } }];
  partialFingerprints: Record<typeof FINGERPRINT, string>;
  /** A finding a config's suppression accepts: kept in the log, with the reason, as SARIF says for external suppressions. */
  suppressions?: [{ kind: 'external'; status: 'accepted'; justification: string }];
  properties: { jsonPath: string; suppressedBy?: string };
}

/** A file under the repository root (relative URI, uriBaseId %SRCROOT%) or outside it (absolute file:// URI). */
interface ArtifactLocation {
  uri: string;
  uriBaseId?: typeof SRCROOT;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: { driver: { name: string; semanticVersion: string; informationUri?: string; rules: SarifRule[] } };
      automationDetails?: { id: string };
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
            ...(options.informationUri === undefined ? {} : { informationUri: options.informationUri }),
            rules: sortedRules.map((rule) => sarifRule(rule, options.docsBaseUri)),
          },
        },
        ...(options.category === undefined ? {} : { automationDetails: { id: automationId(options.category) } }),
        originalUriBaseIds: { [SRCROOT]: srcRootDescriptor(options) },
        columnKind: 'utf16CodeUnits',
        results: [...findings].sort(compareFindings).map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId), options.paths)),
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

/**
 * automationDetails.id for a category: GitHub takes everything before the last "/" as the category
 * and the rest as the run's id, so "prod" is written "prod/" (a run id would split one category into many).
 */
function automationId(category: string): string {
  return category.endsWith('/') ? category : `${category}/`;
}

/** Plain text of a rule's Markdown help: code kept without its fences and backticks, links as "text (url)". */
function markdownToText(markdown: string): string {
  // split() with the three capture groups yields: prose, fence, fenced code, inline code, prose, …
  const parts = markdown.split(/(`{3,})[^\n]*\n([\s\S]*?)\n?\1|`([^`\n]+)`/);
  return parts.map((part, index) => (index % 4 === 0 ? proseToText(part) : index % 4 === 1 ? '' : (part ?? ''))).join('');
}

function proseToText(prose: string): string {
  return prose
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/^#{1,6}[ \t]+/gm, '');
}

function sarifRule(rule: RuleMeta, docsBaseUri: string | undefined): SarifRule {
  const severity = rule.securitySeverity;
  const help = ruleHelpMarkdown(rule);
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: markdownToText(help), markdown: help },
    ...(docsBaseUri === undefined ? {} : { helpUri: `${docsBaseUri}${rule.id}.md` }),
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

function sarifResult(finding: Finding, ruleIndex: number | undefined, paths: SarifOptions['paths']): SarifResult {
  const file = placeFile(finding.file, paths);
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: finding.level,
    message: { text: finding.fix === undefined ? finding.message : `${finding.message}\n\nFix: ${finding.fix}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(file), region: findingRegion(finding) } }],
    // The shared fingerprint (baselines, GitLab) of the finding as placed from the repository root, so
    // it is the same whatever directory the linter ran in.
    partialFingerprints: { [FINGERPRINT]: findingFingerprint({ ...finding, file: file.inRoot ? file.relative : file.absolute }) },
    ...(finding.suppressed === undefined ? {} : { suppressions: [{ kind: 'external', status: 'accepted', justification: finding.suppressed.reason }] }),
    properties: { jsonPath: finding.path, ...(finding.suppressed === undefined ? {} : { suppressedBy: finding.suppressed.source }) },
  };
}

/** Where a finding's file is: a POSIX path relative to the repository root, or an absolute path outside it. */
type PlacedFile = { inRoot: true; relative: string } | { inRoot: false; absolute: string };

function placeFile(file: string, paths: SarifOptions['paths']): PlacedFile {
  if (paths === undefined) return path.isAbsolute(file) ? { inRoot: false, absolute: file } : { inRoot: true, relative: file.replace(/\\/g, '/').replace(/^(\.\/)+/, '') };
  const absolute = path.resolve(paths.cwd, file);
  const relative = path.relative(paths.root, absolute);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return { inRoot: false, absolute };
  return { inRoot: true, relative: relative === '' ? '.' : relative.split(path.sep).join('/') };
}

/** A root-relative path as a relative URI (each segment percent-encoded, '/' kept) under %SRCROOT%; else a file:// URI. */
function artifactLocation(file: PlacedFile): ArtifactLocation {
  if (!file.inRoot) return { uri: pathToFileURL(file.absolute).href };
  return { uri: file.relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function srcRootDescriptor(options: SarifOptions): { uri: string } | { description: SarifText } {
  const { srcRoot } = options;
  if (srcRoot === undefined) {
    const text = options.paths === undefined ? 'The directory mp-s3-lint ran in; result paths are relative to it.' : 'The repository root (GITHUB_WORKSPACE when set, else the git top level); result paths are relative to it.';
    return { description: { text } };
  }
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

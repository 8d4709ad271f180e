// --format github: one GitHub Actions workflow command per finding, shown as an annotation on the
// pull request: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
// Escaping follows the runner (actions/toolkit command.ts): data escapes %, CR and LF; property
// values also escape ':' and ','.
import type { Finding, Level, RuleMeta } from '../types.js';
import { findingRegion } from './sarif.js';

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', note: 'notice' };

export function formatGithub(findings: readonly Finding[], rules: readonly RuleMeta[]): string {
  const titles = new Map(rules.map((rule) => [rule.id, rule.title]));
  // A suppressed finding is accepted on purpose: no annotation.
  return findings
    .filter((finding) => finding.suppressed === undefined)
    .map((finding) => `${command(finding, titles.get(finding.ruleId))}\n`)
    .join('');
}

function command(finding: Finding, ruleTitle: string | undefined): string {
  const region = findingRegion(finding);
  const properties = {
    file: finding.file,
    line: region.startLine,
    col: region.startColumn,
    endLine: region.endLine,
    endColumn: region.endColumn,
    title: ruleTitle === undefined ? finding.ruleId : `${finding.ruleId} ${ruleTitle}`,
  };
  return workflowCommand(COMMAND[finding.level], properties, finding.message);
}

/** One workflow command, `::NAME key=value,…::MESSAGE`, escaped as the runner reads it. */
export function workflowCommand(name: string, properties: Readonly<Record<string, string | number>>, message: string): string {
  const list = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${name} ${list.join(',')}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

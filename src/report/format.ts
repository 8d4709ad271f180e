// Chooses a formatter by name. Formatters are pure: (findings, rules, options) => string.
import type { Report, RuleMeta } from '../types.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif, type SarifOptions } from './sarif.js';
import { formatStylish } from './stylish.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface FormatContext {
  color: boolean;
  version: string;
  /** SARIF: the project's page and the base of its rule pages, when package.json names them. */
  informationUri?: string;
  docsBaseUri?: string;
  /** SARIF: the code-scanning category (--sarif-category) and where result paths are placed. */
  category?: string;
  paths?: SarifOptions['paths'];
}

export function formatReport(format: FormatName, report: Report, rules: readonly RuleMeta[], context: FormatContext): string {
  switch (format) {
    case 'json':
      return formatJson(report.findings, rules, { files: report.summary.files, known: report.summary.known, passedOver: report.summary.passedOver ?? 0, setups: report.summary.setups });
    case 'stylish':
      return formatStylish(report.findings, rules, { color: context.color, files: report.summary.files, known: report.summary.known, passedOver: report.summary.passedOver ?? 0, setups: report.summary.setups });
    case 'sarif':
      return formatSarif(report.findings, rules, { toolVersion: context.version, informationUri: context.informationUri, docsBaseUri: context.docsBaseUri, category: context.category, paths: context.paths });
    case 'github':
      return formatGithub(report.findings, rules);
    case 'junit':
      return formatJunit(report.findings, rules, { setups: report.setups ?? [] });
    case 'gitlab':
      return formatGitlab(report.findings, rules);
  }
}

// The library, what `import … from 'mp-s3-lint'` gives: lint() checks files and lintLive() the
// deployed setup, each returning a Report; the formatters turn a report into text (pure functions of
// the findings, `rules` and their options). The CLI (src/cli.ts) is a thin layer over the same calls.
import type { RuleMeta } from './types.js';
import { allRules } from '../rules/index.js';

export { lint, UsageError, type LintOptions } from './lint.js';
export type { CacheOptions, CacheStats } from './result-cache.js';
export { lintLive, type LiveLintOptions, type LiveLintResult } from './live.js';
export { formatReport, FORMATS, type FormatContext, type FormatName } from './report/format.js';
export { formatSarif, type SarifLog, type SarifOptions } from './report/sarif.js';
export { formatJson, type JsonFormatOptions } from './report/json.js';
export { formatStylish, type StylishOptions } from './report/stylish.js';
export { formatGithub } from './report/github.js';
export { formatJunit, type JunitOptions } from './report/junit.js';
export { formatGitlab } from './report/gitlab.js';
export { resultPaths, type ResultPaths } from './repository.js';
export { VERSION } from './version.js';
export type { Encryption, Finding, Level, PipelineParams, Report, RuleExample, RuleMeta } from './types.js';

/** The metadata of every rule, in id order: what the formatters need (SARIF's rule table, titles). */
export const rules: readonly RuleMeta[] = allRules.map((rule) => rule.meta);

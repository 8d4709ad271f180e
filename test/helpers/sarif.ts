// Validates a SARIF log against the official OASIS SARIF 2.1.0 schema (vendored, draft-04) and
// against what GitHub code scanning requires on top of it:
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import { repoPath } from './repo.js';

/** Loose view of a log for GitHub's checks; the schema has already said what is malformed. */
interface LooseLog {
  runs?: Array<{
    tool?: { driver?: { rules?: LooseRule[] } };
    results?: Array<{ locations?: Array<{ physicalLocation?: { region?: object } }> }>;
  }>;
}

interface LooseRule {
  id?: string;
  shortDescription?: { text?: string };
  fullDescription?: { text?: string };
  help?: { text?: string };
  properties?: { tags?: unknown[]; 'security-severity'?: unknown };
}

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv04.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(repoPath('test', 'vendor', 'sarif-schema-2.1.0.json'), 'utf8')) as object);
  }
  return compiled;
}

/** Every problem with the log, as readable strings; empty when it is valid SARIF that GitHub accepts. */
export function validateSarif(log: unknown): string[] {
  const validate = schemaValidator();
  const schemaErrors = validate(log) ? [] : (validate.errors ?? []).map(describeSchemaError);
  return [...schemaErrors, ...githubErrors(log as LooseLog)];
}

function describeSchemaError(error: ErrorObject): string {
  return `schema: ${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}

function githubErrors(log: LooseLog): string[] {
  return (log.runs ?? []).flatMap((run, r) => [
    ...(run.tool?.driver?.rules ?? []).flatMap((rule) => ruleErrors(rule, `runs[${r}] rule ${rule.id ?? '?'}`)),
    ...(run.results ?? []).flatMap((result, i) =>
      result.locations?.some((location) => location.physicalLocation?.region !== undefined) ? [] : [`github: runs[${r}].results[${i}] has no location with a region`],
    ),
  ]);
}

function ruleErrors(rule: LooseRule, where: string): string[] {
  const errors: string[] = [];
  const texts = { shortDescription: rule.shortDescription?.text, fullDescription: rule.fullDescription?.text, help: rule.help?.text };
  for (const [name, text] of Object.entries(texts)) if (!text?.trim()) errors.push(`github: ${where} has no ${name}.text`);
  const tags = rule.properties?.tags ?? [];
  if (tags.length > 10) errors.push(`github: ${where} has ${tags.length} tags (at most 10)`);
  const severity = rule.properties?.['security-severity'];
  if (severity !== undefined && !isSecuritySeverity(severity)) errors.push(`github: ${where} security-severity ${JSON.stringify(severity)} is not a string holding 0.1–10.0`);
  return errors;
}

function isSecuritySeverity(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) return false;
  const number = Number(value);
  return number >= 0.1 && number <= 10;
}

// Runs the rules over setups and turns what they report (JSON paths) into findings with positions.
import type { Finding, JsonPath, Level, PolicyDocument, SourceRange } from '../types.js';
import type { Setup } from '../setup/setup.js';
import type { ReportDescriptor, Rule, RunRuleContext } from './rule.js';

const FILE_START: SourceRange = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** `$.Statement[0].Condition.StringEquals['sts:ExternalId']` */
export function formatJsonPath(path: JsonPath): string {
  return '$' + path.map((s) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `['${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`)).join('');
}

export function levelFor(rule: Rule, levels: Readonly<Record<string, Level | 'off'>>): Level | 'off' {
  return levels[rule.meta.id] ?? rule.meta.defaultLevel;
}

/** The rules a setup runs (those not turned off), by id: what a format with one test per setup and rule lists. */
export function rulesRun(setup: Setup, rules: readonly Rule[]): string[] {
  return rules.filter((rule) => rule.scope !== 'run' && levelFor(rule, setup.ruleLevels) !== 'off').map((rule) => rule.meta.id);
}

/** Findings of a rule about the run as a whole (scope 'run'), at the level given. */
export function runRunRule(rule: Extract<Rule, { scope: 'run' }>, level: Level, context: Omit<RunRuleContext, 'report'>): Finding[] {
  const findings: Finding[] = [];
  rule.check({ ...context, report: (d) => findings.push(finding(rule, level, d.file, d.range, d.path, d.message, d.fix, undefined)) });
  return findings;
}

/** Where a setup-wide finding (nothing to point at) is shown: its config file, else its first file. */
function setupAnchor(setup: Setup): string {
  return setup.configFile ?? setup.sources[0]?.file ?? setup.directory;
}

function finding(rule: Rule, level: Level, file: string, range: SourceRange, path: JsonPath, message: string, fix: string | undefined, setup: string | undefined): Finding {
  return { ruleId: rule.meta.id, level, message, file, ...range, path: formatJsonPath(path), ...(fix === undefined ? {} : { fix }), ...(setup === undefined ? {} : { setup }) };
}

function documentFinding(rule: Rule, level: Level, document: PolicyDocument, descriptor: ReportDescriptor, setup: string): Finding {
  const path = descriptor.path ?? [];
  const range = descriptor.range ?? document.locate(path);
  // A policy from a template or plan: the message names the resource (logical id or address) it belongs to.
  const managed = document.meta.awsManaged;
  const origin = managed === undefined ? `resource ${document.meta.iac?.resource}` : `AWS managed policy ${managed.name} ${managed.versionId} as published in ${managed.source}, attached by resource ${document.meta.iac?.resource}`;
  const message = document.meta.iac === undefined ? descriptor.message : `${descriptor.message} (${origin})`;
  return finding(rule, level, document.file, range, [...document.policyPath, ...path], message, descriptor.fix, setup);
}

export function runRules(setups: readonly Setup[], rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  for (const setup of setups) {
    for (const rule of rules) {
      const level = levelFor(rule, setup.ruleLevels);
      if (level === 'off') continue;
      switch (rule.scope) {
        case 'source':
          for (const source of setup.sources) {
            rule.check({ source, setup, report: (d) => findings.push(finding(rule, level, source.file, d.range, d.path ?? [], d.message, d.fix, setup.directory)) });
          }
          break;
        case 'document':
          for (const document of setup.documents) {
            rule.check({ document, setup, report: (d) => findings.push(documentFinding(rule, level, document, d, setup.directory)) });
          }
          break;
        case 'setup':
          rule.check({
            setup,
            report: (d) =>
              findings.push(
                d.document ? documentFinding(rule, level, d.document, d, setup.directory) : finding(rule, level, d.file ?? setupAnchor(setup), d.range ?? FILE_START, d.path ?? [], d.message, d.fix, setup.directory),
              ),
          });
          break;
        case 'run':
          break; // checked once after every setup (src/lint.ts)
      }
    }
  }
  return sortFindings(findings);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

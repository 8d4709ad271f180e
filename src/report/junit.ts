// --format junit: JUnit XML as CI systems read test reports (GitLab, Jenkins, Azure DevOps, CircleCI).
// One test suite per setup, one test case per rule run on it; the rule's error findings are its
// failure, warnings and notes its output. Suppressed findings are not failures. Valid against the
// JUnit schema Jenkins' xunit plugin publishes (junit-10.xsd; test/vendor/README.md).
import type { CheckedSetup, Finding, RuleMeta } from '../types.js';

export interface JunitOptions {
  /** The setups checked and the rules run on each (Report.setups). */
  setups: readonly CheckedSetup[];
}

export function formatJunit(findings: readonly Finding[], rules: readonly RuleMeta[], options: JunitOptions): string {
  const names = new Map(rules.map((rule) => [rule.id, rule.name]));
  const bySetup = new Map<string, Map<string, Finding[]>>();
  for (const finding of findings) {
    const setup = finding.setup ?? '';
    let byRule = bySetup.get(setup);
    if (byRule === undefined) bySetup.set(setup, (byRule = new Map()));
    byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);
  }
  const suites = options.setups.map(({ name, ruleIds }) => suite(name, ruleIds, bySetup.get(name) ?? new Map(), names));
  const tests = suites.reduce((sum, s) => sum + s.tests, 0);
  const failures = suites.reduce((sum, s) => sum + s.failures, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mp-s3-lint" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(setup: string, ruleIds: readonly string[], byRule: Map<string, Finding[]>, names: Map<string, string>): { tests: number; failures: number; xml: string } {
  let failures = 0;
  const cases = ruleIds.map((ruleId) => {
    const found = byRule.get(ruleId) ?? [];
    const errors = found.filter((f) => f.level === 'error' && f.suppressed === undefined);
    const others = found.filter((f) => f.level !== 'error' || f.suppressed !== undefined);
    const name = names.get(ruleId);
    const open = `    <testcase classname="${attribute(setup)}" name="${attribute(name === undefined ? ruleId : `${ruleId} ${name}`)}"`;
    if (found.length === 0) return `${open}/>`;
    const body: string[] = [];
    if (errors.length > 0) {
      failures++;
      const message = errors.length === 1 ? errors[0]!.message.split('\n')[0]! : `${errors.length} errors`;
      body.push(`      <failure type="${ruleId}" message="${attribute(message)}">${text(errors.map(describe).join('\n'))}</failure>`);
    }
    if (others.length > 0) body.push(`      <system-out>${text(others.map(describe).join('\n'))}</system-out>`);
    return [`${open}>`, ...body, '    </testcase>'].join('\n');
  });
  const xml = [`  <testsuite name="${attribute(setup)}" tests="${ruleIds.length}" failures="${failures}" errors="0" skipped="0">`, ...cases, '  </testsuite>'].join('\n');
  return { tests: ruleIds.length, failures, xml };
}

/** One finding as a line of the test's output: place, level, message, fix, and the reason when suppressed. */
function describe(finding: Finding): string {
  const level = finding.suppressed === undefined ? finding.level : `${finding.level}, suppressed (${finding.suppressed.reason}; ${finding.suppressed.source})`;
  return `${finding.file}:${finding.line}:${finding.column} ${level} ${finding.message} [${finding.path}]${finding.fix === undefined ? '' : `\nfix: ${finding.fix}`}`;
}

/** Characters XML 1.0 cannot hold at all (control characters, lone surrogates, U+FFFE/U+FFFF) become U+FFFD. */
function xmlSafe(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function text(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also keep their line breaks and tabs (written as character references, which attribute normalisation leaves alone). */
function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

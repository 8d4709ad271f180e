// A rule's full help in Markdown: why it matters, a wrong and a right example, and the fix. SARIF
// (help.markdown, and help.text in plain text) and the rule pages in docs/rules/ (`npm run docs`)
// render these same sections, so code scanning shows everything without following a link.
import type { RuleExample, RuleMeta } from '../types.js';

export function ruleHelpMarkdown(meta: RuleMeta): string {
  return [
    '## Why it matters',
    '',
    meta.description,
    '',
    '## Wrong',
    '',
    ...exampleLines(meta.examples.wrong),
    '## Right',
    '',
    ...exampleLines(meta.examples.right),
    '## How to fix',
    '',
    meta.help,
  ].join('\n');
}

function exampleLines(example: RuleExample): string[] {
  const lines = [example.explanation, ''];
  for (const [name, content] of Object.entries(example.files ?? {})) lines.push(`\`${name}\`:`, '', fenced(languageOf(name), content), '');
  if (example.command !== undefined) lines.push(fenced('sh', example.command), '');
  return lines;
}

function languageOf(file: string): string {
  if (file.endsWith('.json')) return 'json';
  return /\.(ya?ml|template)$/.test(file) ? 'yaml' : 'text';
}

/** A fenced code block whose fence is longer than any run of backticks inside it. */
function fenced(language: string, code: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${code.replace(/\n+$/, '')}\n${fence}`;
}

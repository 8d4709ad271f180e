// --format stylish: findings grouped by file, like ESLint's stylish. Colour is decided by the
// caller (TTY, NO_COLOR, --no-color) and passed in, so the function stays pure.
import { Chalk } from 'chalk';
import type { Finding, RuleMeta } from '../types.js';

export interface StylishOptions {
  color: boolean;
  files: number;
  /** Findings a baseline knew (left out of the report). */
  known?: number;
  /** Files read that held nothing to check (not counted in `files`). */
  passedOver?: number;
  /** The export setups checked, by directory (said when the run looked at more than one folder's files). */
  setups?: readonly string[];
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Setups named in the summary line, at most. */
const SETUPS_NAMED = 3;

export function formatStylish(all: readonly Finding[], _rules: readonly RuleMeta[], options: StylishOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  // Suppressed findings were accepted with a reason: counted at the end, not listed (--format json lists them).
  const findings = all.filter((finding) => finding.suppressed === undefined);
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  const levelText = { error: chalk.red('error'), warning: chalk.yellow('warning'), note: chalk.blue('note') };
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(chalk.underline(file));
    const locations = list.map((f) => `${f.line}:${f.column}`);
    const width = Math.max(...locations.map((l) => l.length));
    list.forEach((finding, index) => {
      const levelWord = finding.level.padEnd(7);
      const [first = '', ...rest] = finding.message.split('\n');
      lines.push(`  ${chalk.dim(locations[index]!.padEnd(width))}  ${levelText[finding.level]}${' '.repeat(levelWord.length - finding.level.length)}  ${first}  ${chalk.dim(finding.ruleId)}`);
      const indent = ' '.repeat(2 + width + 2 + 7 + 2);
      for (const line of rest) lines.push(indent + line);
      if (finding.fix !== undefined) {
        const [fixFirst = '', ...fixRest] = finding.fix.split('\n');
        lines.push(`${indent}${chalk.green('fix:')} ${fixFirst}`);
        for (const line of fixRest) lines.push(`${indent}     ${line}`);
      }
    });
    lines.push('');
  }
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  const notes = findings.length - errors - warnings;
  const accepted = [
    ...(all.length > findings.length ? [`${all.length - findings.length} suppressed`] : []),
    ...((options.known ?? 0) > 0 ? [`${options.known} known from the baseline`] : []),
  ];
  const passedOver = options.passedOver ?? 0;
  const setups = options.setups ?? [];
  const checked = setups.length === 0 ? [] : [`${plural(setups.length, 'export setup')} checked (${setups.slice(0, SETUPS_NAMED).join(', ')}${setups.length > SETUPS_NAMED ? ', …' : ''})`];
  const passed = passedOver === 0 ? [] : [`${plural(passedOver, 'file')} passed over (not part of an export setup)`];
  const context = [...checked, ...passed];
  const aside = `${context.length === 0 ? '' : ` (${context.join('; ')})`}${accepted.length === 0 ? '' : ` (not counted: ${accepted.join(', ')})`}`;
  if (findings.length === 0) {
    lines.push(chalk.green(`✔ No problems found in ${plural(options.files, 'file')}${aside}.`));
  } else {
    const summary = `✖ ${plural(findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(notes, 'note')}) in ${plural(options.files, 'file')}${aside}`;
    lines.push(errors > 0 ? chalk.red.bold(summary) : chalk.yellow.bold(summary));
  }
  return lines.join('\n') + '\n';
}

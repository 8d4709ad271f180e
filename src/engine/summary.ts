// The counts a report ends with. Only findings that count are in errors, warnings and notes: a
// suppressed finding is counted in `suppressed`, one a baseline knew in `known`; files read that held
// nothing to check in `passedOver`.
import type { Finding, Report } from '../types.js';

export function summarize(findings: readonly Finding[], files: number, known = 0, passedOver = 0, setups?: readonly string[]): Report['summary'] {
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  let suppressed = 0;
  for (const finding of findings) {
    if (finding.suppressed !== undefined) suppressed++;
    else if (finding.level === 'error') errors++;
    else if (finding.level === 'warning') warnings++;
    else notes++;
  }
  return { errors, warnings, notes, files, suppressed, known, passedOver, ...(setups === undefined ? {} : { setups: [...setups] }) };
}

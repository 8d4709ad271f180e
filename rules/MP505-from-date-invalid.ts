import { parameterRule } from '../src/engine/parameter-rule.js';
import { fromDateProblem } from '../src/setup/parameters.js';

export default parameterRule(
  {
    id: 'MP505',
    name: 'from-date-invalid',
    title: 'from_date malformed or out of range',
    description: 'Mixpanel takes `from_date` as `YYYY-MM-DD`, not in the future and not more than six months in the past. Checked when given (it is required only when creating the pipeline).',
    help: 'Use a date within the last six months, e.g. the first day of last month.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'parameters'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The date is written month first.', command: 'mp-s3-lint policies/ --from-date 11/01/2026' },
      right: { explanation: 'The date is written YYYY-MM-DD, within the last six months and not in the future.', command: 'mp-s3-lint policies/ --from-date 2026-11-01' },
    },
  },
  (setup, problem) => {
    const fromDate = setup.params.fromDate;
    const reason = fromDate === undefined ? undefined : fromDateProblem(fromDate, new Date());
    if (reason !== undefined) problem('fromDate', `from_date "${fromDate}" ${reason}.`);
  },
);

// `--create` sends nothing to Mixpanel unless the full check passed: a property over random reports
// and maxWarnings, and every bad fixture linted for real.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/lint.js';
import { createPipeline } from '../src/create/index.js';
import { repoPath } from './helpers/repo.js';
import { startMixpanelStandin, type MixpanelStandin } from './support/mixpanel-standin.js';
import { API_SECRET, PROJECT_ID, createInput, report, tempDir } from './support/pipeline-input.js';

const SEED = 20261001;

let standin: MixpanelStandin;
let audit: string;

test.before(async () => {
  standin = await startMixpanelStandin({ projectId: PROJECT_ID, apiSecret: API_SECRET });
  audit = path.join(await tempDir(), 'audit.jsonl');
});
test.after(async () => {
  await standin.close();
});

test('property: a POST is made exactly when the verdict passed and the report has no error, no input failure, a file checked and warnings within maxWarnings', async () => {
  let blocked = 0;
  let passed = 0;
  let byVerdictAlone = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        // Weighted towards passing reports, so that both sides of the gate are exercised often.
        errors: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 }),
        warnings: fc.nat(6),
        notes: fc.nat(3),
        files: fc.nat(4),
        inputFailure: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
        maxWarnings: fc.option(fc.nat(6), { nil: undefined }),
        // A config can hide findings from the report, never from the verdict.
        verdictPassed: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
      }),
      async ({ errors, warnings, notes, files, inputFailure, maxWarnings, verdictPassed }) => {
        standin.reset();
        const verdict = { passed: verdictPassed, reasons: verdictPassed ? [] : ["error findings at the rules' default level (1): MP600 (set to off by the config)"] };
        const outcome = await createPipeline(createInput(standin, audit, { report: report({ errors, warnings, notes, files }, inputFailure, verdict), maxWarnings }));
        const mustBlock = !verdictPassed || inputFailure || files === 0 || errors > 0 || (maxWarnings !== undefined && warnings > maxWarnings);
        if (mustBlock) {
          blocked++;
          if (!inputFailure && files > 0 && errors === 0 && !(maxWarnings !== undefined && warnings > maxWarnings)) {
            byVerdictAlone++;
            assert.ok(outcome.messages.at(-1)!.includes('whatever the config\'s rule levels show: error findings at the rules\' default level (1): MP600 (set to off by the config)'), outcome.messages.at(-1));
          }
          assert.is(outcome.decision, 'refused');
          assert.is(outcome.exitCode, 1);
          assert.is(standin.requests.length, 0, 'not even a listing');
          assert.ok(outcome.messages.at(-1)!.includes('no option or rule level skips the check') && outcome.messages.at(-1)!.endsWith('Nothing was sent to Mixpanel.'), outcome.messages.at(-1));
        } else {
          passed++;
          assert.is(outcome.decision, 'created', outcome.messages.join('\n'));
          assert.is(standin.count('create', 'POST'), 1);
        }
      },
    ),
    { seed: SEED, numRuns: 80 },
  );
  assert.ok(blocked > 10 && passed > 5 && byVerdictAlone > 3, `both sides exercised (${blocked} blocked, ${byVerdictAlone} of them by the verdict alone, ${passed} passed)`);
});

test('every bad fixture whose report has errors: createPipeline makes no request at all', async () => {
  standin.reset();
  const root = repoPath('fixtures');
  const directories = readdirSync(root).flatMap((area) => {
    const bad = path.join(root, area, 'bad');
    return existsSync(bad) ? readdirSync(bad).map((name) => path.join(bad, name)) : [];
  });
  let withErrors = 0;
  for (const directory of directories) {
    const linted = await lint({ paths: [directory], cwd: directory });
    if (linted.summary.errors === 0) continue;
    withErrors++;
    const outcome = await createPipeline(createInput(standin, audit, { report: linted }));
    assert.is(outcome.decision, 'refused', directory);
    assert.ok(outcome.messages.at(-1)!.includes(`found ${linted.summary.errors} error`), outcome.messages.at(-1));
  }
  assert.is(standin.count('create', 'POST'), 0);
  assert.is(standin.requests.length, 0);
  assert.ok(withErrors >= 40, `${withErrors} of ${directories.length} bad fixtures have errors`);
});

test('a setup whose policies stop allowing the export at a later date (MP030) is created only with an end date before it', async () => {
  const fixture = repoPath('fixtures', 'documents', 'bad', 'allow-window-ends');
  const checked = await lint({ paths: [fixture], cwd: fixture, now: new Date('2026-12-01T00:00:00Z') });
  assert.is(checked.verdict.worksUntil, '2099-06-30T00:00:00.000Z');
  assert.is(checked.summary.errors, 0, 'a warning in the report');
  const before = standin.requests.filter((r) => r.route === 'create').length;
  const open = await createPipeline(createInput(standin, audit, { report: { ...checked, summary: { ...checked.summary, files: 3 } } }));
  assert.is(open.decision, 'refused');
  assert.match(open.messages.join('\n'), /stop allowing the export on 2099-06-30.*no end date/);
  const late = await createPipeline(createInput(standin, audit, { report: checked, toDate: '2099-12-31' }));
  assert.is(late.decision, 'refused');
  assert.is(standin.requests.filter((r) => r.route === 'create').length, before, 'nothing was sent');
  const { checkGate } = await import('../src/create/index.js');
  assert.is(checkGate(checked, undefined, '2099-06-29'), undefined, 'an end date before it is fine');
});

test.run();

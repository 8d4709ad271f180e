// Setups checked in parallel by worker threads (lint-worker.ts): the main thread walks, groups and
// hands out batches of setups in order; each worker reads, checks and sends back findings only.
// A worker that fails (out of memory on a huge setup, or any crash) is retired and its batch is
// checked again in this thread, so a run never loses a setup to a thread.
import { Worker } from 'node:worker_threads';
import type { Finding } from './types.js';
import { allRules } from '../rules/index.js';
import { groupChecker, UsageError, type CheckedSetups, type GroupOptions, type ReportBuilder, type SetupGroup } from './lint.js';

/** What a worker sends back for one batch. */
export type BatchAnswer = { checked: CheckedSetups } | { usageError: { index: number; message: string }; checked: CheckedSetups };

/** What the main thread sends: the batch and the index of its first group in the whole run. */
export interface BatchRequest {
  first: number;
  groups: SetupGroup[];
}

/** About this many files per batch: large enough that messages cost little, small enough to share the work evenly. */
const BATCH_FILES = 200;

function batches(groups: readonly SetupGroup[]): BatchRequest[] {
  const all: BatchRequest[] = [];
  let current: BatchRequest | undefined;
  let files = 0;
  groups.forEach((group, index) => {
    if (current === undefined || files >= BATCH_FILES) {
      all.push((current = { first: index, groups: [] }));
      files = 0;
    }
    current.groups.push(group);
    files += group.files.length + 1;
  });
  return all;
}

export async function checkInWorkers(groups: readonly SetupGroup[], workers: number, options: GroupOptions, report: ReportBuilder): Promise<void> {
  const queue = batches(groups);
  // The first bad config in group order is the one reported, as when checking in one thread: batches
  // go out in order, and every batch out is waited for, so all groups before it have been checked.
  let firstUsageError: { index: number; message: string } | undefined;
  const take = (answer: BatchAnswer) => {
    report.add(answer.checked);
    if ('usageError' in answer && (firstUsageError === undefined || answer.usageError.index < firstUsageError.index)) firstUsageError = answer.usageError;
  };
  const inThisThread: BatchRequest[] = [];
  const workerUrl = new URL('./lint-worker.js', import.meta.url);

  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(workerUrl, { workerData: options });
      let current: BatchRequest | undefined;
      const stop = () => {
        worker.removeAllListeners();
        worker.on('error', () => {}); // nothing more is expected from it
        void worker.terminate();
        resolve();
      };
      const next = () => {
        current = firstUsageError === undefined ? queue.shift() : undefined;
        if (current === undefined) stop();
        else worker.postMessage(current);
      };
      worker.on('message', (answer: BatchAnswer) => {
        take(answer);
        next();
      });
      const retire = () => {
        if (current !== undefined) inThisThread.push(current);
        stop();
      };
      worker.on('error', retire);
      worker.on('exit', retire);
      worker.on('online', next);
    });
  await Promise.all(Array.from({ length: workers }, runWorker));

  // Batches of retired workers, and any left when every worker was retired.
  const check = await groupChecker(options, allRules);
  for (const batch of [...inThisThread.sort((a, b) => a.first - b.first), ...queue]) {
    if (firstUsageError !== undefined && firstUsageError.index < batch.first) break;
    take(await checkBatch(batch, check));
  }
  if (firstUsageError !== undefined) throw new UsageError(firstUsageError.message);
}

/** Checks a batch's setups in order; a bad config (UsageError) ends the batch and is reported with its group's index. */
export async function checkBatch(batch: BatchRequest, check: (group: SetupGroup) => Promise<CheckedSetups>): Promise<BatchAnswer> {
  const findings: Finding[] = [];
  const files: string[] = [];
  let inputFailure = false;
  const checked = () => ({ findings, files, inputFailure });
  for (const [offset, group] of batch.groups.entries()) {
    let result: CheckedSetups;
    try {
      result = await check(group);
    } catch (error) {
      if (error instanceof UsageError) return { usageError: { index: batch.first + offset, message: error.message }, checked: checked() };
      throw error;
    }
    findings.push(...result.findings);
    files.push(...result.files);
    inputFailure ||= result.inputFailure;
  }
  return { checked: checked() };
}

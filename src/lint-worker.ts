// A worker thread of lint-workers.ts: checks the batches of setups it is sent with the built-in
// rules and answers with their findings. Errors other than a bad config end the thread; the main
// thread then checks the batch itself.
import { parentPort, workerData } from 'node:worker_threads';
import { allRules } from '../rules/index.js';
import { groupChecker, type GroupOptions } from './lint.js';
import { checkBatch, type BatchRequest } from './lint-workers.js';

const port = parentPort!;
const check = await groupChecker(workerData as GroupOptions, allRules);
port.on('message', (batch: BatchRequest) => {
  void checkBatch(batch, check).then((answer) => port.postMessage(answer));
});

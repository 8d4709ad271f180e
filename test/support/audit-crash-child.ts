// Child process for the audit crash test: one attempt that completes (a dry run, appended to the
// audit log), then one whose create request hangs until the parent kills this process with SIGKILL.
// argv[2]: the stand-in's URL; argv[3]: the audit log.
import { createPipeline } from '../../src/create/index.js';
import { SECRET_ENV, PARAMS, DOCUMENTS, report } from './pipeline-input.js';

const [apiUrl, auditLog] = process.argv.slice(2) as [string, string];
const input = { report: report(), params: PARAMS, documents: DOCUMENTS, env: SECRET_ENV, apiUrl, auditLog, yes: true, interactive: false, network: { timeoutMs: 60_000, maxAttempts: 1, retryDelayMs: 0 } };
const dryRun = await createPipeline({ ...input, dryRun: true });
process.stdout.write(`${dryRun.decision}\n`);
await createPipeline(input);
process.stdout.write('the create request returned: the parent should have killed this process\n');

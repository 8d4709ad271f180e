// Inputs for the `--create` tests: a passing report, a complete setup, credentials that exist nowhere
// else, and fast network settings so retries and timeouts take milliseconds.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PipelineParams, Report } from '../../src/types.js';
import type { CreateInput } from '../../src/create/index.js';
import type { MixpanelStandin } from './mixpanel-standin.js';

export const PROJECT_ID = '3141592';
export const API_SECRET = 'c0ffee5ecre7a1b2c3d4e5f60718293a';
export const SERVICE_ACCOUNT = { username: 'ci-export.8f3e21.mp-service-account', secret: 'SaSecret+/=Qm9vZ3VzLXZhbHVlLW9ubHk' };
export const SECRET_ENV = { MIXPANEL_API_SECRET: API_SECRET };
export const SERVICE_ACCOUNT_ENV = { MIXPANEL_SERVICE_ACCOUNT_USERNAME: SERVICE_ACCOUNT.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: SERVICE_ACCOUNT.secret };

export const PARAMS: PipelineParams = {
  bucket: 'mixpanel-export-bucket',
  role: 'arn:aws:iam::111122223333:role/mixpanel-export',
  token: '0123456789abcdef0123456789abcdef',
  region: 'eu-west-1',
  prefix: 'exports',
  encryption: 'kms',
  kmsKey: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  fromDate: '2026-09-01',
};

export const DOCUMENTS = [
  { file: 'policies/trust.json', sha256: 'a'.repeat(64) },
  { file: 'policies/permissions.json', sha256: 'b'.repeat(64) },
];

export const CALLER = { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/release' };

/** Timeouts of a few hundred ms, near-zero backoff. */
export const FAST = { timeoutMs: 300, maxAttempts: 3, retryDelayMs: 5 };

/** A report with this summary; its verdict passes unless given (the gate asks both). */
export function report(summary: Partial<Report['summary']> = {}, inputFailure = false, verdict: Report['verdict'] = { passed: true, reasons: [] }): Report {
  return { findings: [], summary: { errors: 0, warnings: 0, notes: 0, files: 2, ...summary }, inputFailure, verdict };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'mp-s3-lint-create-'));
}

/** A complete input against the stand-in: passing report, project secret, `yes`, no TTY. */
export function createInput(standin: MixpanelStandin, auditLog: string, overrides: Partial<CreateInput> = {}): CreateInput {
  return {
    report: report(),
    params: PARAMS,
    documents: DOCUMENTS,
    caller: CALLER,
    env: SECRET_ENV,
    apiUrl: standin.url,
    auditLog,
    yes: true,
    interactive: false,
    network: FAST,
    ...overrides,
  };
}

/** The audit log's lines, each parsed. */
export async function auditLines(file: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

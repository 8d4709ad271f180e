// Tells what part a bare policy plays from its content alone. The grammar differs per kind:
// trust policies have a Principal and no Resource, bucket and key policies have both, identity
// policies have no Principal (IAM JSON policy reference: "Principal" and "Resource" elements).
import type { DocumentKind } from '../types.js';

const TRUST_ACTION = /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity|SetContext|\*)$/i;

function statementsOf(policy: Record<string, unknown>): Record<string, unknown>[] {
  const statement = policy['Statement'];
  const list = Array.isArray(statement) ? statement : [statement];
  return list.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && !Array.isArray(s));
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** True when the value looks like an IAM-style policy (an object with a Statement). */
export function looksLikePolicy(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'Statement' in value;
}

export function classifyPolicy(policy: Record<string, unknown>): DocumentKind {
  const statements = statementsOf(policy);
  if (statements.length === 0) return 'unknown';
  const hasPrincipal = statements.some((s) => 'Principal' in s || 'NotPrincipal' in s);
  if (!hasPrincipal) return 'identity';
  const actions = statements.flatMap((s) => [...strings(s['Action']), ...strings(s['NotAction'])]);
  const resources = statements.flatMap((s) => [...strings(s['Resource']), ...strings(s['NotResource'])]);
  // A trust policy that wrongly carries a Resource is still a trust policy (MP010 reports the Resource).
  if (actions.length > 0 && actions.every((a) => TRUST_ACTION.test(a))) return 'trust';
  if (resources.length === 0) return actions.length === 0 ? 'trust' : 'unknown';
  if (resources.some((r) => /^arn:[^:]*:s3:::/.test(r))) return 'bucket';
  if (actions.some((a) => /^kms:/i.test(a)) || actions.includes('*')) return 'key';
  return 'unknown';
}

// What part a policy plays in an export setup. The kind is decided, in this order, by:
// 1. the config (`documents` in mp-s3-lint.config.json): the user's explicit word;
// 2. the wrapper, when it says where AWS keeps the policy (get-role → trust policy, get-role-policy →
//    permission policy, a template's resource type, ...): the content cannot move it elsewhere, and
//    MP010 reports content that does not fit its place;
// 3. the structure (IAM JSON policy reference, "Principal": identity policies have none, resource
//    policies need one: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
//    no Principal is a permission policy; with a Principal, the service of the actions decides —
//    `sts:` (wildcards included: `sts:*`, `sts:Assume*`) a trust policy, `s3:` a bucket policy
//    whatever its Resource, `kms:` a key policy; `*` alone is told by the Resource (none: a trust
//    policy, an S3 ARN: a bucket policy);
// 4. the file name (`trust*`, `bucket-policy*`, `key-policy*`, `*boundary*`), when the structure
//    cannot tell, and to mark a permission policy as the role's permissions boundary.
// A policy that still cannot be placed is `unknown`: MP008 reports it as an error, since a
// document left out could hold a Deny. src/setup/ decides which role, bucket and key documents
// belong to the export setup.
import type { ConfiguredKind, DocumentKind, PolicyDocument } from '../types.js';
import { globMatches, parseGlob } from '../policy/wildcard.js';

type PlacedKind = Exclude<DocumentKind, 'unknown' | 'identity'>;

/** The setup part of each service whose resource policy we read. */
const SERVICE_KIND: Record<string, PlacedKind> = { sts: 'trust', s3: 'bucket', kms: 'key' };

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


/** The kinds an action names exactly (`s3:PutObject`, `sts:Assume*`), and whether a wildcard service (`*`, `s*:Get*`) could be one of ours. */
function serviceKinds(actions: readonly string[]): { exact: Set<PlacedKind | 'other'>; wildcard: boolean } {
  const exact = new Set<PlacedKind | 'other'>();
  let wildcard = false;
  for (const action of actions) {
    const colon = action.indexOf(':');
    const service = colon < 0 ? action : action.slice(0, colon);
    if (/[*?]/.test(service)) {
      const glob = parseGlob(service.toLowerCase());
      if (Object.keys(SERVICE_KIND).some((s) => globMatches(glob, s))) wildcard = true;
      else exact.add('other');
    } else exact.add(SERVICE_KIND[service.toLowerCase()] ?? 'other');
  }
  return { exact, wildcard };
}

/** The kind a policy's content alone gives, or `unknown`. */
export function classifyPolicy(policy: Record<string, unknown>): DocumentKind {
  const statements = statementsOf(policy);
  if (statements.length === 0) return 'unknown';
  const withPrincipal = statements.filter((s) => 'Principal' in s || 'NotPrincipal' in s);
  if (withPrincipal.length === 0) return 'identity';
  const actions = withPrincipal.flatMap((s) => [...strings(s['Action']), ...strings(s['NotAction'])]);
  const resources = withPrincipal.flatMap((s) => [...strings(s['Resource']), ...strings(s['NotResource'])]);
  const { exact, wildcard } = serviceKinds(actions);
  const ours = [...exact].filter((k): k is PlacedKind => k !== 'other');
  if (ours.length === 1) return ours[0]!;
  if (ours.length === 0 && exact.size > 0 && !wildcard) return 'unknown'; // another service's resource policy
  // `*` (or several of our services at once): the Resource tells. Trust policies have none.
  const hasResource = withPrincipal.some((s) => 'Resource' in s || 'NotResource' in s);
  if (!hasResource && (ours.length === 0 || ours.includes('trust'))) return 'trust';
  if (resources.length > 0 && resources.every((r) => /^arn:[^:]*:s3:::/.test(r)) && (ours.length === 0 || ours.includes('bucket'))) return 'bucket';
  return 'unknown';
}

/** The kind a file's name gives (matched on its base name, case-insensitively). */
export function kindFromFileName(file: string): ConfiguredKind | undefined {
  const name = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  if (name.includes('boundary')) return 'boundary';
  if (name.startsWith('trust')) return 'trust';
  if (name.startsWith('bucket-policy')) return 'bucket';
  if (name.startsWith('key-policy')) return 'key';
  return undefined;
}

export interface Placement {
  kind: DocumentKind;
  kindSource: PolicyDocument['kindSource'];
  /** A permissions boundary of the export role rather than a permission policy. */
  boundary: boolean;
}

/** Decides a document's kind from the config, the wrapper, the structure and the file name, in that order. */
export function placeDocument(file: string, policy: unknown, wrapperKind: DocumentKind | undefined, configured: ConfiguredKind | undefined): Placement {
  const fromName = kindFromFileName(file);
  const asPlacement = (kind: ConfiguredKind, kindSource: Placement['kindSource']): Placement =>
    kind === 'boundary' ? { kind: 'identity', kindSource, boundary: true } : { kind, kindSource, boundary: false };
  if (configured !== undefined) return asPlacement(configured, 'config');
  if (wrapperKind !== undefined) return { kind: wrapperKind, kindSource: 'wrapper', boundary: wrapperKind === 'identity' && fromName === 'boundary' };
  const structural = looksLikePolicy(policy) ? classifyPolicy(policy) : 'unknown';
  if (structural === 'identity') return { kind: 'identity', kindSource: 'content', boundary: fromName === 'boundary' };
  if (structural !== 'unknown') return { kind: structural, kindSource: 'content', boundary: false };
  if (fromName !== undefined) return asPlacement(fromName, 'file-name');
  return { kind: 'unknown', kindSource: 'content', boundary: false };
}

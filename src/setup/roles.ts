// Which role a document belongs to, and whether that is the export role. IAM role names are unique
// in an account whatever their path, and "are not distinguished by case"
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html, RoleName), so names
// compare case-insensitively; ARNs also compare their account. A document of another role is not
// the export role's: saved CLI outputs of another role (get-role, get-role-policy) are left out
// here, template and account-dump roles in iac-select.ts.
import type { InputProblem, PipelineParams, PolicyDocument, SourceResult } from '../types.js';
import { globMatches, parseGlob } from '../policy/wildcard.js';
import { accountOfArn, MIXPANEL_ACCOUNT } from './mixpanel.js';

/** The role name in a role ARN (after the path), or the name itself. */
export function roleNameOf(role: string | undefined): string | undefined {
  if (role === undefined) return undefined;
  return role.includes(':') ? role.slice(role.lastIndexOf('/') + 1) : role;
}

export const sameRoleName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** A role as a document knows it. */
export interface RoleRef {
  name?: string;
  arn?: string;
}

/** Whether `role` is the export role `exportRole` (an ARN or a name); undefined when the document does not say which role it is. */
export function isExportRole(role: RoleRef, exportRole: string): boolean | undefined {
  const name = role.name ?? roleNameOf(role.arn);
  if (name === undefined) return undefined;
  if (!sameRoleName(name, roleNameOf(exportRole)!)) return false;
  const account = accountOfArn(role.arn);
  const exportAccount = accountOfArn(exportRole);
  return account === undefined || exportAccount === undefined || account === exportAccount;
}

export const describeRole = (role: RoleRef): string => (role.arn !== undefined ? `${role.name ?? roleNameOf(role.arn)} (${role.arn})` : (role.name ?? 'unnamed'));

/**
 * Whether `name` is a name CloudFormation generates for the resource `logicalId` when the template
 * gives none: STACK-LOGICALID-SUFFIX, the stack name and logical id cut short to fit the name's
 * length limit ("Name type": https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html).
 * A CDK role without `roleName` is named this way: `MyStack-ExportRole1A2B3C4D-AbCdEf123456`.
 */
export function generatedNameMatches(logicalId: string, name: string): boolean {
  const match = /^(.+)-([A-Za-z0-9]+)-([A-Za-z0-9]{8,})$/.exec(name);
  if (match === null) return false;
  const inName = match[2]!.toLowerCase();
  const id = logicalId.toLowerCase();
  // The logical id is cut only when the whole name reaches IAM's 64-character limit.
  return inName === id || (name.length >= GENERATED_NAME_CUT && id.startsWith(inName));
}

/** Role names are at most 64 characters; a generated name this long may hold a shortened logical id. */
const GENERATED_NAME_CUT = 60;

const ASSUME_ROLE = 'sts:assumerole';
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/**
 * Whether a trust policy lets Mixpanel's account in at all: an Allow of sts:AssumeRole (wildcards
 * included) to `*` or to a principal in Mixpanel's account, whatever its conditions. Used to pick
 * the export role among several when nothing names it.
 */
export function trustsMixpanel(policy: unknown): boolean {
  const statements = typeof policy === 'object' && policy !== null ? asList((policy as Record<string, unknown>)['Statement']) : [];
  return statements.some((statement) => {
    if (typeof statement !== 'object' || statement === null) return false;
    const s = statement as Record<string, unknown>;
    if (s['Effect'] !== 'Allow') return false;
    const actions = asList(s['Action']).filter((a): a is string => typeof a === 'string');
    if (!actions.some((action) => globMatches(parseGlob(action.toLowerCase()), ASSUME_ROLE))) return false;
    const principal = s['Principal'];
    const aws = principal === '*' ? ['*'] : typeof principal === 'object' && principal !== null ? asList((principal as Record<string, unknown>)['AWS']) : [];
    return aws.some((p) => p === '*' || p === MIXPANEL_ACCOUNT || (typeof p === 'string' && p.includes(`:${MIXPANEL_ACCOUNT}:`)));
  });
}

/** The CLI outputs that name the role their document belongs to. */
const ROLE_WRAPPERS = new Set(['aws iam get-role', 'aws iam get-role-policy']);
const partOf = (document: PolicyDocument) => (document.kind === 'identity' && document.meta.boundary === true ? 'boundary' : document.kind);
const PART_NAME: Record<string, string> = { trust: 'trust policy', identity: 'permission policy', boundary: 'permissions boundary' };

/**
 * Leaves out the get-role and get-role-policy outputs of another role than the export role (s3_role,
 * or the role of the only get-role output when it is not given). When nothing of that part is left
 * for the export role, each is an error naming both roles (MP023); otherwise a note (MP022).
 */
export function selectWrappedRoleDocuments(sources: SourceResult[], params: PipelineParams): SourceResult[] {
  const documents = sources.flatMap((source) => source.documents).filter((d) => d.meta.iac === undefined);
  const named = documents.filter((d) => ROLE_WRAPPERS.has(d.meta.wrapper ?? ''));
  if (named.length === 0) return sources;
  const fromGetRole = [...new Set(named.filter((d) => d.kind === 'trust' && d.meta.roleArn !== undefined).map((d) => d.meta.roleArn!.toLowerCase()))];
  const exportRole = params.role ?? (fromGetRole.length === 1 ? named.find((d) => d.kind === 'trust' && d.meta.roleArn !== undefined)!.meta.roleArn : undefined);
  if (exportRole === undefined) return sources;
  const other = new Set(named.filter((d) => isExportRole({ name: d.meta.roleName, arn: d.meta.roleArn }, exportRole) === false));
  if (other.size === 0) return sources;
  const from = params.role === undefined ? 'the role of the aws iam get-role output' : 's3_role';
  return sources.map((source) => {
    const problems: InputProblem[] = [];
    for (const document of source.documents.filter((d) => other.has(d))) {
      const part = partOf(document);
      const left = documents.some((d) => !other.has(d) && partOf(d) === part);
      const role = describeRole({ name: document.meta.roleName, arn: document.meta.roleArn });
      const what = `this ${document.meta.wrapper} output is the ${PART_NAME[part] ?? 'policy'} of role ${role}, not of the export role ${exportRole} (${from})`;
      problems.push(
        left
          ? { code: 'resource-chosen', message: `Left out: ${what}.`, range: document.locate([]), path: document.policyPath }
          : {
              code: 'resource-undetermined',
              message: `${what.charAt(0).toUpperCase()}${what.slice(1)}, so the export role's ${PART_NAME[part] ?? 'policy'} is not among the inputs.`,
              range: document.locate([]),
              path: document.policyPath,
            },
      );
    }
    return problems.length === 0 ? source : { ...source, documents: source.documents.filter((d) => !other.has(d)), problems: [...source.problems, ...problems] };
  });
}

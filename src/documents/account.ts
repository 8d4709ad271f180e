// `aws iam get-account-authorization-details` (JSON or YAML) → the documents of its roles: each
// role's trust policy and inline policies, and the default version of each managed policy attached
// to a role or set as its permissions boundary, taken from the same file's `Policies`. Shape:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
// (RoleDetail: RoleName, Arn, AssumeRolePolicyDocument, RolePolicyList, AttachedManagedPolicies,
// PermissionsBoundary; ManagedPolicyDetail: Arn, DefaultVersionId, PolicyVersionList with
// IsDefaultVersion). Policies are URL-encoded in the API's answer and decoded by the CLI; both read.
// Like a template's resources, the documents say which role they belong to (meta.iac), and the
// setup stage keeps those of the export role (src/setup/iac-select.ts).
import type { DocumentKind, DocumentMeta, IacLink, InputProblem, JsonPath, PolicyDocument } from '../types.js';
import { looksLikePolicy } from './classify.js';
import { documentFacts, isObject, optionalString, policyAt, tagsOf, type PositionedValue } from './read.js';

const WRAPPER = 'aws iam get-account-authorization-details';
const array = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function isAccountDetails(value: unknown): boolean {
  return isObject(value) && Array.isArray(value['RoleDetailList']) && ('Policies' in value || 'UserDetailList' in value || 'GroupDetailList' in value);
}

interface Role {
  index: number;
  link: IacLink;
  arn?: string;
}

export function readAccountDetails(file: string, input: PositionedValue): { documents: PolicyDocument[]; problems: InputProblem[] } {
  const dump = input.value as Record<string, unknown>;
  const documents: PolicyDocument[] = [];
  const problems: InputProblem[] = [];
  const roles: Role[] = [];
  array(dump['RoleDetailList']).forEach((role, index) => {
    if (!isObject(role)) return;
    const name = optionalString(role['RoleName']);
    const arn = optionalString(role['Arn']);
    roles.push({ index, arn, link: { resource: arn ?? name ?? `RoleDetailList[${index}]`, ...(name === undefined ? {} : { name }) } });
  });

  const add = (path: JsonPath, kind: DocumentKind, holder: { resource: string; type: string; path: JsonPath }, targets: IacLink[], boundaryOf: IacLink[], meta: DocumentMeta) => {
    const located = policyAt(input, path, problems);
    if (located === undefined) return;
    if (!looksLikePolicy(located.value)) {
      problems.push({ code: 'not-a-policy', message: `${path.join('.')} is not a policy document (an object with "Statement").`, range: input.locate(path), path, resources: [holder.resource] });
      return;
    }
    const iac = { format: 'aws-account', resource: holder.resource, type: holder.type, range: input.locate(holder.path), path: holder.path, targets, boundaryOf } as const;
    documents.push({ file, kind, kindSource: 'wrapper', policy: located.value, policyPath: path, locate: located.locate, meta: { wrapper: WRAPPER, ...meta, iac }, ...documentFacts(located.value) });
  };

  const attachedTo = new Map<string, IacLink[]>();
  const boundaryOf = new Map<string, IacLink[]>();
  const mentions: { arn: string; role: Role; path: JsonPath; what: string }[] = [];
  for (const role of roles) {
    const detail = array(dump['RoleDetailList'])[role.index] as Record<string, unknown>;
    const rolePath = ['RoleDetailList', role.index];
    const holder = { resource: role.link.resource!, type: 'role', path: rolePath };
    // The role's id and tags, as get-role gives them: aws:userid and aws:PrincipalTag/* of its sessions.
    const roleMeta = { roleName: role.link.name, roleArn: role.arn, roleId: optionalString(detail['RoleId']), roleTags: tagsOf(detail['Tags']) };
    add([...rolePath, 'AssumeRolePolicyDocument'], 'trust', holder, [role.link], [], roleMeta);
    array(detail['RolePolicyList']).forEach((inline, index) => {
      if (isObject(inline)) add([...rolePath, 'RolePolicyList', index, 'PolicyDocument'], 'identity', holder, [role.link], [], { ...roleMeta, policyName: optionalString(inline['PolicyName']) });
    });
    array(detail['AttachedManagedPolicies']).forEach((attached, index) => {
      const arn = isObject(attached) ? optionalString(attached['PolicyArn']) : undefined;
      if (arn === undefined) return;
      attachedTo.set(arn, [...(attachedTo.get(arn) ?? []), role.link]);
      mentions.push({ arn, role, path: [...rolePath, 'AttachedManagedPolicies', index], what: 'attached to' });
    });
    const boundary = detail['PermissionsBoundary'];
    const boundaryArn = isObject(boundary) ? optionalString(boundary['PermissionsBoundaryArn']) : undefined;
    if (boundaryArn !== undefined) {
      boundaryOf.set(boundaryArn, [...(boundaryOf.get(boundaryArn) ?? []), role.link]);
      mentions.push({ arn: boundaryArn, role, path: [...rolePath, 'PermissionsBoundary'], what: 'the permissions boundary of' });
    }
  }

  // Only managed policies that a role uses: an account dump lists hundreds that none of its roles does.
  const present = new Set<string>();
  array(dump['Policies']).forEach((policy, index) => {
    const arn = isObject(policy) ? optionalString(policy['Arn']) : undefined;
    if (arn === undefined || (!attachedTo.has(arn) && !boundaryOf.has(arn))) return;
    const versions = array((policy as Record<string, unknown>)['PolicyVersionList']);
    const defaultId = optionalString((policy as Record<string, unknown>)['DefaultVersionId']);
    const versionIndex = versions.findIndex((v) => isObject(v) && (v['IsDefaultVersion'] === true || (defaultId !== undefined && v['VersionId'] === defaultId)));
    if (versionIndex < 0) return;
    present.add(arn);
    const policyPath = ['Policies', index];
    add([...policyPath, 'PolicyVersionList', versionIndex, 'Document'], 'identity', { resource: arn, type: 'managed policy', path: policyPath }, attachedTo.get(arn) ?? [], boundaryOf.get(arn) ?? [], {
      policyName: optionalString((policy as Record<string, unknown>)['PolicyName']),
      policyArn: arn,
    });
  });
  for (const mention of mentions) {
    if (present.has(mention.arn)) continue;
    problems.push({
      code: 'iac-unresolved',
      message: `The document of the managed policy ${mention.arn}, ${mention.what} role ${mention.role.link.name ?? mention.role.link.resource}, is not in this file (its default version is not among Policies), so what it grants or denies is not counted. Dump with --filter Role LocalManagedPolicy AWSManagedPolicy, or save aws iam get-policy-version --policy-arn ${mention.arn} --version-id DEFAULT_VERSION beside it.`,
      range: input.locate(mention.path),
      path: mention.path,
      resources: [mention.role.link.resource!],
    });
  }
  return { documents, problems };
}

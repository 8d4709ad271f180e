// CloudFormation templates (JSON or YAML) → the policy documents of the resources that make up an
// export setup, each with the resource it came from and what it applies to. Resource reference:
// - AWS::IAM::Role (AssumeRolePolicyDocument, Policies[].PolicyDocument, ManagedPolicyArns, PermissionsBoundary):
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html
// - AWS::IAM::Policy / AWS::IAM::ManagedPolicy (PolicyDocument, Roles; a managed policy's Ref is its ARN):
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-policy.html
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-managedpolicy.html
// - AWS::IAM::RolePolicy (PolicyDocument, RoleName):
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-rolepolicy.html
// - AWS::S3::BucketPolicy (Bucket, PolicyDocument):
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html
// - AWS::KMS::Key (KeyPolicy): https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html
// Which role, bucket and key are the export's is decided later, by the setup stage (setup/iac-select.ts).
import type { DocumentKind, DocumentMeta, IacLink, InputProblem, PipelineParams, PolicyDocument } from '../../types.js';
import { accountOfArn } from '../../setup/mixpanel.js';
import { looksLikePolicy } from '../classify.js';
import { awsManagedDataSource, awsManagedPolicy, isAwsManagedArn } from '../managed.js';
import { iacDocument, managedPolicyDocument, type IacRead } from './document.js';
import { containsUnresolved, intrinsicOf, locateResolved, plain, Resolver, type TemplateResource } from './resolve.js';
import { entry, scalarText, type SNode } from './tree.js';

/** A template: `Resources` holding at least one `Type: AWS::…` resource. */
export function isCloudFormationTemplate(root: SNode): boolean {
  const resources = entry(root, 'Resources');
  return resources?.kind === 'map' && resources.entries.some((e) => scalarText(entry(e.value, 'Type'))?.startsWith('AWS::') === true);
}

export function readCloudFormation(file: string, root: SNode, params: PipelineParams | undefined): IacRead {
  const resources = new Map<string, TemplateResource>();
  for (const { key, keyRange, value } of (entry(root, 'Resources') as Extract<SNode, { kind: 'map' }>).entries) {
    const type = scalarText(entry(value, 'Type'));
    if (type !== undefined) resources.set(key, { id: key, type, node: value, keyRange, properties: entry(value, 'Properties') });
  }
  const pseudo = { accountId: accountOfArn(params?.role), region: params?.region };
  const resolver = new Resolver(resources, root, pseudo);
  // A reference to a resource of this template links by that resource: whether its name is known is said at the resource.
  const quiet = new Resolver(resources, root, pseudo);
  const documents: PolicyDocument[] = [];
  const problems: InputProblem[] = [];

  /** The resource a value refers to (`Ref`), with the name it resolves to when known. */
  const link = (node: SNode | undefined, type: string, from: TemplateResource): IacLink | undefined => {
    if (node === undefined) return undefined;
    const call = intrinsicOf(node);
    const target = call?.name === 'Ref' ? resources.get(scalarText(call.argument) ?? '') : undefined;
    const text = (target?.type === type ? quiet : resolver).text(node, from.id);
    const name = containsUnresolved(text) ? undefined : text;
    if (target?.type === type) return { resource: target.id, ...(name === undefined ? {} : { name }) };
    return name === undefined ? undefined : { name };
  };
  const list = (node: SNode | undefined) => (node?.kind === 'seq' ? node.items : []);

  // Managed policies are attached (and boundaries set) from the role's side too.
  const attachedTo = new Map<string, IacLink[]>();
  const boundaryOf = new Map<string, IacLink[]>();
  const roleLinks = new Map<string, IacLink>();
  for (const role of resources.values()) {
    if (role.type !== 'AWS::IAM::Role') continue;
    const declared: SNode = { ...role.node, range: role.keyRange };
    const generated = `The pipeline role (--role) matches it only by the name CloudFormation generates (STACK-${role.id}-SUFFIX), or it is taken as the export role when it is the only such role that trusts Mixpanel.`;
    const name = resolver.physicalName(role, 'RoleName', declared, role.id, generated);
    const self: IacLink = { resource: role.id, ...(containsUnresolved(name) ? {} : { name }) };
    roleLinks.set(role.id, self);
    const attach = (node: SNode, into: Map<string, IacLink[]>, what: string) => {
      const call = intrinsicOf(node);
      const target = call?.name === 'Ref' ? scalarText(call.argument) : call?.name === 'Fn::GetAtt' ? scalarText(call.argument)?.split('.')[0] ?? scalarText(list(call.argument)[0]) : undefined;
      if (target !== undefined && resources.get(target)?.type === 'AWS::IAM::ManagedPolicy') {
        into.set(target, [...(into.get(target) ?? []), self]);
        return;
      }
      const arn = resolver.text(node, role.id);
      const managed = containsUnresolved(arn) ? undefined : awsManagedPolicy(arn);
      if (managed !== undefined) {
        const origin = { format: 'cloudformation', resource: role.id, type: role.type, range: role.keyRange, path: ['Resources', role.id], targets: into === attachedTo ? [self] : [], boundaryOf: into === boundaryOf ? [self] : [] } as const;
        documents.push(managedPolicyDocument(file, managed, { path: node.path, range: node.range }, origin, into === boundaryOf));
        return;
      }
      const why = isAwsManagedArn(arn) ? `it is not among the AWS managed policies mp-s3-lint knows (${awsManagedDataSource()})` : 'the policy is not defined in this template';
      resolver.unknown(`the document of the ${what} ${arn}`, why, node, role.id, `What it grants or denies is not counted; save it beside the template (aws iam get-policy-version) to have it checked.`);
    };
    for (const arn of list(entry(role.properties, 'ManagedPolicyArns'))) attach(arn, attachedTo, 'managed policy');
    const boundary = entry(role.properties, 'PermissionsBoundary');
    if (boundary !== undefined) attach(boundary, boundaryOf, 'permissions boundary');
  }

  const add = (resource: TemplateResource, node: SNode | undefined, kind: DocumentKind, targets: IacLink[], meta: DocumentMeta = {}, boundaries: IacLink[] = []) => {
    const resolved = node === undefined ? undefined : resolver.resolve(node, resource.id);
    if (node === undefined || resolved === undefined) return;
    let policy = plain(resolved);
    let locate = (path: Parameters<PolicyDocument['locate']>[0]) => locateResolved(resolved, path);
    if (typeof policy === 'string') {
      // A policy may be given as a JSON string; positions then point at the string.
      try {
        policy = JSON.parse(policy);
        locate = () => resolved.range;
      } catch {
        // reported below as not a policy
      }
    }
    if (!looksLikePolicy(policy)) {
      problems.push({ code: 'not-a-policy', message: `${node.path.slice(3).join('.')} of ${resource.id} is not a policy document (an object with "Statement").`, range: resolved.range, path: node.path, resources: [resource.id] });
      return;
    }
    const origin = { format: 'cloudformation', resource: resource.id, type: resource.type, range: resource.keyRange, path: ['Resources', resource.id], targets, boundaryOf: boundaries } as const;
    documents.push(iacDocument(file, kind, policy, node.path, locate, meta, origin));
  };
  const nameOf = (resource: TemplateResource, property: string) => {
    const node = entry(resource.properties, property);
    const text = node === undefined ? undefined : resolver.text(node, resource.id);
    return text === undefined || containsUnresolved(text) ? undefined : text;
  };

  for (const resource of resources.values()) {
    const roleLink = (node: SNode | undefined) => link(node, 'AWS::IAM::Role', resource);
    switch (resource.type) {
      case 'AWS::IAM::Role': {
        const self = roleLinks.get(resource.id)!;
        add(resource, entry(resource.properties, 'AssumeRolePolicyDocument'), 'trust', [self], { roleName: self.name });
        for (const inline of list(entry(resource.properties, 'Policies'))) {
          add(resource, entry(inline, 'PolicyDocument'), 'identity', [self], { roleName: self.name, policyName: scalarText(entry(inline, 'PolicyName')) });
        }
        break;
      }
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy': {
        const targets = [...list(entry(resource.properties, 'Roles')).flatMap((role) => roleLink(role) ?? []), ...(attachedTo.get(resource.id) ?? [])];
        const name = nameOf(resource, resource.type === 'AWS::IAM::Policy' ? 'PolicyName' : 'ManagedPolicyName');
        add(resource, entry(resource.properties, 'PolicyDocument'), 'identity', targets, { policyName: name }, boundaryOf.get(resource.id) ?? []);
        break;
      }
      case 'AWS::IAM::RolePolicy':
        add(resource, entry(resource.properties, 'PolicyDocument'), 'identity', [roleLink(entry(resource.properties, 'RoleName'))].flatMap((l) => l ?? []), { policyName: nameOf(resource, 'PolicyName') });
        break;
      case 'AWS::S3::BucketPolicy': {
        const bucket = link(entry(resource.properties, 'Bucket'), 'AWS::S3::Bucket', resource);
        add(resource, entry(resource.properties, 'PolicyDocument'), 'bucket', bucket === undefined ? [] : [bucket], { bucket: bucket?.name });
        break;
      }
      case 'AWS::KMS::Key':
        add(resource, entry(resource.properties, 'KeyPolicy'), 'key', [{ resource: resource.id }]);
        break;
    }
  }
  for (const unknown of resolver.unknowns) {
    problems.push({
      code: 'iac-unresolved',
      message: `${unknown.what.charAt(0).toUpperCase()}${unknown.what.slice(1)} cannot be known at lint time: ${unknown.why}. ${unknown.effect}`,
      range: unknown.range,
      path: unknown.path,
      resources: unknown.resources,
    });
  }
  return { documents, problems };
}

// Terraform plans as `terraform show -json plan.tfplan` writes them → the policy documents of the
// resources that make up an export setup. Format: https://developer.hashicorp.com/terraform/internals/json-format
// (planned_values.root_module with nested child_modules; resource_changes[].change.after_unknown
// marks values known only after apply; configuration holds the references between resources).
// Resources (AWS provider): https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/
// iam_role (assume_role_policy, inline_policy, managed_policy_arns, permissions_boundary),
// iam_role_policy (role, policy), iam_policy (policy, arn) with iam_role_policy_attachment
// (role, policy_arn), s3_bucket_policy (bucket, policy), kms_key (policy). Policies are JSON
// strings in the plan: positions inside them point into the plan file (documents/read.ts).
import type { DocumentKind, DocumentMeta, IacLink, InputProblem, JsonPath, PolicyDocument } from '../../types.js';
import type { ParsedJson } from '../json.js';
import { identityOffsets, type LineIndex } from '../positions.js';
import { isObject, parseEmbedded } from '../read.js';
import { awsManagedDataSource, awsManagedPolicy, isAwsManagedArn } from '../managed.js';
import { iacDocument, managedPolicyDocument, type IacRead } from './document.js';

type JsonObject = Record<string, unknown>;
const array = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function isTerraformPlan(value: JsonObject): boolean {
  return 'format_version' in value && isObject(value['planned_values']);
}

interface PlannedResource {
  address: string;
  /** `module.a.module.b` or '' for the root module. */
  module: string;
  type: string;
  values: JsonObject;
  /** JSON path of `values` in the plan. */
  path: JsonPath;
  unknown: JsonObject;
  /** Expressions from the configuration, keyed by attribute. */
  expressions: JsonObject;
}

/** `aws_iam_role.x[0]` → `aws_iam_role.x`; `module.a["k"].module.b` → `module.a.module.b`. */
const withoutIndex = (address: string) => address.replace(/\[[^\]]*\]/g, '');

function configurationModules(configuration: unknown): Map<string, JsonObject> {
  const modules = new Map<string, JsonObject>();
  const visit = (module: unknown, address: string) => {
    if (!isObject(module)) return;
    modules.set(address, module);
    const calls = module['module_calls'];
    if (isObject(calls)) for (const [name, call] of Object.entries(calls)) if (isObject(call)) visit(call['module'], `${address === '' ? '' : `${address}.`}module.${name}`);
  };
  visit(isObject(configuration) ? configuration['root_module'] : undefined, '');
  return modules;
}

function plannedResources(plan: JsonObject): PlannedResource[] {
  const unknownByAddress = new Map<string, JsonObject>();
  for (const change of array(plan['resource_changes'])) {
    if (isObject(change) && typeof change['address'] === 'string' && isObject(change['change'])) {
      const afterUnknown = change['change']['after_unknown'];
      if (isObject(afterUnknown)) unknownByAddress.set(change['address'], afterUnknown);
    }
  }
  const configuration = configurationModules(plan['configuration']);
  const resources: PlannedResource[] = [];
  const visit = (module: unknown, path: JsonPath) => {
    if (!isObject(module)) return;
    const moduleAddress = typeof module['address'] === 'string' ? module['address'] : '';
    const configured = array(configuration.get(withoutIndex(moduleAddress))?.['resources']);
    array(module['resources']).forEach((resource, index) => {
      if (!isObject(resource) || resource['mode'] !== 'managed' || typeof resource['address'] !== 'string' || typeof resource['type'] !== 'string') return;
      const relative = withoutIndex(resource['address']).slice(moduleAddress === '' ? 0 : withoutIndex(moduleAddress).length + 1);
      const config = configured.find((c) => isObject(c) && c['address'] === relative);
      resources.push({
        address: resource['address'],
        module: moduleAddress,
        type: resource['type'],
        values: isObject(resource['values']) ? resource['values'] : {},
        path: [...path, 'resources', index, 'values'],
        unknown: unknownByAddress.get(resource['address']) ?? {},
        expressions: isObject(config) && isObject(config['expressions']) ? config['expressions'] : {},
      });
    });
    array(module['child_modules']).forEach((child, index) => visit(child, [...path, 'child_modules', index]));
  };
  visit((plan['planned_values'] as JsonObject)['root_module'], ['planned_values', 'root_module']);
  return resources;
}

export function readTerraformPlan(file: string, fileText: string, lines: LineIndex, json: ParsedJson): IacRead {
  const resources = plannedResources(json.value as JsonObject);
  const documents: PolicyDocument[] = [];
  const problems: InputProblem[] = [];
  const byAddress = (address: string) => resources.filter((r) => withoutIndex(r.address) === address);

  const note = (resource: PlannedResource, attribute: JsonPath, message: string, owners: string[] = [resource.address]) => {
    const path = [...resource.path, ...attribute];
    problems.push({ code: 'iac-unresolved', message, range: json.locate(path), path, resources: owners });
  };
  const isUnknown = (resource: PlannedResource, attribute: JsonPath) => attribute.reduce<unknown>((v, k) => (isObject(v) || Array.isArray(v) ? (v as JsonObject)[k as string] : undefined), resource.unknown) === true;
  const unknownValue = (resource: PlannedResource, attribute: string, owners?: string[]) =>
    note(resource, [attribute], `${resource.address}.${attribute} is unknown until apply (the plan's after_unknown says so), so what depends on it cannot be checked; it is not guessed.`, owners);

  /** The resources an attribute refers to in the configuration (e.g. `role = aws_iam_role.x.name`). */
  const referenced = (resource: PlannedResource, attribute: string, type: string): PlannedResource[] => {
    const expression = resource.expressions[attribute];
    const references = isObject(expression) ? array(expression['references']).filter((r): r is string => typeof r === 'string') : [];
    const prefix = resource.module === '' ? '' : `${withoutIndex(resource.module)}.`;
    return [...new Set(references.flatMap((r) => (r.startsWith(`${type}.`) ? [`${prefix}${r.split('.').slice(0, 2).join('.')}`] : [])))].flatMap(byAddress);
  };
  /** A role, bucket or policy an attribute names: by its value when known, else by the configuration's references. */
  const target = (resource: PlannedResource, attribute: string, type: string, nameAttribute: string): PlannedResource[] | string | undefined => {
    const value = text(resource.values[attribute]);
    if (value !== undefined) {
      const found = resources.filter((r) => r.type === type && r.values[nameAttribute] === value);
      return found.length > 0 ? found : value;
    }
    const found = referenced(resource, attribute, type);
    return found.length > 0 ? found : undefined;
  };
  const linkOf = (found: PlannedResource[] | string | undefined, nameAttribute: string): IacLink[] =>
    found === undefined ? [] : typeof found === 'string' ? [{ name: found }] : found.map((r) => ({ resource: r.address, ...(text(r.values[nameAttribute]) === undefined ? {} : { name: text(r.values[nameAttribute]) }) }));

  const attachedTo = new Map<string, IacLink[]>();
  const boundaryOf = new Map<string, IacLink[]>();
  const roleLink = (role: PlannedResource): IacLink => ({ resource: role.address, ...(text(role.values['name']) === undefined ? {} : { name: text(role.values['name']) }) });
  const attach = (resource: PlannedResource, attribute: JsonPath, arn: unknown, roles: IacLink[], into: Map<string, IacLink[]>, owners: string[]) => {
    const policies = text(arn) === undefined ? referenced(resource, String(attribute[0]), 'aws_iam_policy') : resources.filter((r) => r.type === 'aws_iam_policy' && r.values['arn'] === arn);
    if (policies.length > 0) {
      for (const policy of policies) into.set(policy.address, [...(into.get(policy.address) ?? []), ...roles]);
      return;
    }
    const managed = text(arn) === undefined ? undefined : awsManagedPolicy(text(arn)!);
    if (managed !== undefined) {
      const path = [...resource.path, ...attribute];
      const declared = resource.path.slice(0, -1);
      const origin = { format: 'terraform', resource: resource.address, type: resource.type, range: json.locate(declared), path: declared, targets: into === attachedTo ? roles : [], boundaryOf: into === boundaryOf ? roles : [] } as const;
      documents.push(managedPolicyDocument(file, managed, { path, range: json.locate(path) }, origin, into === boundaryOf));
      return;
    }
    const what = text(arn) === undefined ? `the policy ARN in ${resource.address}.${attribute.join('.')}` : `the document of the policy ${String(arn)}`;
    const why = text(arn) !== undefined && isAwsManagedArn(text(arn)!) ? `it is not among the AWS managed policies mp-s3-lint knows (${awsManagedDataSource()})` : "the policy is not among the plan's resources";
    note(resource, attribute, `${what} cannot be known at lint time: ${why}. What it grants or denies is not counted; save it beside the plan (aws iam get-policy-version) to have it checked.`, owners);
  };
  for (const resource of resources) {
    if (resource.type === 'aws_iam_role') {
      if (text(resource.values['name']) === undefined) note(resource, ['name'], `The name of ${resource.address} cannot be known at lint time: it is generated at apply (name_prefix or no name), so it cannot be matched against the pipeline's role.`);
      array(resource.values['managed_policy_arns']).forEach((arn, index) => attach(resource, ['managed_policy_arns', index], arn, [roleLink(resource)], attachedTo, [resource.address]));
      // `permissions_boundary: null` (the plan's value for an unset attribute) is no boundary.
      if ((resource.values['permissions_boundary'] !== undefined && resource.values['permissions_boundary'] !== null) || isUnknown(resource, ['permissions_boundary'])) attach(resource, ['permissions_boundary'], resource.values['permissions_boundary'], [roleLink(resource)], boundaryOf, [resource.address]);
    }
    if (resource.type === 'aws_iam_role_policy_attachment') {
      const roles = linkOf(target(resource, 'role', 'aws_iam_role', 'name'), 'name');
      if (roles.length === 0) unknownValue(resource, 'role');
      else attach(resource, ['policy_arn'], resource.values['policy_arn'], roles, attachedTo, roles.flatMap((r) => (r.resource === undefined ? [] : [r.resource])));
    }
  }

  const add = (resource: PlannedResource, attribute: JsonPath, kind: DocumentKind, targets: IacLink[], meta: DocumentMeta = {}, boundaries: IacLink[] = []) => {
    const path = [...resource.path, ...attribute];
    if (isUnknown(resource, attribute)) {
      note(resource, attribute, `${resource.address}.${attribute.join('.')} is unknown until apply (the plan's after_unknown says so), so this policy cannot be checked; it is not guessed.`);
      return;
    }
    if (text(attribute.reduce<unknown>((v, k) => (v as JsonObject | undefined)?.[k as string], resource.values)) === undefined) return;
    const located = parseEmbedded(fileText, lines, json, path, identityOffsets, problems);
    if (located === undefined) return;
    const declared = resource.path.slice(0, -1);
    const origin = { format: 'terraform', resource: resource.address, type: resource.type, range: json.locate(declared), path: declared, targets, boundaryOf: boundaries } as const;
    documents.push(iacDocument(file, kind, located.value, path, located.locate, meta, origin));
  };

  for (const resource of resources) {
    switch (resource.type) {
      case 'aws_iam_role': {
        const self = roleLink(resource);
        add(resource, ['assume_role_policy'], 'trust', [self], { roleName: self.name, roleArn: text(resource.values['arn']) });
        array(resource.values['inline_policy']).forEach((inline, index) => {
          add(resource, ['inline_policy', index, 'policy'], 'identity', [self], { roleName: self.name, policyName: isObject(inline) ? text(inline['name']) : undefined });
        });
        break;
      }
      case 'aws_iam_role_policy': {
        const roles = linkOf(target(resource, 'role', 'aws_iam_role', 'name'), 'name');
        if (roles.length === 0) unknownValue(resource, 'role');
        add(resource, ['policy'], 'identity', roles, { policyName: text(resource.values['name']) });
        break;
      }
      case 'aws_iam_policy':
        add(resource, ['policy'], 'identity', attachedTo.get(resource.address) ?? [], { policyName: text(resource.values['name']), policyArn: text(resource.values['arn']) }, boundaryOf.get(resource.address) ?? []);
        break;
      case 'aws_s3_bucket_policy': {
        const buckets = linkOf(target(resource, 'bucket', 'aws_s3_bucket', 'bucket'), 'bucket');
        if (buckets.length === 0) unknownValue(resource, 'bucket');
        add(resource, ['policy'], 'bucket', buckets, { bucket: buckets[0]?.name });
        break;
      }
      case 'aws_kms_key':
        add(resource, ['policy'], 'key', [{ resource: resource.address }], { keyId: text(resource.values['key_id']) });
        break;
    }
  }
  return { documents, problems };
}

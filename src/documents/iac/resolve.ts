// CloudFormation intrinsic functions evaluated at lint time, as far as they can be without
// deploying: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
// - Ref and Fn::GetAtt to resources of the same template: a role's Ref is its RoleName and its Arn
//   is built from it (aws-resource-iam-role.html, "Return values"); a bucket's Ref is its
//   BucketName, its Arn arn:PARTITION:s3:::NAME (aws-resource-s3-bucket.html); a managed policy's
//   Ref is its ARN (aws-resource-iam-managedpolicy.html). A name CloudFormation generates is unknown.
// - Pseudo parameters (pseudo-parameter-reference.html): AWS::AccountId is the account of the
//   pipeline's role ARN, AWS::Region its s3_region, AWS::Partition `aws`; the stack's own are unknown.
// - Parameters resolve to their Default; Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If (with
//   the Conditions section), Fn::FindInMap. Fn::ImportValue and the rest are unknown.
//
// An unknown value is never guessed: it becomes UNRESOLVED_MARKER text, recorded with its position
// so a rule can name it (a note). The marker is chosen so that it matches nothing Mixpanel's
// requests carry: it holds `{` and `}`, which no bucket name, role ARN, object key, account id,
// region or token of the request model can contain, and no `*`, `?` or `${`, so the evaluator
// cannot read it as a wildcard or a policy variable. An Allow that needs the unknown value therefore
// does not apply (the setup is reported as missing a permission rather than passing on a guess);
// a Deny that needs it does not apply either, which is why every unknown is reported.
import type { JsonPath, SourceRange } from '../../types.js';
import { entry, scalarText, type SNode } from './tree.js';

export const UNRESOLVED_PREFIX = '{unresolved:';
export const unresolvedMarker = (what: string): string => `${UNRESOLVED_PREFIX}${what}}`;
export const containsUnresolved = (text: string): boolean => text.includes(UNRESOLVED_PREFIX);

/** A value that cannot be known at lint time, at the place that needs it. */
export interface Unknown {
  what: string;
  why: string;
  /** What the linter does without it. */
  effect: string;
  range: SourceRange;
  path: JsonPath;
  /** The resources whose properties needed it. */
  resources: string[];
}

/** A resolved value, each node keeping the range of what produced it (for positions in the policy). */
export type RNode =
  | { kind: 'map'; range: SourceRange; entries: Map<string, RNode> }
  | { kind: 'seq'; range: SourceRange; items: RNode[] }
  | { kind: 'scalar'; range: SourceRange; value: string | number | boolean | null };

export function plain(node: RNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  const result: Record<string, unknown> = {};
  // defineProperty: a "__proto__" key must stay data, as in documents/json.ts.
  for (const [key, value] of node.entries) Object.defineProperty(result, key, { value: plain(value), enumerable: true, writable: true, configurable: true });
  return result;
}

/** Range of the resolved node at `path`, or of its nearest existing ancestor. */
export function locateResolved(root: RNode, path: JsonPath): SourceRange {
  let node = root;
  for (const segment of path) {
    const next = node.kind === 'map' && typeof segment === 'string' ? node.entries.get(segment) : node.kind === 'seq' && typeof segment === 'number' ? node.items[segment] : undefined;
    if (next === undefined) break;
    node = next;
  }
  return node.range;
}

export interface TemplateResource {
  id: string;
  type: string;
  /** The resource's entry under Resources. */
  node: SNode;
  keyRange: SourceRange;
  properties: SNode | undefined;
}

export interface Pseudo {
  accountId?: string;
  region?: string;
}

const PARTITION = 'aws';
const VALUE_EFFECT = "It is checked as a value that matches none of Mixpanel's requests: an Allow that needs it does not apply, and neither does a Deny.";
/** The intrinsic function a node calls (a one-key map such as `{ "Ref": … }` or `{ "Fn::Sub": … }`), if any. */
export function intrinsicOf(node: SNode | undefined): { name: string; argument: SNode } | undefined {
  if (node?.kind !== 'map' || node.entries.length !== 1) return undefined;
  const name = node.entries[0]!.key;
  if (name !== 'Ref' && !name.startsWith('Fn::')) return undefined;
  return { name, argument: node.entries[0]!.value };
}

export class Resolver {
  readonly unknowns: Unknown[] = [];
  private readonly seen = new Map<string, Unknown>();
  private readonly active = new Set<string>();

  constructor(
    readonly resources: ReadonlyMap<string, TemplateResource>,
    private readonly template: SNode,
    private readonly pseudo: Pseudo,
  ) {}

  /** Resolves a property value for `resource`; undefined for AWS::NoValue (the property is absent). */
  resolve(node: SNode, resource: string): RNode | undefined {
    const call = intrinsicOf(node);
    if (call !== undefined) return this.intrinsic(call.name, call.argument, node, resource);
    if (node.kind === 'scalar') return node;
    if (node.kind === 'seq') return { kind: 'seq', range: node.range, items: node.items.flatMap((item) => this.resolve(item, resource) ?? []) };
    const entries = new Map<string, RNode>();
    for (const { key, value } of node.entries) {
      const resolved = this.resolve(value, resource);
      if (resolved !== undefined) entries.set(key, resolved);
    }
    return { kind: 'map', range: node.range, entries };
  }

  /** A value as text; an unknown or non-text value is the marker. */
  text(node: SNode, resource: string): string {
    return this.textOf(this.resolve(node, resource), node, resource);
  }

  /** The name a resource of this template is deployed under (RoleName, BucketName, ...), or the marker. */
  physicalName(target: TemplateResource, property: string, at: SNode, resource: string, effect = VALUE_EFFECT): string {
    const named = entry(target.properties, property);
    if (named !== undefined) return this.guarded(`${target.id}.${property}`, at, resource, () => this.text(named, resource));
    return this.unknown(`The name of ${target.id}`, `${property} is not set, so CloudFormation generates the name when it creates the ${target.type}`, at, resource, effect);
  }

  private textOf(value: RNode | undefined, at: SNode, resource: string): string {
    if (value?.kind === 'scalar' && value.value !== null) return String(value.value);
    return this.unknown('a value', value === undefined ? 'it is AWS::NoValue where text is needed' : 'it is not a string where a string is needed', at, resource);
  }

  /** Records a value that cannot be known (once per place, with every resource that needs it) and returns its marker. */
  unknown(what: string, why: string, at: SNode, resource: string, effect = VALUE_EFFECT): string {
    const key = `${at.range.line}:${at.range.column}\u0000${what}`;
    const known = this.seen.get(key);
    if (known === undefined) {
      const created: Unknown = { what, why, effect, range: at.range, path: at.path, resources: [resource] };
      this.seen.set(key, created);
      this.unknowns.push(created);
    } else if (!known.resources.includes(resource)) known.resources.push(resource);
    return unresolvedMarker(what);
  }

  private unknownNode(what: string, why: string, at: SNode, resource: string): RNode {
    return { kind: 'scalar', range: at.range, value: this.unknown(what, why, at, resource) };
  }

  /** Runs `work` unless it is already running (a circular reference, which CloudFormation rejects). */
  private guarded(key: string, at: SNode, resource: string, work: () => string): string {
    if (this.active.has(key)) return this.unknown(key, 'it refers to itself through other values (a circular reference)', at, resource);
    this.active.add(key);
    try {
      return work();
    } finally {
      this.active.delete(key);
    }
  }

  private intrinsic(name: string, argument: SNode, at: SNode, resource: string): RNode | undefined {
    const args = argument.kind === 'seq' ? argument.items : [];
    const scalar = (value: string): RNode => ({ kind: 'scalar', range: at.range, value });
    switch (name) {
      case 'Ref': {
        const target = scalarText(argument);
        return target === undefined ? this.unknownNode('Ref', 'its argument is not a name', at, resource) : this.ref(target, at, resource);
      }
      case 'Fn::GetAtt': {
        const text = scalarText(argument);
        const [target, attribute] = text !== undefined ? [text.slice(0, text.indexOf('.')), text.slice(text.indexOf('.') + 1)] : [scalarText(args[0]), args[1] === undefined ? undefined : this.text(args[1], resource)];
        if (!target || !attribute) return this.unknownNode('Fn::GetAtt', 'its argument is not RESOURCE.ATTRIBUTE', at, resource);
        return scalar(this.getAtt(target, attribute, at, resource));
      }
      case 'Fn::Sub': {
        const template = argument.kind === 'seq' ? args[0] : argument;
        const text = scalarText(template);
        if (text === undefined) return this.unknownNode('Fn::Sub', 'its template is not a string', at, resource);
        const variables = args[1];
        return scalar(
          text.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
            if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
            const variable = inner.trim();
            const given = entry(variables, variable);
            if (given !== undefined) return this.text(given, resource);
            const dot = variable.indexOf('.');
            if (dot > 0 && !variable.startsWith('AWS::')) return this.getAtt(variable.slice(0, dot), variable.slice(dot + 1), at, resource);
            return this.textOf(this.ref(variable, at, resource), at, resource);
          }),
        );
      }
      case 'Fn::Join': {
        const list = args[1] === undefined ? undefined : this.resolve(args[1], resource);
        if (args[0] === undefined || list?.kind !== 'seq') return this.unknownNode('Fn::Join', 'its arguments are not [DELIMITER, LIST]', at, resource);
        return scalar(list.items.map((item) => this.textOf(item, at, resource)).join(this.text(args[0], resource)));
      }
      case 'Fn::Select': {
        const index = args[0] === undefined ? NaN : Number(this.text(args[0], resource));
        const list = args[1] === undefined ? undefined : this.resolve(args[1], resource);
        const item = list?.kind === 'seq' ? list.items[index] : undefined;
        return item ?? this.unknownNode('Fn::Select', 'its index or list cannot be evaluated', at, resource);
      }
      case 'Fn::Split': {
        if (args.length !== 2) return this.unknownNode('Fn::Split', 'its arguments are not [DELIMITER, STRING]', at, resource);
        const text = this.text(args[1]!, resource);
        return { kind: 'seq', range: at.range, items: text.split(this.text(args[0]!, resource)).map(scalar) };
      }
      case 'Fn::If': {
        const condition = scalarText(args[0]);
        const outcome = condition === undefined ? undefined : this.condition(condition, new Set());
        if (outcome === undefined || args.length !== 3) return this.unknownNode(`Fn::If ${condition ?? ''}`.trim(), 'its condition cannot be evaluated at lint time', at, resource);
        return this.resolve(args[outcome ? 1 : 2]!, resource);
      }
      case 'Fn::FindInMap': {
        const keys = args.map((arg) => this.text(arg, resource));
        const found = keys.length === 3 ? entry(entry(entry(entry(this.template, 'Mappings'), keys[0]!), keys[1]!), keys[2]!) : undefined;
        return found === undefined ? this.unknownNode(`Fn::FindInMap ${keys.join('.')}`, 'the Mappings section has no such entry', at, resource) : this.resolve(found, resource);
      }
      case 'Fn::ImportValue':
        return this.unknownNode(`Fn::ImportValue ${this.text(argument, resource)}`, 'it is exported by another stack and known only when that stack is deployed', at, resource);
      default:
        return this.unknownNode(name, 'this function is not evaluated at lint time', at, resource);
    }
  }

  private ref(name: string, at: SNode, resource: string): RNode | undefined {
    const scalar = (value: string): RNode => ({ kind: 'scalar', range: at.range, value });
    switch (name) {
      case 'AWS::NoValue':
        return undefined;
      case 'AWS::Partition':
        return scalar(PARTITION);
      case 'AWS::URLSuffix':
        return scalar('amazonaws.com');
      case 'AWS::AccountId':
        return this.pseudo.accountId !== undefined ? scalar(this.pseudo.accountId) : this.unknownNode(name, 'it is the account of the pipeline role, and no role ARN is given (--role)', at, resource);
      case 'AWS::Region':
        return this.pseudo.region !== undefined ? scalar(this.pseudo.region) : this.unknownNode(name, 'no s3_region is given (--region)', at, resource);
    }
    if (name.startsWith('AWS::')) return this.unknownNode(name, 'it is known only when the stack is deployed', at, resource);
    const parameter = entry(entry(this.template, 'Parameters'), name);
    if (parameter !== undefined) {
      const fallback = entry(parameter, 'Default');
      if (fallback === undefined) return this.unknownNode(`parameter ${name}`, 'it has no Default, so its value is given only when the stack is deployed', at, resource);
      const type = scalarText(entry(parameter, 'Type')) ?? '';
      const value = scalarText(fallback) ?? '';
      return /^(CommaDelimitedList|List<)/.test(type) ? { kind: 'seq', range: at.range, items: value.split(',').map((item) => scalar(item.trim())) } : scalar(value);
    }
    const target = this.resources.get(name);
    if (target === undefined) return this.unknownNode(`Ref ${name}`, 'the template has no parameter or resource of that name', at, resource);
    switch (target.type) {
      case 'AWS::IAM::Role':
        return scalar(this.physicalName(target, 'RoleName', at, resource));
      case 'AWS::S3::Bucket':
        return scalar(this.physicalName(target, 'BucketName', at, resource));
      case 'AWS::IAM::ManagedPolicy': {
        const policyName = this.physicalName(target, 'ManagedPolicyName', at, resource);
        return scalar(`arn:${PARTITION}:iam::${this.account(at, resource)}:policy${this.iamPath(target, resource)}${policyName}`);
      }
      default:
        return this.unknownNode(`Ref ${name}`, `the Ref of a ${target.type} is known only after it is created`, at, resource);
    }
  }

  private getAtt(name: string, attribute: string, at: SNode, resource: string): string {
    const target = this.resources.get(name);
    if (target?.type === 'AWS::IAM::Role' && attribute === 'Arn') {
      return `arn:${PARTITION}:iam::${this.account(at, resource)}:role${this.iamPath(target, resource)}${this.physicalName(target, 'RoleName', at, resource)}`;
    }
    if (target?.type === 'AWS::S3::Bucket' && attribute === 'Arn') return `arn:${PARTITION}:s3:::${this.physicalName(target, 'BucketName', at, resource)}`;
    const why = target === undefined ? 'the template has no resource of that name' : `the ${attribute} of a ${target.type} is known only after it is created`;
    return this.unknown(`${name}.${attribute}`, why, at, resource);
  }

  private account(at: SNode, resource: string): string {
    return this.textOf(this.ref('AWS::AccountId', at, resource), at, resource);
  }

  private iamPath(target: TemplateResource, resource: string): string {
    const path = entry(target.properties, 'Path');
    return path === undefined ? '/' : this.text(path, resource);
  }

  /** Evaluates a named condition; undefined when it depends on something unknown. */
  private condition(name: string, visiting: Set<string>): boolean | undefined {
    const node = entry(entry(this.template, 'Conditions'), name);
    if (node === undefined || visiting.has(name)) return undefined;
    visiting.add(name);
    const result = this.conditionValue(node, visiting);
    visiting.delete(name);
    return result;
  }

  private conditionValue(node: SNode, visiting: Set<string>): boolean | undefined {
    const only = node.kind === 'map' && node.entries.length === 1 ? node.entries[0]! : undefined;
    const args = only?.value.kind === 'seq' ? only.value.items : [];
    const values = () => args.map((arg) => this.conditionValue(arg, visiting));
    switch (only?.key) {
      case 'Condition':
        return this.condition(scalarText(only.value) ?? '', visiting);
      case 'Fn::Not':
        return args.length === 1 ? negate(this.conditionValue(args[0]!, visiting)) : undefined;
      case 'Fn::And':
        return values().includes(false) ? false : values().every((v) => v === true) ? true : undefined;
      case 'Fn::Or':
        return values().includes(true) ? true : values().every((v) => v === false) ? false : undefined;
      case 'Fn::Equals': {
        if (args.length !== 2) return undefined;
        // Evaluated quietly: an unknown side makes the condition unknown, reported where it is used.
        const probe = new Resolver(this.resources, this.template, this.pseudo);
        const [a, b] = args.map((arg) => probe.text(arg, ''));
        return containsUnresolved(a!) || containsUnresolved(b!) ? undefined : a === b;
      }
      default:
        return undefined;
    }
  }
}

const negate = (value: boolean | undefined) => (value === undefined ? undefined : !value);

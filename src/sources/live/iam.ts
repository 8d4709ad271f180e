// The role: trust policy and permissions boundary (GetRole), inline policies (ListRolePolicies →
// GetRolePolicy) and attached managed policies (ListAttachedRolePolicies → GetPolicy →
// GetPolicyVersion). The three branches start together; each dependent call starts as soon as the
// answer it needs arrives, so a role takes three waves however many policies it has. Pages of the
// list calls are the exception: page n+1 needs page n's marker, so each further page adds a wave.
import { START, type CallSpec } from './calls.js';
import { virtualName } from './documents.js';
import { addDocument, type LiveSession } from './session.js';

/** IAM's largest page: fewer pages, so fewer waves. */
const MAX_ITEMS = 1000;
/**
 * Pages read of one list at most: 100,000 items at IAM's largest page, far beyond any role (IAM
 * quotas allow tens of policies per role). An answer still truncated after it never ends.
 */
export const MAX_PAGES = 100;

interface RoleRef {
  name: string;
  /** The ARN given on the command line, if an ARN was given. */
  requestedArn?: string;
}

export async function readRole(session: LiveSession): Promise<void> {
  const role = roleRef(session.request.role);
  if (role.requestedArn !== undefined) setRoleFacts(session, role.requestedArn);
  const managed = new ManagedPolicies(session, role.name);
  await Promise.all([readRoleItself(session, role, managed), readInlinePolicies(session, role), readAttachedPolicies(session, role, managed)]);
}

function roleRef(role: string): RoleRef {
  // arn:aws:iam::123456789012:role/optional/path/name — GetRole takes the bare name.
  if (!role.startsWith('arn:')) return { name: role };
  return { name: role.slice(role.lastIndexOf('/') + 1), requestedArn: role };
}

function setRoleFacts(session: LiveSession, arn: string): void {
  session.collected.facts.roleArn = arn;
  session.collected.facts.roleAccount = accountOfArn(arn);
}

function accountOfArn(arn: string): string | undefined {
  return arn.split(':')[4] || undefined;
}

async function readRoleItself(session: LiveSession, role: RoleRef, managed: ManagedPolicies): Promise<void> {
  const spec: CallSpec = { call: 'iam:GetRole', subject: `role '${role.name}' (its trust policy and permissions boundary)` };
  const outcome = await session.runner.run(spec, START, async () => {
    const { sdk, client } = await session.clients.iam();
    return client.send(new sdk.GetRoleCommand({ RoleName: role.name }));
  });
  if (outcome.status !== 'ok') return;
  const found = outcome.value.Role;
  if (found?.Arn === undefined) {
    session.runner.report(spec, 'malformed-response', 'the answer has no role ARN');
    return;
  }
  if (role.requestedArn !== undefined && accountOfArn(role.requestedArn) !== accountOfArn(found.Arn)) {
    // IAM reads roles only in the caller's account: this is a namesake, not the role asked for.
    session.collected.foreignRole = true;
    const detail = `the role is in account ${accountOfArn(role.requestedArn)} but the credentials are for account ${accountOfArn(found.Arn)}, and IAM reads roles only in the caller's account; use credentials or a profile for account ${accountOfArn(role.requestedArn)}`;
    session.runner.report(spec, 'other', detail);
    return;
  }
  setRoleFacts(session, found.Arn);
  const trust = { roleName: role.name, roleArn: found.Arn, wrapper: 'live: iam:GetRole', ...(found.RoleId === undefined ? {} : { roleId: found.RoleId }), roleTags: Object.fromEntries((found.Tags ?? []).flatMap((tag) => (tag.Key === undefined || tag.Value === undefined ? [] : [[tag.Key, tag.Value]]))) };
  addDocument(session, { spec, kind: 'trust', name: virtualName('iam', 'role', role.name, 'trust-policy.json'), raw: found.AssumeRolePolicyDocument, encoding: 'percent', meta: trust });
  const boundaryArn = found.PermissionsBoundary?.PermissionsBoundaryArn;
  if (boundaryArn !== undefined) await managed.read(boundaryArn, outcome.depth, { boundary: true });
}

async function readInlinePolicies(session: LiveSession, role: RoleRef): Promise<void> {
  const spec: CallSpec = { call: 'iam:ListRolePolicies', subject: `the inline policies of role '${role.name}'` };
  await followPages(
    session,
    spec,
    async (Marker) => {
      const { sdk, client } = await session.clients.iam();
      return client.send(new sdk.ListRolePoliciesCommand({ RoleName: role.name, Marker, MaxItems: MAX_ITEMS }));
    },
    (page) => page.PolicyNames ?? [],
    (policyName, after) => readInlinePolicy(session, role, policyName, after),
  );
}

async function readInlinePolicy(session: LiveSession, role: RoleRef, policyName: string, after: number): Promise<void> {
  const spec: CallSpec = { call: 'iam:GetRolePolicy', subject: `the inline policy '${policyName}' of role '${role.name}'` };
  const outcome = await session.runner.run(spec, after, async () => {
    const { sdk, client } = await session.clients.iam();
    return client.send(new sdk.GetRolePolicyCommand({ RoleName: role.name, PolicyName: policyName }));
  });
  if (outcome.status !== 'ok') return;
  const meta = { roleName: role.name, policyName, wrapper: 'live: iam:GetRolePolicy' };
  addDocument(session, { spec, kind: 'identity', name: virtualName('iam', 'role', role.name, 'inline', `${policyName}.json`), raw: outcome.value.PolicyDocument, encoding: 'percent', meta });
}

async function readAttachedPolicies(session: LiveSession, role: RoleRef, managed: ManagedPolicies): Promise<void> {
  const spec: CallSpec = { call: 'iam:ListAttachedRolePolicies', subject: `the managed policies attached to role '${role.name}'` };
  await followPages(
    session,
    spec,
    async (Marker) => {
      const { sdk, client } = await session.clients.iam();
      return client.send(new sdk.ListAttachedRolePoliciesCommand({ RoleName: role.name, Marker, MaxItems: MAX_ITEMS }));
    },
    (page) => page.AttachedPolicies ?? [],
    async (attached, after) => {
      if (attached.PolicyArn === undefined) session.runner.report(spec, 'malformed-response', 'an attached policy has no ARN');
      else await managed.read(attached.PolicyArn, after, { boundary: false });
    },
  );
}

interface Page {
  IsTruncated?: boolean;
  Marker?: string;
}

/**
 * Reads a list call page by page, handing each page's items on as soon as the page arrives while the
 * next page is fetched.
 */
async function followPages<P extends Page, Item>(
  session: LiveSession,
  spec: CallSpec,
  fetchPage: (marker: string | undefined) => Promise<P>,
  itemsOf: (page: P) => readonly Item[],
  onItem: (item: Item, after: number) => Promise<void>,
): Promise<void> {
  const seenMarkers = new Set<string>();
  const readPage = async (marker: string | undefined, after: number, number: number): Promise<void> => {
    const outcome = await session.runner.run(spec, after, () => fetchPage(marker));
    if (outcome.status !== 'ok') return;
    const page = outcome.value;
    const next = nextMarker(page, seenMarkers);
    if (next.problem !== undefined) session.runner.report(spec, 'malformed-response', next.problem);
    const more = next.marker !== undefined && number >= MAX_PAGES;
    if (more) session.runner.report(spec, 'too-many-pages', `the list was still not complete after ${MAX_PAGES} pages (each answer truncated, with a new marker), so reading stopped`);
    await Promise.all([...itemsOf(page).map((item) => onItem(item, outcome.depth)), next.marker === undefined || more ? undefined : readPage(next.marker, outcome.depth, number + 1)]);
  };
  await readPage(undefined, START, 1);
}

/** The marker of the next page; a missing or repeated one would lose items or loop forever. */
function nextMarker(page: Page, seen: Set<string>): { marker?: string; problem?: string } {
  if (page.IsTruncated !== true) return {};
  if (page.Marker === undefined || page.Marker === '') return { problem: 'the list is truncated but has no marker for the next page' };
  if (seen.has(page.Marker)) return { problem: 'the list repeats a page marker' };
  seen.add(page.Marker);
  return { marker: page.Marker };
}

/**
 * Managed policies, read once per ARN even when the same policy is both attached and the
 * permissions boundary: GetPolicy for the default version id, then GetPolicyVersion for the document.
 */
class ManagedPolicies {
  private readonly versions = new Map<string, Promise<PolicyVersion | undefined>>();

  constructor(
    private readonly session: LiveSession,
    private readonly roleName: string,
  ) {}

  async read(policyArn: string, after: number, use: { boundary: boolean }): Promise<void> {
    let version = this.versions.get(policyArn);
    if (version === undefined) {
      version = this.load(policyArn, after, use.boundary ? `the permissions boundary ${policyArn} of role '${this.roleName}'` : `the managed policy ${policyArn}`);
      this.versions.set(policyArn, version);
    }
    const found = await version;
    if (found === undefined) return;
    const file = `${found.policyName}@${found.versionId}.json`;
    const name = use.boundary ? virtualName('iam', 'role', this.roleName, 'boundary', file) : virtualName('iam', isAwsManaged(policyArn) ? 'aws-policy' : 'policy', file);
    const meta = { roleName: this.roleName, policyName: found.policyName, policyArn, wrapper: 'live: iam:GetPolicyVersion', ...(use.boundary ? { boundary: true } : {}) };
    addDocument(this.session, { spec: found.spec, kind: 'identity', name, raw: found.document, encoding: 'percent', meta });
  }

  private async load(policyArn: string, after: number, subject: string): Promise<PolicyVersion | undefined> {
    const { runner, clients } = this.session;
    const policySpec: CallSpec = { call: 'iam:GetPolicy', subject };
    const policy = await runner.run(policySpec, after, async () => {
      const { sdk, client } = await clients.iam();
      return client.send(new sdk.GetPolicyCommand({ PolicyArn: policyArn }));
    });
    if (policy.status !== 'ok') return undefined;
    const versionId = policy.value.Policy?.DefaultVersionId;
    if (versionId === undefined) {
      runner.report(policySpec, 'malformed-response', 'the answer has no default version id');
      return undefined;
    }
    const versionSpec: CallSpec = { call: 'iam:GetPolicyVersion', subject: `${subject} (version ${versionId})` };
    const version = await runner.run(versionSpec, policy.depth, async () => {
      const { sdk, client } = await clients.iam();
      return client.send(new sdk.GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
    });
    if (version.status !== 'ok') return undefined;
    const policyName = policy.value.Policy?.PolicyName ?? policyArn.slice(policyArn.lastIndexOf('/') + 1);
    return { spec: versionSpec, policyName, versionId, document: version.value.PolicyVersion?.Document };
  }
}

interface PolicyVersion {
  spec: CallSpec;
  policyName: string;
  versionId: string;
  /** Percent-encoded, as IAM returns it. */
  document: string | undefined;
}

/** AWS managed policies live in the pseudo-account `aws` (arn:aws:iam::aws:policy/…). */
function isAwsManaged(policyArn: string): boolean {
  return policyArn.split(':')[4] === 'aws';
}

// Which of the roles, buckets and keys a CloudFormation template, Terraform plan or account dump
// (aws iam get-account-authorization-details) defines belong to the export setup. The role is the
// one --role names (by name, case-insensitively, and by account when both ARNs are known; a CDK
// role without a name by the name CloudFormation generates for it); the bucket the one --bucket
// names. Without the flag, the only role (or the only one that trusts Mixpanel), bucket or key is
// taken and a note says so; when it cannot be told, a finding lists the candidates. Permission
// policies count only when attached to the export role, bucket policies only for the export
// bucket; the other roles are left out with a note, and problems about resources outside the
// setup are dropped with them.
import type { IacLink, InputProblem, PipelineParams, PolicyDocument, SourceResult } from '../types.js';
import { generatedNameMatches, isExportRole, roleNameOf, sameRoleName, trustsMixpanel } from './roles.js';

type IacDocument = PolicyDocument & { meta: { iac: NonNullable<PolicyDocument['meta']['iac']> } };

const isIac = (document: PolicyDocument): document is IacDocument => document.meta.iac !== undefined;
const describe = (document: IacDocument, what: string) => {
  const name = document.meta.iac.targets[0]?.name;
  return `${document.meta.iac.resource} (${name === undefined ? `${what} name unknown until deployment` : `${what} ${name}`}, ${document.file})`;
};
/** Candidates listed in one message: an account dump can hold hundreds of roles. */
const LISTED = 10;
const list = (documents: IacDocument[], what: string) =>
  documents.slice(0, LISTED).map((d) => describe(d, what)).join('; ') + (documents.length > LISTED ? `; and ${documents.length - LISTED} more` : '');

type Report = (document: IacDocument, code: InputProblem['code'], message: string) => void;

interface Choice {
  chosen: IacDocument[];
  /** Candidates of an undetermined choice. */
  candidates: IacDocument[];
}

const none: Choice = { chosen: [], candidates: [] };

function undetermined(candidates: IacDocument[], what: string, reason: string, advice: string, report: Report): Choice {
  report(candidates[0]!, 'resource-undetermined', `Cannot tell which ${what} is the export ${what}: ${reason}. Candidates: ${list(candidates, what)}. ${advice}`);
  return { chosen: [], candidates };
}

function taken(document: IacDocument, what: string, reason: string, report: Report): Choice {
  report(document, 'resource-chosen', `Taken as the export ${what}: ${describe(document, what)} ${reason}.`);
  return { chosen: [document], candidates: [] };
}

/**
 * Picks among `documents` (each defining one bucket or key) the one `wanted` names. Reports a note
 * when the only one is taken without a name, and an error listing the candidates otherwise.
 */
function choose(documents: IacDocument[], wanted: string | undefined, what: string, flag: string, report: Report, required: boolean): Choice {
  if (documents.length === 0) return none;
  const advice = `${flag === '' ? '' : `Pass ${flag}, or `}give the ${what} a fixed name.`;
  if (wanted === undefined) {
    if (documents.length > 1) return required ? undetermined(documents, what, `${documents.length} are defined and ${flag} is not given`, advice, report) : none;
    return taken(documents[0]!, what, `is the only ${what} defined${flag === '' ? '' : ` and ${flag} is not given`}`, report);
  }
  const named = documents.filter((d) => d.meta.iac.targets.some((t) => t.name === wanted));
  if (named.length === 1) return { chosen: named, candidates: [] };
  if (named.length > 1) return undetermined(named, what, `${named.length} are named ${wanted}`, advice, report);
  const unnamed = documents.filter((d) => d.meta.iac.targets.every((t) => t.name === undefined));
  if (unnamed.length > 0) return undetermined(unnamed, what, `none is named ${wanted}, and the name of ${unnamed.length === 1 ? 'this one' : 'these'} is known only after deployment`, advice, report);
  return none;
}

/** The export role among the roles (trust policies) defined: by --role, by generated name, or the only one (that trusts Mixpanel). */
function chooseRole(trusts: IacDocument[], wanted: string | undefined, report: Report): Choice {
  if (trusts.length === 0) return none;
  const advice = 'Pass --role, or give the role a fixed name.';
  const mixpanel = trusts.filter((d) => trustsMixpanel(d.policy));
  if (wanted === undefined) {
    if (trusts.length === 1) return taken(trusts[0]!, 'role', 'is the only role defined and --role is not given', report);
    if (mixpanel.length === 1) return taken(mixpanel[0]!, 'role', `is the only one of the ${trusts.length} roles defined that trusts Mixpanel, and --role is not given`, report);
    const reason = `${trusts.length} are defined, ${mixpanel.length === 0 ? 'none' : mixpanel.length} trust${mixpanel.length === 1 ? 's' : ''} Mixpanel, and --role is not given`;
    return undetermined(mixpanel.length > 1 ? mixpanel : trusts, 'role', reason, advice, report);
  }
  const name = roleNameOf(wanted)!;
  const refOf = (d: IacDocument) => ({ name: d.meta.iac.targets[0]?.name, arn: d.meta.roleArn });
  const named = trusts.filter((d) => isExportRole(refOf(d), wanted) === true);
  if (named.length === 1) return { chosen: named, candidates: [] };
  if (named.length > 1) return undetermined(named, 'role', `${named.length} are named ${name}`, advice, report);
  const unnamed = trusts.filter((d) => refOf(d).name === undefined);
  if (unnamed.length === 0) return none;
  const generated = unnamed.filter((d) => d.meta.iac.format === 'cloudformation' && generatedNameMatches(d.meta.iac.resource, name));
  if (generated.length === 1) return taken(generated[0]!, 'role', `has no RoleName, and ${name} (--role) is the name CloudFormation generates for it (STACK-${generated[0]!.meta.iac.resource}-SUFFIX)`, report);
  if (generated.length > 1) return undetermined(generated, 'role', `${name} (--role) is the name CloudFormation could generate for each`, advice, report);
  const unnamedMixpanel = unnamed.filter((d) => trustsMixpanel(d.policy));
  if (unnamedMixpanel.length === 1) {
    const role = unnamedMixpanel[0]!;
    const deployed = role.meta.iac.format === 'cloudformation' ? `CloudFormation will name it STACK-${role.meta.iac.resource}-SUFFIX unless it is given RoleName ${name}` : `give it the name ${name}`;
    return taken(role, 'role', `is the only role that trusts Mixpanel among those whose name is known only after deployment; none is named ${name} (--role): ${deployed}, or pass its deployed name as --role`, report);
  }
  const candidates = unnamedMixpanel.length > 1 ? unnamedMixpanel : unnamed;
  return undetermined(candidates, 'role', `none is named ${name}, and the name of ${candidates.length === 1 ? 'this one' : 'these'} is known only after deployment`, advice, report);
}

const linked = (links: readonly IacLink[], document: PolicyDocument, role: IacDocument | undefined, roleName: string | undefined) =>
  links.some(
    (l) =>
      (role !== undefined && l.resource !== undefined && l.resource === role.meta.iac.targets[0]?.resource && document.file === role.file) ||
      (l.name !== undefined && roleName !== undefined && sameRoleName(l.name, roleName)),
  );

/** The sources with only the documents (and problems) of the export setup, and the notes about the choice. */
export function selectIacDocuments(sources: SourceResult[], params: PipelineParams): SourceResult[] {
  const documents = sources.flatMap((source) => source.documents);
  const iac = documents.filter(isIac);
  if (iac.length === 0 && !sources.some((s) => s.problems.some((p) => p.resources !== undefined))) return sources;
  const added = new Map<string, InputProblem[]>();
  const report: Report = (document, code, message) => {
    added.set(document.file, [...(added.get(document.file) ?? []), { code, message, range: document.meta.iac.range, path: document.meta.iac.path }]);
  };
  const plainDocuments = documents.filter((d) => !isIac(d));
  const ofKind = (kind: string) => iac.filter((d) => d.kind === kind);

  const hasOtherTrust = plainDocuments.some((d) => d.kind === 'trust');
  const trusts = ofKind('trust');
  const roles = chooseRole(trusts, params.role, report);
  if (roles.chosen.length === 0 && roles.candidates.length === 0 && !hasOtherTrust && params.role !== undefined && trusts.length > 0) {
    report(trusts[0]!, 'resource-undetermined', `Cannot tell which role is the export role: none of the roles defined is named ${roleNameOf(params.role)} (--role). Candidates: ${list(trusts, 'role')}.`);
  }
  const role = roles.chosen[0];
  if (role !== undefined) reportOtherRoles(trusts.filter((d) => d !== role), role, report);
  const roleName = role?.meta.iac.targets[0]?.name ?? roleNameOf(params.role);
  const identity = ofKind('identity').filter((d) => linked(d.meta.iac.targets, d, role, roleName));
  const boundaries = ofKind('identity')
    .filter((d) => linked(d.meta.iac.boundaryOf, d, role, roleName))
    .map((d) => ({ ...d, meta: { ...d.meta, boundary: true } }));
  const buckets = choose(ofKind('bucket'), params.bucket, 'bucket', '--bucket', report, true);
  const keys = ofKind('key');
  const keyChoice = keys.length === 1 ? { chosen: keys, candidates: [] } : choose(keys, undefined, 'key', '', report, params.encryption === 'kms');

  const kept = [...roles.chosen, ...identity, ...boundaries, ...buckets.chosen, ...keyChoice.chosen];
  // A permission policy attached to no role that can be known is relevant: its notes say why it is not counted.
  const unattached = ofKind('identity').filter((d) => d.meta.iac.targets.length === 0 && d.meta.iac.boundaryOf.length === 0);
  const key = (file: string, resource: string) => `${file}\u0000${resource}`;
  const relevant = new Set([...kept, ...unattached, ...roles.candidates, ...buckets.candidates, ...keyChoice.candidates].map((d) => key(d.file, d.meta.iac.resource)));
  // Problems about resources that hold no policy (e.g. a Terraform attachment) stay too.
  const holding = new Set(iac.map((d) => key(d.file, d.meta.iac.resource)));
  const keep = (file: string, problem: InputProblem) => problem.resources === undefined || problem.resources.some((r) => relevant.has(key(file, r)) || !holding.has(key(file, r)));
  return sources.map((source) => ({
    ...source,
    documents: source.documents.filter((d) => !isIac(d) || kept.includes(d)).concat(boundaries.filter((d) => d.file === source.file)),
    problems: [...source.problems.filter((p) => keep(source.file, p)), ...(added.get(source.file) ?? [])],
  }));
}

/** One note per file naming the roles defined there that are not the export role: their documents are not counted. */
function reportOtherRoles(others: IacDocument[], role: IacDocument, report: Report): void {
  const byFile = new Map<string, IacDocument[]>();
  for (const other of others) byFile.set(other.file, [...(byFile.get(other.file) ?? []), other]);
  const exportRole = role.meta.iac.targets[0]?.name ?? role.meta.iac.resource;
  for (const [, left] of byFile) {
    const names = left.slice(0, LISTED).map((d) => d.meta.iac.targets[0]?.name ?? d.meta.iac.resource);
    const more = left.length > LISTED ? ` and ${left.length - LISTED} more` : '';
    report(left[0]!, 'resource-chosen', `Left out: ${left.length === 1 ? `the role ${names[0]} is` : `${left.length} roles (${names.join(', ')}${more}) are`} not the export role ${exportRole}; ${left.length === 1 ? 'its' : 'their'} policies are not counted.`);
  }
}

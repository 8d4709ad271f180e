// Which of the roles, buckets and keys a CloudFormation template or Terraform plan defines belong to
// the export setup. The role is the one --role names (by name: IAM role names are unique in an
// account, whatever the path), the bucket the one --bucket names; without the flag, the only one
// is taken and a note says so. When it cannot be told, a finding lists the candidates. Permission
// policies count only when attached to the export role, bucket policies only for the export
// bucket; problems about resources outside the setup are dropped with them.
import type { IacLink, InputProblem, PipelineParams, PolicyDocument, SourceResult } from '../types.js';

type IacDocument = PolicyDocument & { meta: { iac: NonNullable<PolicyDocument['meta']['iac']> } };

const isIac = (document: PolicyDocument): document is IacDocument => document.meta.iac !== undefined;
const describe = (document: IacDocument, what: string) => {
  const name = document.meta.iac.targets[0]?.name;
  return `${document.meta.iac.resource} (${name === undefined ? `${what} name unknown until deployment` : `${what} ${name}`}, ${document.file})`;
};

/** The role name in a role ARN (after the path), or the name itself. */
export function roleNameOf(role: string | undefined): string | undefined {
  if (role === undefined) return undefined;
  return role.includes(':') ? role.slice(role.lastIndexOf('/') + 1) : role;
}

interface Choice {
  chosen: IacDocument[];
  /** Candidates of an undetermined choice. */
  candidates: IacDocument[];
}

/**
 * Picks among `documents` (each defining one role, bucket or key) the one `wanted` names. Reports
 * a note when the only one is taken without a name, and an error listing the candidates otherwise.
 */
function choose(documents: IacDocument[], wanted: string | undefined, what: string, flag: string, report: (document: IacDocument, code: InputProblem['code'], message: string) => void, required: boolean): Choice {
  const none: Choice = { chosen: [], candidates: [] };
  if (documents.length === 0) return none;
  const undetermined = (candidates: IacDocument[], reason: string): Choice => {
    report(candidates[0]!, 'iac-undetermined', `Cannot tell which ${what} is the export ${what}: ${reason}. Candidates: ${candidates.map((d) => describe(d, what)).join('; ')}. ${flag === '' ? '' : `Pass ${flag}, or `}give the ${what} a fixed name.`);
    return { chosen: [], candidates };
  };
  if (wanted === undefined) {
    if (documents.length > 1) return required ? undetermined(documents, `${documents.length} are defined and ${flag} is not given`) : none;
    report(documents[0]!, 'iac-chosen', `Taken as the export ${what}: ${describe(documents[0]!, what)} is the only ${what} defined${flag === '' ? '' : ` and ${flag} is not given`}.`);
    return { chosen: documents, candidates: [] };
  }
  const named = documents.filter((d) => d.meta.iac.targets.some((t) => t.name === wanted));
  if (named.length === 1) return { chosen: named, candidates: [] };
  if (named.length > 1) return undetermined(named, `${named.length} are named ${wanted}`);
  const unnamed = documents.filter((d) => d.meta.iac.targets.every((t) => t.name === undefined));
  if (unnamed.length > 0) return undetermined(unnamed, `none is named ${wanted}, and the name of ${unnamed.length === 1 ? 'this one' : 'these'} is known only after deployment`);
  return none;
}

const linked = (links: readonly IacLink[], document: PolicyDocument, role: IacDocument | undefined, roleName: string | undefined) =>
  links.some((l) => (role !== undefined && l.resource !== undefined && l.resource === role.meta.iac.targets[0]?.resource && document.file === role.file) || (l.name !== undefined && l.name === roleName));

/** The sources with only the documents (and problems) of the export setup, and the notes about the choice. */
export function selectIacDocuments(sources: SourceResult[], params: PipelineParams): SourceResult[] {
  const documents = sources.flatMap((source) => source.documents);
  const iac = documents.filter(isIac);
  if (iac.length === 0 && !sources.some((s) => s.problems.some((p) => p.resources !== undefined))) return sources;
  const added = new Map<string, InputProblem[]>();
  const report = (document: IacDocument, code: InputProblem['code'], message: string) => {
    added.set(document.file, [...(added.get(document.file) ?? []), { code, message, range: document.meta.iac.range, path: document.meta.iac.path }]);
  };
  const plainDocuments = documents.filter((d) => !isIac(d));
  const ofKind = (kind: string) => iac.filter((d) => d.kind === kind);

  const hasOtherTrust = plainDocuments.some((d) => d.kind === 'trust');
  const roles = choose(ofKind('trust'), roleNameOf(params.role), 'role', '--role', report, true);
  if (roles.chosen.length === 0 && roles.candidates.length === 0 && !hasOtherTrust && params.role !== undefined && ofKind('trust').length > 0) {
    const trusts = ofKind('trust');
    report(trusts[0]!, 'iac-undetermined', `Cannot tell which role is the export role: none of the roles defined is named ${roleNameOf(params.role)} (--role). Candidates: ${trusts.map((d) => describe(d, 'role')).join('; ')}.`);
  }
  const role = roles.chosen[0];
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

// Which of the roles, buckets and keys a CloudFormation template, Terraform plan or account dump
// (aws iam get-account-authorization-details) defines belong to the export setup. Relevance, not
// presence, decides: a role is a candidate only if its trust policy lets Mixpanel's account in or it
// is the role --role names (by name, case-insensitively, and by account when both ARNs are known; a
// CDK role without a name by the name CloudFormation generates for it); a bucket policy only if it
// is for the bucket --bucket names (or its bucket is unknown until deployment and the file also
// defines a role candidate); a key only if the file defines the export role or it is the key
// --kms-key names. Without the flag, the only candidate is taken and a note says so; two roles that
// both trust Mixpanel are an error listing them. Everything else (a Lambda's role, a log bucket, an
// RDS key) is nothing to the export: left out without a word, with the problems about it.
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

/** The export role among the roles (trust policies) defined: by --role, by generated name, or the only one that trusts Mixpanel. */
function chooseRole(trusts: IacDocument[], wanted: string | undefined, report: Report): Choice {
  if (trusts.length === 0) return none;
  const advice = 'Pass --role, or give the role a fixed name.';
  const mixpanel = trusts.filter((d) => trustsMixpanel(d.policy));
  if (wanted === undefined) {
    if (mixpanel.length === 0) return none; // no role here lets Mixpanel in: nothing of the export's
    if (mixpanel.length === 1) return taken(mixpanel[0]!, 'role', `is the only role defined that trusts Mixpanel, and --role is not given`, report);
    return undetermined(mixpanel, 'role', `${mixpanel.length} roles trust Mixpanel and --role is not given`, advice, report);
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
  if (unnamedMixpanel.length === 0) return none; // the unnamed roles do not let Mixpanel in
  return undetermined(unnamedMixpanel, 'role', `none is named ${name}, and the name of these roles that trust Mixpanel is known only after deployment`, advice, report);
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
  const ofKind = (kind: string) => iac.filter((d) => d.kind === kind);

  const trusts = ofKind('trust');
  const roles = chooseRole(trusts, params.role, report);
  const role = roles.chosen[0];
  // Other roles that let Mixpanel in are worth a word (a staging copy?); the rest are nothing to the export.
  if (role !== undefined) reportOtherRoles(trusts.filter((d) => d !== role && trustsMixpanel(d.policy)), role, report);
  // Files that define a role the export may be (chosen, or among undetermined candidates).
  const roleFiles = new Set([...roles.chosen, ...roles.candidates].map((d) => d.file));
  const roleName = role?.meta.iac.targets[0]?.name ?? roleNameOf(params.role);
  const identity = ofKind('identity').filter((d) => linked(d.meta.iac.targets, d, role, roleName));
  const boundaries = ofKind('identity')
    .filter((d) => linked(d.meta.iac.boundaryOf, d, role, roleName))
    .map((d) => ({ ...d, meta: { ...d.meta, boundary: true } }));
  const buckets = choose(
    ofKind('bucket').filter((d) => d.meta.iac.targets.some((t) => t.name !== undefined && t.name === params.bucket) || (roleFiles.has(d.file) && (params.bucket === undefined || d.meta.iac.targets.every((t) => t.name === undefined)))),
    params.bucket,
    'bucket',
    '--bucket',
    report,
    true,
  );
  const keys = ofKind('key').filter((d) => roleFiles.has(d.file) || (d.meta.keyId !== undefined && params.kmsKey !== undefined && params.kmsKey.endsWith(d.meta.keyId)));
  const keyChoice = keys.length === 1 ? { chosen: keys, candidates: [] } : choose(keys, undefined, 'key', '', report, params.encryption === 'kms');

  const kept = [...roles.chosen, ...identity, ...boundaries, ...buckets.chosen, ...keyChoice.chosen];
  // A permission policy attached to no role that can be known, beside a role the export may be, is relevant: its notes say why it is not counted.
  const unattached = ofKind('identity').filter((d) => d.meta.iac.targets.length === 0 && d.meta.iac.boundaryOf.length === 0 && roleFiles.has(d.file));
  const key = (file: string, resource: string) => `${file}\u0000${resource}`;
  const relevant = new Set([...kept, ...unattached, ...roles.candidates, ...buckets.candidates, ...keyChoice.candidates].map((d) => key(d.file, d.meta.iac.resource)));
  // Problems about resources that hold no policy (e.g. a Terraform attachment) stay too, in a file that defines a role the export may be.
  const holding = new Set(iac.map((d) => key(d.file, d.meta.iac.resource)));
  const keep = (file: string, problem: InputProblem) =>
    problem.resources === undefined || problem.resources.some((r) => relevant.has(key(file, r)) || (!holding.has(key(file, r)) && roleFiles.has(file)));
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

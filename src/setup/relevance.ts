// A repository is not a setup. A folder is an export setup when something says it is: a config in
// that very folder that gives pipeline parameters, a file or folder named on the command line, or
// documents that play a part in the export: a role that lets Mixpanel in (or the role --role names),
// a bucket policy for the export bucket, or a file that could not be read where parameters say an
// export is set up. Anything else (a Lambda's role, a website bucket's policy, a folder of unrelated
// templates) is nothing to the export: its files are passed over and counted, never reported.
import type { InputProblemCode, PolicyDocument } from '../types.js';
import type { Setup } from './setup.js';
import { isExportRole, trustsMixpanel } from './roles.js';

/** Problems of a file that may hold one of the export's documents but could not be read. */
const READ_FAILURES = new Set<InputProblemCode>(['unreadable', 'too-large', 'not-text', 'invalid-json', 'invalid-yaml', 'embedded-policy-invalid']);

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** The S3 resources a policy's statements name. */
function resourcesOf(document: PolicyDocument): string[] {
  const policy = document.policy;
  const statements = typeof policy === 'object' && policy !== null ? asList((policy as Record<string, unknown>)['Statement']) : [];
  return statements.flatMap((statement) => {
    if (typeof statement !== 'object' || statement === null) return [];
    const s = statement as Record<string, unknown>;
    return [...asList(s['Resource']), ...asList(s['NotResource'])].filter((r): r is string => typeof r === 'string');
  });
}

/** Whether a bucket policy is for `bucket`: its wrapper says so, or its statements name the bucket or its objects. */
function isFor(document: PolicyDocument, bucket: string): boolean {
  if (document.meta.bucket !== undefined) return document.meta.bucket === bucket;
  const arn = `arn:aws:s3:::${bucket}`;
  return resourcesOf(document).some((resource) => resource === arn || resource.startsWith(`${arn}/`));
}

/**
 * Whether the setup's documents play a part in the export. Documents of templates, plans and
 * account dumps reach the setup only when they do (src/setup/iac-select.ts), or their choice is
 * ambiguous (MP023). `namedRole` is the role the config or command line names (not one a CLI output
 * supplied: any get-role output would then name itself).
 */
export function playsExportPart(setup: Setup, namedRole: string | undefined): boolean {
  const { params } = setup;
  const exportRole = (document: PolicyDocument) => namedRole !== undefined && isExportRole({ name: document.meta.roleName, arn: document.meta.roleArn }, namedRole) === true;
  if (setup.sources.some((source) => source.problems.some((problem) => problem.code === 'resource-undetermined'))) return true;
  if (setup.trust.some((document) => document.meta.iac !== undefined || trustsMixpanel(document.policy) || exportRole(document))) return true;
  if (setup.bucket.some((document) => document.meta.iac !== undefined || (params.bucket !== undefined && isFor(document, params.bucket)))) return true;
  const parameters = params.role !== undefined || params.bucket !== undefined;
  return parameters && setup.sources.some((source) => source.problems.some((problem) => READ_FAILURES.has(problem.code)));
}

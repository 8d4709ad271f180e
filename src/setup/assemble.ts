// Documents → setups: the documents of one directory form one setup, checked against the
// parameters of the nearest config (command-line flags win). Each document goes to the part its
// kind says, once the documents of other roles, buckets and keys are left out; the role ARN may come
// from an `aws iam get-role` output when not given.
import type { PipelineParams, SourceResult } from '../types.js';
import { selectFacts } from './facts.js';
import { selectIacDocuments } from './iac-select.js';
import { selectWrappedRoleDocuments } from './roles.js';
import type { Setup } from './setup.js';

export interface SetupInput {
  directory: string;
  sources: SourceResult[];
  params: PipelineParams;
  configFile?: string;
  paramSources?: Setup['paramSources'];
  ruleLevels: Setup['ruleLevels'];
  /** When the check runs (default: now), in milliseconds since the epoch. */
  now?: number;
}

export function assembleSetup(input: SetupInput): Setup {
  // Files that hold nothing to check are no part of the setup (lint() counts them; findings never point at them).
  const read = input.sources.filter((source) => source.notPolicy !== true);
  const { sources, facts: saved } = selectFacts(selectWrappedRoleDocuments(selectIacDocuments(read, input.params), input.params), input.params);
  const documents = sources.flatMap((source) => source.documents);
  const byKind = (kind: string) => documents.filter((d) => d.kind === kind);
  const identity = byKind('identity');
  const roleFromWrapper = documents.find((d) => d.kind === 'trust' && d.meta.roleArn !== undefined)?.meta.roleArn;
  const role = input.params.role ?? roleFromWrapper;
  // The role's id and tags, from its own get-role output (or live read), never another role's.
  const roleMeta = documents.find((d) => d.kind === 'trust' && d.meta.roleId !== undefined && d.meta.roleArn !== undefined && d.meta.roleArn.toLowerCase() === role?.toLowerCase())?.meta;
  return {
    directory: input.directory,
    params: { ...input.params, role },
    facts: {
      now: input.now ?? Date.now(),
      ...(roleMeta?.roleId === undefined ? {} : { roleId: roleMeta.roleId }),
      ...(roleMeta?.roleTags === undefined ? {} : { roleTags: roleMeta.roleTags }),
      // A saved get-bucket-encryption output says whether Bucket Keys are on, as live mode's read does.
      ...(saved?.bucketEncryption === undefined ? {} : { bucketKeyEnabled: saved.bucketEncryption.bucketKeyEnabled ?? false }),
    },
    configFile: input.configFile,
    paramSources: input.paramSources ?? {},
    ruleLevels: input.ruleLevels,
    sources,
    documents,
    trust: byKind('trust'),
    identity: identity.filter((d) => d.meta.boundary !== true),
    boundary: identity.filter((d) => d.meta.boundary === true),
    bucket: byKind('bucket'),
    key: byKind('key'),
    ...(saved === undefined ? {} : { savedFacts: saved }),
  };
}

/** Groups read files by the directory that holds them (display paths, POSIX). */
export function groupByDirectory(sources: readonly SourceResult[]): Map<string, SourceResult[]> {
  const groups = new Map<string, SourceResult[]>();
  for (const source of sources) {
    const slash = source.file.lastIndexOf('/');
    const directory = slash < 0 ? '.' : source.file.slice(0, slash) || '/';
    const list = groups.get(directory) ?? [];
    list.push(source);
    groups.set(directory, list);
  }
  return groups;
}

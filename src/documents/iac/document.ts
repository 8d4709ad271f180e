// What both IaC readers produce: documents whose kind comes from the resource that holds them.
import type { DocumentKind, DocumentMeta, IacOrigin, InputProblem, JsonPath, PolicyDocument, SourceRange } from '../../types.js';
import type { AwsManagedPolicy } from '../managed.js';
import { documentFacts } from '../read.js';

export interface IacRead {
  documents: PolicyDocument[];
  problems: InputProblem[];
}

export function iacDocument(file: string, kind: DocumentKind, policy: unknown, policyPath: PolicyDocument['policyPath'], locate: PolicyDocument['locate'], meta: DocumentMeta, origin: IacOrigin): PolicyDocument {
  const wrapper = `${origin.format === 'cloudformation' ? 'CloudFormation' : 'Terraform'} ${origin.type}`;
  return { file, kind, kindSource: 'wrapper', policy, policyPath, locate, meta: { wrapper, ...meta, iac: origin }, ...documentFacts(policy) };
}

/**
 * An AWS managed policy a template or plan attaches by ARN, as an IaC document of its own: its text is
 * the one AWS publishes (src/documents/managed.ts) and every position is the attachment's.
 */
export function managedPolicyDocument(file: string, managed: AwsManagedPolicy, attachment: { path: JsonPath; range: SourceRange }, origin: IacOrigin, boundary: boolean): PolicyDocument {
  const meta: DocumentMeta = { policyArn: managed.arn, policyName: managed.name, awsManaged: { name: managed.name, versionId: managed.versionId, source: managed.source }, ...(boundary ? { boundary: true } : {}) };
  return { file, kind: 'identity', kindSource: 'wrapper', policy: managed.document, policyPath: attachment.path, locate: () => attachment.range, meta: { wrapper: `AWS managed policy ${managed.name} ${managed.versionId}`, ...meta, iac: origin }, ...documentFacts(managed.document) };
}

// What both IaC readers produce: documents whose kind comes from the resource that holds them.
import type { DocumentKind, DocumentMeta, IacOrigin, InputProblem, PolicyDocument } from '../../types.js';
import { documentFacts } from '../read.js';

export interface IacRead {
  documents: PolicyDocument[];
  problems: InputProblem[];
}

export function iacDocument(file: string, bytes: Uint8Array, kind: DocumentKind, policy: unknown, policyPath: PolicyDocument['policyPath'], locate: PolicyDocument['locate'], meta: DocumentMeta, origin: IacOrigin): PolicyDocument {
  const wrapper = `${origin.format === 'cloudformation' ? 'CloudFormation' : 'Terraform'} ${origin.type}`;
  return { file, kind, kindSource: 'wrapper', policy, policyPath, locate, meta: { wrapper, ...meta, iac: origin }, ...documentFacts(policy) };
}

// What the readers of one live read share: the request, the clients, the call runner, and what has
// been collected so far.
import type { DocumentMeta } from '../../types.js';
import type { CallRunner, CallSpec } from './calls.js';
import { decodePolicy } from './documents.js';
import type { AwsClients } from './sdk.js';
import type { CallerIdentity, LiveDocument, LiveDocumentKind, LiveFacts, LiveRequest } from './types.js';

export interface LiveSession {
  request: LiveRequest;
  clients: AwsClients;
  runner: CallRunner;
  collected: Collected;
}

export interface Collected {
  callerIdentity?: CallerIdentity;
  documents: LiveDocument[];
  facts: LiveFacts;
  /** The role ARN names another account than the credentials': what was read is not that role. */
  foreignRole: boolean;
}

export interface DocumentSource {
  spec: CallSpec;
  kind: LiveDocumentKind;
  name: string;
  /** The policy as the answer carried it. */
  raw: string | undefined;
  encoding: 'percent' | 'plain';
  meta: DocumentMeta;
}

/** Adds the document, or reports the answer as malformed when the policy is missing or not JSON. */
export function addDocument(session: LiveSession, source: DocumentSource): void {
  if (source.raw === undefined) {
    session.runner.report(source.spec, 'malformed-response', 'the answer has no policy document');
    return;
  }
  const decoded = decodePolicy(source.raw, source.encoding);
  if (decoded.ok) session.collected.documents.push({ kind: source.kind, name: source.name, text: decoded.text, meta: source.meta });
  else session.runner.report(source.spec, 'malformed-response', decoded.reason);
}

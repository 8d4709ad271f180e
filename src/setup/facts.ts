// The facts saved CLI outputs give about the bucket and key (aws s3api get-bucket-encryption, aws
// kms describe-key), gathered for one setup. A describe-key output of another key than the
// pipeline's (s3_kms_key_id, by key id) is left out with a note; an alias cannot be compared with
// the key id the output shows, so then the output is taken. get-bucket-encryption does not name its
// bucket, so its answer is the bucket's.
import type { InputProblem, PipelineParams, SourceFacts, SourceResult } from '../types.js';

const keyIdOf = (key: string) => key.slice(key.lastIndexOf('/') + 1);

export function selectFacts(sources: SourceResult[], params: PipelineParams): { sources: SourceResult[]; facts?: SourceFacts } {
  const withFacts = sources.filter((source) => source.facts !== undefined);
  if (withFacts.length === 0) return { sources };
  const facts: SourceFacts = {};
  const notes = new Map<string, InputProblem>();
  for (const source of withFacts) {
    const { bucketEncryption, key } = source.facts!;
    if (bucketEncryption !== undefined) facts.bucketEncryption ??= bucketEncryption;
    if (key === undefined) continue;
    const wanted = params.kmsKey;
    if (wanted !== undefined && !/(^|:)alias\//.test(wanted) && keyIdOf(wanted) !== key.keyId) {
      notes.set(source.file, { code: 'resource-chosen', message: `Left out: this aws kms describe-key output is of key ${key.arn}, not of the pipeline's key ${wanted} (s3_kms_key_id).`, range: key.at.range, path: key.at.path });
      continue;
    }
    facts.key ??= key;
  }
  if (notes.size === 0) return { sources, facts };
  return { sources: sources.map((source) => (notes.has(source.file) ? { ...source, problems: [...source.problems, notes.get(source.file)!] } : source)), facts };
}

// Validators for the CI formats, against what the tools that read them publish: JUnit XML against
// the JUnit schema of Jenkins' xunit plugin (libxml2's xmllint, compiled to WebAssembly, so it runs
// offline and without native code), GitLab Code Quality JSON against a schema written from GitLab's
// documentation plus the rules the documentation states in prose. Sources: test/vendor/README.md.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { validateXML } from 'xmllint-wasm';
import { repoPath } from './repo.js';

const JUNIT_XSD = readFileSync(repoPath('test', 'vendor', 'junit-10.xsd'), 'utf8');

/** Every problem xmllint finds (well-formedness and the schema); empty when the document is valid. */
export async function validateJunit(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: JUNIT_XSD }] });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}

let gitlabSchema: ReturnType<Ajv['compile']> | undefined;

/** Every problem with a Code Quality report: the schema, a byte-order mark, duplicate fingerprints, paths that are not relative. */
export function validateGitlab(text: string): string[] {
  gitlabSchema ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(repoPath('test', 'vendor', 'gitlab-code-quality.schema.json'), 'utf8')) as object);
  const problems: string[] = [];
  // "The GitLab parser does not allow a byte order mark at the beginning of the file."
  if (text.charCodeAt(0) === 0xfeff) problems.push('starts with a byte-order mark');
  const report = JSON.parse(text.replace(/^\uFEFF/, '')) as { fingerprint?: string; location?: { path?: string } }[];
  if (!gitlabSchema(report)) problems.push(...(gitlabSchema.errors ?? []).map((e) => `schema: ${e.instancePath || '/'} ${e.message ?? e.keyword}`));
  if (!Array.isArray(report)) return problems;
  // "Multiple Code Quality findings with identical fingerprints display as a single entry."
  const fingerprints = report.map((issue) => issue.fingerprint);
  if (new Set(fingerprints).size !== fingerprints.length) problems.push('two issues share a fingerprint (GitLab would show them as one)');
  // "location.path: ... expressed as a relative path in the repository."
  for (const issue of report) {
    const file = issue.location?.path ?? '';
    if (file.startsWith('/') || file.startsWith('./') || file.startsWith('../') || /^[A-Za-z]:/.test(file)) problems.push(`path ${file} is not relative to the repository`);
  }
  return problems;
}

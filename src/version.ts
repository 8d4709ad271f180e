// The tool's version and the project's addresses, read once from package.json (compiled file:
// dist/src/version.js; the bundle in dist/bundle/ sits at the same depth). No address is written in
// the code: a link is printed only when package.json gives `homepage`, `repository` or `bugs`, so
// setting them later needs no code change (docs/decisions.md, "Addresses").
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package.json fields the links come from, as npm documents them (https://docs.npmjs.com/cli/v11/configuring-npm/package-json). */
export interface PackageFields {
  version: string;
  homepage?: string;
  repository?: string | { type?: string; url?: string; directory?: string };
  bugs?: string | { url?: string; email?: string };
}

export interface ProjectLinks {
  /** The project's page: `homepage`, else the repository's web page (SARIF informationUri, --help). */
  homepage?: string;
  /** The rule pages of this version: base + rule id + '.md', at the tag `v<version>` that `npm version` creates. */
  ruleDocsBase?: string;
  /** Where bugs are reported: `bugs`, else the repository's issue tracker. */
  issues?: string;
}

/** Hosts whose web pages can be derived from a repository URL, and the path of a file at a tag. */
const KNOWN_HOSTS: Record<string, string> = { 'github.com': 'blob', 'gitlab.com': '-/blob', 'bitbucket.org': 'src' };
/** npm's repository shortcuts ("github:owner/repo"; a bare "owner/repo" is GitHub). */
const SHORTCUTS: Record<string, string> = { github: 'github.com', gitlab: 'gitlab.com', bitbucket: 'bitbucket.org' };

/** An http(s) URL as written, or undefined for anything else (an email, a typo). */
function webUrl(value: string | undefined): string | undefined {
  if (value === undefined || !URL.canParse(value)) return undefined;
  return /^https?:$/.test(new URL(value).protocol) ? value : undefined;
}

/** The repository's web page on a known host (never a guess for other hosts) and its folder in the repository. */
function repositoryPage(repository: PackageFields['repository']): { page: string; host: string; directory?: string } | undefined {
  const url = typeof repository === 'string' ? repository : repository?.url;
  if (url === undefined) return undefined;
  let host: string | undefined;
  let repoPath: string | undefined;
  const shortcut = /^(?:(github|gitlab|bitbucket):)?([\w.-]+\/[\w.-]+)$/.exec(url);
  const scp = /^[\w.-]+@([\w.-]+):([^/].*)$/.exec(url); // git@github.com:owner/repo.git
  if (shortcut !== null) [host, repoPath] = [SHORTCUTS[shortcut[1] ?? 'github'], shortcut[2]];
  else if (scp !== null) [host, repoPath] = [scp[1], scp[2]];
  else if (URL.canParse(url.replace(/^git\+/, ''))) {
    const parsed = new URL(url.replace(/^git\+/, ''));
    [host, repoPath] = [parsed.hostname, parsed.pathname.slice(1)];
  }
  repoPath = repoPath?.replace(/\.git$/, '').replace(/\/+$/, '');
  if (host === undefined || KNOWN_HOSTS[host] === undefined || !repoPath || repoPath.split('/').length !== 2) return undefined;
  const directory = typeof repository === 'object' ? repository.directory?.replace(/^\/+|\/+$/g, '') : undefined;
  return { page: `https://${host}/${repoPath}`, host, ...(directory ? { directory } : {}) };
}

export function projectLinks(fields: PackageFields): ProjectLinks {
  const repository = repositoryPage(fields.repository);
  const homepage = webUrl(fields.homepage) ?? repository?.page;
  const bugs = typeof fields.bugs === 'string' ? fields.bugs : fields.bugs?.url;
  const issues = webUrl(bugs) ?? (repository === undefined ? undefined : `${repository.page}/issues`);
  const ruleDocsBase =
    repository === undefined ? undefined : `${repository.page}/${KNOWN_HOSTS[repository.host]}/v${fields.version}/${repository.directory === undefined ? '' : `${repository.directory}/`}docs/rules/`;
  return { ...(homepage === undefined ? {} : { homepage }), ...(ruleDocsBase === undefined ? {} : { ruleDocsBase }), ...(issues === undefined ? {} : { issues }) };
}

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageFields;

export const VERSION: string = PACKAGE.version;
export const LINKS: ProjectLinks = projectLinks(PACKAGE);
/** The README of this installation, named by --help when the package gives no home page. */
export const README_PATH: string = fileURLToPath(new URL('../../README.md', import.meta.url));
/** The rule pages of this installation (ending in a separator), named by --list-rules when there is no web page for them. */
export const RULE_DOCS_DIR: string = fileURLToPath(new URL('../../docs/rules/', import.meta.url));

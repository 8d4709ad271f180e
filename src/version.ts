// The tool's version, read once from package.json (compiled file: dist/src/version.js).
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Where the project lives; SARIF links each rule to its docs page under DOCS_BASE_URI. */
export const HOMEPAGE = 'https://github.com/mixpanel-tools/mp-s3-lint';
export const DOCS_BASE_URI = `${HOMEPAGE}/blob/v${VERSION}/docs/rules/`;

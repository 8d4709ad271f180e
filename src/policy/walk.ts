// Visits every string in a JSON value with its path (object keys included, as IAM condition keys
// can hold placeholders too).
import type { JsonPath } from '../types.js';

/**
 * Calls `visit` for every string and object key. The path given to `visit` is one array updated
 * in place as the walk goes on (a copy per string made this walk a large share of all allocation,
 * bench/RESULTS.md): copy it to keep it.
 */
export function forEachString(value: unknown, visit: (text: string, path: JsonPath, isKey: boolean) => void): void {
  walk(value, visit, []);
}

function walk(value: unknown, visit: (text: string, path: JsonPath, isKey: boolean) => void, path: (string | number)[]): void {
  if (typeof value === 'string') visit(value, path, false);
  else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      walk(value[index], visit, path);
      path.pop();
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const key in value) {
      path.push(key);
      visit(key, path, true);
      walk((value as Record<string, unknown>)[key], visit, path);
      path.pop();
    }
  }
}

// Visits every string in a JSON value with its path (object keys included, as IAM condition keys
// can hold placeholders too).
import type { JsonPath } from '../types.js';

export function forEachString(value: unknown, visit: (text: string, path: JsonPath, isKey: boolean) => void, path: (string | number)[] = []): void {
  if (typeof value === 'string') visit(value, path, false);
  else if (Array.isArray(value)) value.forEach((item, index) => forEachString(item, visit, [...path, index]));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      visit(key, [...path, key], true);
      forEachString(item, visit, [...path, key]);
    }
  }
}

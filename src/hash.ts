// node:crypto, loaded on first use: it takes ~6 ms to load, and a check that writes no SARIF, baseline
// or cache hashes nothing (bench/RESULTS.md, "Cold start, issue 17").
import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';

let crypto: typeof Crypto | undefined;

export function nodeCrypto(): typeof Crypto {
  return (crypto ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto);
}

/** SHA-256 of the text (UTF-8) or bytes, in hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(data).digest('hex');
}

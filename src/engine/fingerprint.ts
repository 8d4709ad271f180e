// One identity for a finding across runs, used by baselines (--baseline), SARIF partialFingerprints
// and GitLab Code Quality: the same problem at the same node keeps it when lines move.
import { sha256Hex } from '../hash.js';
import type { Finding } from '../types.js';

/**
 * SHA-256 (hex) of rule id, file, JSON path and the message's first sentence with its numbers blanked.
 * Positions are not part of it, so it survives line moves; line numbers, statement counts and policy
 * sizes in the words move with unrelated edits (MP015's "6,200 characters"), and later sentences carry
 * details that may change while the problem stays (the first sentence stands alone: SARIF's title).
 */
export function findingFingerprint(finding: Pick<Finding, 'ruleId' | 'file' | 'path' | 'message'>): string {
  return sha256Hex([finding.ruleId, finding.file, finding.path, stableMessage(finding.message)].join('\0'));
}

/** The message's first sentence, every number in it (digits and the separators inside one) as one `#`, white space collapsed. */
export function stableMessage(message: string): string {
  const firstSentence = message.split(/(?<=[.!?])\s|\n/)[0] ?? '';
  return firstSentence
    .replace(/\d+(?:[.,:]\d+)*/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The fingerprint of the nth repeat (n ≥ 1) of a finding, for formats that need each result's to be unique. */
export function repeatFingerprint(fingerprint: string, repeat: number): string {
  return sha256Hex(`${fingerprint}\0${repeat}`);
}

// The fixture setups that exercise a rule: bad ones whose expected.txt names it, and the good ones
// of its area (rules.meta.test.ts checks every rule has both).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface RuleFixtures {
  bad: string[];
  good: string[];
}

/** Fixture directories (repo-relative) whose expected.txt names the rule, and the good ones of its area. */
export function fixturesFor(ruleId: string, repoRoot: string, areaOf: (ruleId: string) => string | undefined): RuleFixtures {
  const root = path.join(repoRoot, 'fixtures');
  const cases = (area: string, kind: string) => {
    const directory = path.join(root, area, kind);
    return existsSync(directory) ? readdirSync(directory).sort().map((name) => `fixtures/${area}/${kind}/${name}`) : [];
  };
  const areas = existsSync(root) ? readdirSync(root).sort() : [];
  const bad = areas.flatMap((area) => cases(area, 'bad')).filter((dir) => {
    const expected = path.join(repoRoot, dir, 'expected.txt');
    return existsSync(expected) && new RegExp(`^${ruleId} `, 'm').test(readFileSync(expected, 'utf8'));
  });
  // Setups that pass, from the rule's own area and from every area whose bad cases report it (e.g. iac).
  const goodAreas = new Set([areaOf(ruleId), ...bad.map((dir) => dir.split('/')[1])].filter((area): area is string => area !== undefined));
  return { bad, good: [...goodAreas].sort().flatMap((area) => cases(area, 'good')) };
}

// Rule-id areas and the fixture folders that hold their examples (cfn-lint style: MP0xx
// documents, MP1xx trust, MP2xx permissions, MP3xx KMS, MP4xx bucket policy, MP5xx parameters).
export const FIXTURE_AREA_BY_DIGIT: Record<string, string> = {
  '0': 'documents',
  '1': 'trust',
  '2': 'permissions',
  '3': 'kms',
  '4': 'bucket',
  '5': 'parameters',
};

export function fixtureAreaOf(ruleId: string): string | undefined {
  return FIXTURE_AREA_BY_DIGIT[ruleId.charAt(2)];
}

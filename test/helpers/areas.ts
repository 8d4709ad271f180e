// Rule-id areas and the fixture folders that exercise them (cfn-lint style: MP0xx
// documents, MP1xx trust, MP2xx permissions, MP3xx KMS, MP4xx bucket policy, MP5xx parameters,
// MP6xx facts only AWS knows: read live (exercised against the emulator) or from saved CLI outputs
// such as get-bucket-encryption and describe-key (fixtures/live)).
export const FIXTURE_AREA_BY_DIGIT: Record<string, string> = {
  '0': 'documents',
  '1': 'trust',
  '2': 'permissions',
  '3': 'kms',
  '4': 'bucket',
  '5': 'parameters',
  '6': 'live',
};

export function fixtureAreaOf(ruleId: string): string | undefined {
  return FIXTURE_AREA_BY_DIGIT[ruleId.charAt(2)];
}

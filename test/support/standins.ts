// The AWS emulator (serving the passing account) and the Mixpanel stand-in for one test file, both on
// 127.0.0.1, reset before each test and closed after the file; with the hermetic AWS environment.
import type { Test } from 'uvu';
import { useHermeticAwsEnv } from './hermetic-aws-env.js';
import { startAwsEmulator, type AwsEmulator } from './aws-emulator.js';
import { startMixpanelStandin, type MixpanelStandin } from './mixpanel-standin.js';
import { goodAccount } from './live-account.js';
import { API_SECRET, PROJECT_ID } from './pipeline-input.js';

export interface Standins {
  aws: AwsEmulator;
  mixpanel: MixpanelStandin;
}

/** Filled in before the first test runs. */
export function useStandins(suite: Test): Standins {
  useHermeticAwsEnv(suite, { AWS_MAX_ATTEMPTS: '2' });
  const standins = {} as Standins;
  suite.before(async () => {
    standins.aws = await startAwsEmulator(goodAccount());
    standins.mixpanel = await startMixpanelStandin({ projectId: PROJECT_ID, apiSecret: API_SECRET });
  });
  suite.after(async () => {
    await standins.aws.close();
    await standins.mixpanel.close();
  });
  suite.before.each(() => {
    standins.aws.setState(goodAccount());
    standins.aws.calls.length = 0;
    standins.mixpanel.reset();
  });
  return standins;
}

// The SDK reads its configuration from process.env: test files that drive it make the environment
// hermetic (fake keys, no shared config, no endpoint or profile of the machine's) while they run and
// restore it afterwards, because uvu runs every test file in one process.
import type { Test } from 'uvu';
import { HERMETIC_AWS_ENV } from './aws-emulator.js';

const CLEARED_ENV = ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'AWS_MAX_ATTEMPTS', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_KMS'];

export function useHermeticAwsEnv(suite: Test, extra: Record<string, string> = {}): void {
  const saved = new Map<string, string | undefined>();
  suite.before(() => {
    for (const name of [...Object.keys(HERMETIC_AWS_ENV), ...CLEARED_ENV, ...Object.keys(extra)]) saved.set(name, process.env[name]);
    for (const name of CLEARED_ENV) delete process.env[name];
    Object.assign(process.env, HERMETIC_AWS_ENV, extra);
  });
  suite.after(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

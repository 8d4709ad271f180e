import { parameterRule } from '../src/engine/parameter-rule.js';
import { tokenProblem } from '../src/setup/parameters.js';
import { EXAMPLE_PARAMS, configOf, json } from './examples.js';

export default parameterRule(
  {
    id: 'MP506',
    name: 'token-invalid',
    title: 'Project token malformed',
    description: 'Mixpanel passes the project token as `sts:ExternalId`. A project token is 32 lowercase hexadecimal characters; anything else (the API secret, a project id, a placeholder) means the trust policy is checked against the wrong external id. Never use the API secret here: it is a secret, the token is not.',
    help: 'Copy the token from Project Settings → Overview → Project Token.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'parameters'],
    precision: 'high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The project id was given instead of the project token.', files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_PARAMS, token: '3141592' })) } },
      right: { explanation: 'The project token: 32 lowercase hexadecimal characters.', files: { 'mp-s3-lint.config.json': json(configOf(EXAMPLE_PARAMS)) } },
    },
  },
  (setup, problem) => {
    const token = setup.params.token;
    const reason = token === undefined ? undefined : tokenProblem(token);
    if (reason !== undefined) problem('token', `The token ${reason}.`);
  },
);

import { parameterRule } from '../src/engine/parameter-rule.js';
import { regionProblem } from '../src/setup/parameters.js';
import { EXAMPLE_PARAMS, configOf, json } from './examples.js';

export default parameterRule(
  {
    id: 'MP503',
    name: 'region-unsupported',
    title: 'Region not accepted by Mixpanel',
    description: 'Mixpanel\'s Pipelines API accepts `s3_region` only from its own list (us-east-1, us-east-2, us-west-1, us-west-2, ap-northeast-1/2/3, ap-southeast-1/2, ap-south-1, ca-central-1, cn-north-1, cn-northwest-1, eu-central-1, eu-north-1, eu-west-1/2/3, sa-east-1, me-south-1). Another value is refused when the pipeline is created.',
    help: 'Use the Region the bucket is in; if it is not on the list, Mixpanel cannot export to that bucket — use a bucket in a listed Region (S3 replication can copy it onward).',
    defaultLevel: 'error',
    tags: ['mixpanel', 'parameters'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: '`eu-south-1` is not on Mixpanel\'s list.', files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_PARAMS, region: 'eu-south-1' })) } },
      right: { explanation: 'A Region Mixpanel accepts, where the bucket is.', files: { 'mp-s3-lint.config.json': json(configOf(EXAMPLE_PARAMS)) } },
    },
  },
  (setup, problem) => {
    const region = setup.params.region;
    const reason = region === undefined ? undefined : regionProblem(region);
    if (reason !== undefined) problem('region', `s3_region "${region}" ${reason}.`);
  },
);

// S3 bucket naming rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
import { parameterRule } from '../src/engine/parameter-rule.js';
import { bucketNameProblem } from '../src/setup/parameters.js';
import { EXAMPLE_PARAMS, configOf, json } from './examples.js';

export default parameterRule(
  {
    id: 'MP501',
    name: 'bucket-name-invalid',
    title: 'Bucket name breaks S3 naming rules',
    description: 'General purpose bucket names are 3–63 characters of lowercase letters, digits, dots and hyphens, begin and end with a letter or digit, are not IP addresses and avoid reserved prefixes and suffixes. A name that breaks these rules cannot exist, so the pipeline would fail; an ARN or s3:// URL passed as the name is a common slip.',
    help: 'Pass the bare bucket name, e.g. `my-export-bucket`, not `arn:aws:s3:::my-export-bucket` or `s3://my-export-bucket`.',
    defaultLevel: 'error',
    tags: ['mixpanel', 'parameters'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The bucket is given as an ARN.', files: { 'mp-s3-lint.config.json': json(configOf({ ...EXAMPLE_PARAMS, bucket: 'arn:aws:s3:::my-export-bucket' })) } },
      right: { explanation: 'The bucket is given by name.', files: { 'mp-s3-lint.config.json': json(configOf(EXAMPLE_PARAMS)) } },
    },
  },
  (setup, problem) => {
    const bucket = setup.params.bucket;
    const reason = bucket === undefined ? undefined : bucketNameProblem(bucket);
    if (reason !== undefined) problem('bucket', `s3_bucket "${bucket}" ${reason}.`);
  },
);

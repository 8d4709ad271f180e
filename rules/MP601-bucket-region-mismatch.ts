// The bucket's Region (GetBucketLocation: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html)
// must be the s3_region Mixpanel is given; Mixpanel addresses the bucket in that Region.
import type { Rule } from '../src/engine/rule.js';
import { LIVE_COMMAND } from './examples.js';

const rule: Rule = {
  meta: {
    id: 'MP601',
    name: 'bucket-region-mismatch',
    title: 'The bucket is not in s3_region',
    description:
      'Live mode asks S3 where the bucket is (GetBucketLocation). Mixpanel writes to the bucket in the Region given as `s3_region`; when the bucket is elsewhere, the export fails. The KMS key for SSE-KMS must also be in the bucket\'s Region.',
    help: 'Pass the Region the finding names as `--region` (`s3_region`), or use a bucket in the Region you meant.',
    defaultLevel: 'error',
    tags: ['live', 'mixpanel', 'parameters'],
    precision: 'very-high',
    since: '0.1.0',
    examples: {
      wrong: { explanation: 'The bucket is in eu-west-1, but the pipeline says us-east-1.', command: LIVE_COMMAND },
      right: { explanation: 'The Region the bucket is in.', command: LIVE_COMMAND.replace('--region us-east-1', '--region eu-west-1') },
    },
  },
  scope: 'setup',
  check({ setup, report }) {
    const actual = setup.live?.facts.bucketRegion;
    const { region, bucket } = setup.params;
    if (actual !== undefined && region !== undefined && actual !== region) {
      report({ document: setup.bucket[0], message: `The bucket ${bucket} is in ${actual}, but s3_region is ${region}; Mixpanel would look for it in the wrong Region.`, fix: `--region ${actual}` });
    }
  },
};
export default rule;

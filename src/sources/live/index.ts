// Live mode: read the deployed documents from AWS. The SDK is loaded only when a read starts.
export { readLiveAccount } from './read.js';
export { saveLiveDocuments, savedFileName } from './save.js';
export { PERMISSION_FOR_CALL } from './errors.js';
export type * from './types.js';

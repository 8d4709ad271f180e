// Every rule, in id order. A new rule is one file in this folder plus one line here.
import type { Rule } from '../src/engine/rule.js';
import inputUnreadable from './MP001-input-unreadable.js';
import invalidJson from './MP002-invalid-json.js';
import fileTooLarge from './MP003-file-too-large.js';
import duplicateKey from './MP004-duplicate-key.js';
import notStrictJson from './MP005-not-strict-json.js';
import notAPolicy from './MP006-not-a-policy.js';
import entrySkipped from './MP007-entry-skipped.js';
import unclassifiedPolicy from './MP008-unclassified-policy.js';
import policyGrammar from './MP010-policy-grammar.js';
import versionMissing from './MP011-version-missing.js';
import duplicateSid from './MP012-duplicate-sid.js';
import placeholder from './MP013-placeholder.js';
import unknownAction from './MP014-unknown-action.js';
import policySize from './MP015-policy-size.js';
import yamlInvalid from './MP020-yaml-invalid.js';
import iacValueUnresolved from './MP021-iac-value-unresolved.js';
import iacResourceChosen from './MP022-resource-chosen.js';
import iacResourceUndetermined from './MP023-resource-undetermined.js';
import accessChangesOverTime from './MP030-access-changes-over-time.js';
import suppressionStale from './MP040-suppression-stale.js';
import trustPolicyMissing from './MP100-trust-policy-missing.js';
import trustMixpanelCannotAssume from './MP101-trust-mixpanel-cannot-assume.js';
import trustExternalIdMissing from './MP102-trust-external-id-missing.js';
import trustOtherPrincipals from './MP103-trust-other-principals.js';
import trustPublic from './MP104-trust-public.js';
import trustAccountRoot from './MP105-trust-account-root.js';
import trustPolicyUndecided from './MP106-trust-policy-undecided.js';
import permissionPolicyMissing from './MP200-permission-policy-missing.js';
import s3ActionNotAllowed from './MP201-s3-action-not-allowed.js';
import s3ActionDeniedByRole from './MP202-s3-action-denied-by-role.js';
import permissionPolicyUndecided from './MP203-permission-policy-undecided.js';
import leastPrivilege from './MP210-least-privilege.js';
import keyPolicyMissing from './MP300-key-policy-missing.js';
import kmsActionNotAllowed from './MP301-kms-action-not-allowed.js';
import kmsKeyRegion from './MP302-kms-key-region.js';
import kmsStatementsUnused from './MP303-kms-statements-unused.js';
import keyPolicyUndecided from './MP304-key-policy-undecided.js';
import bucketPolicyDenies from './MP401-bucket-policy-denies.js';
import bucketPublic from './MP402-bucket-public.js';
import bucketPolicyUndecided from './MP403-bucket-policy-undecided.js';
import parameterMissing from './MP500-parameter-missing.js';
import bucketNameInvalid from './MP501-bucket-name-invalid.js';
import roleArnInvalid from './MP502-role-arn-invalid.js';
import regionUnsupported from './MP503-region-unsupported.js';
import kmsKeyParameter from './MP504-kms-key-parameter.js';
import fromDateInvalid from './MP505-from-date-invalid.js';
import tokenInvalid from './MP506-token-invalid.js';
import prefixInvalid from './MP507-prefix-invalid.js';
import liveReadFailed from './MP600-live-read-failed.js';
import bucketRegionMismatch from './MP601-bucket-region-mismatch.js';
import bucketDefaultEncryption from './MP602-bucket-default-encryption.js';
import kmsKeyUnusable from './MP603-kms-key-unusable.js';

export const allRules: readonly Rule[] = [
  inputUnreadable,
  invalidJson,
  fileTooLarge,
  duplicateKey,
  notStrictJson,
  notAPolicy,
  entrySkipped,
  unclassifiedPolicy,
  policyGrammar,
  versionMissing,
  duplicateSid,
  placeholder,
  unknownAction,
  policySize,
  yamlInvalid,
  iacValueUnresolved,
  iacResourceChosen,
  iacResourceUndetermined,
  accessChangesOverTime,
  suppressionStale,
  trustPolicyMissing,
  trustMixpanelCannotAssume,
  trustExternalIdMissing,
  trustOtherPrincipals,
  trustPublic,
  trustAccountRoot,
  trustPolicyUndecided,
  permissionPolicyMissing,
  s3ActionNotAllowed,
  s3ActionDeniedByRole,
  permissionPolicyUndecided,
  leastPrivilege,
  keyPolicyMissing,
  kmsActionNotAllowed,
  kmsKeyRegion,
  kmsStatementsUnused,
  keyPolicyUndecided,
  bucketPolicyDenies,
  bucketPublic,
  bucketPolicyUndecided,
  parameterMissing,
  bucketNameInvalid,
  roleArnInvalid,
  regionUnsupported,
  kmsKeyParameter,
  fromDateInvalid,
  tokenInvalid,
  prefixInvalid,
  liveReadFailed,
  bucketRegionMismatch,
  bucketDefaultEncryption,
  kmsKeyUnusable,
];

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
import parameterMissing from './MP500-parameter-missing.js';
import bucketNameInvalid from './MP501-bucket-name-invalid.js';
import roleArnInvalid from './MP502-role-arn-invalid.js';
import regionUnsupported from './MP503-region-unsupported.js';
import kmsKeyParameter from './MP504-kms-key-parameter.js';
import fromDateInvalid from './MP505-from-date-invalid.js';
import tokenInvalid from './MP506-token-invalid.js';
import prefixInvalid from './MP507-prefix-invalid.js';

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
  parameterMissing,
  bucketNameInvalid,
  roleArnInvalid,
  regionUnsupported,
  kmsKeyParameter,
  fromDateInvalid,
  tokenInvalid,
  prefixInvalid,
];

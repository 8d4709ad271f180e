// Every request of Mixpanel's export that a setup can be asked about, with its answer: the
// AssumeRole, the four S3 actions and, with s3_encryption=kms, the seven KMS actions. The
// undecided-answer rules, the time rule and --create's verdict read them from here.
import type { Setup } from './setup.js';
import { perObject } from './memo.js';
import { KMS_ACTIONS, MIXPANEL_USER_ARN, S3_ACTIONS, assumeRoleRequest, kmsRequest, s3Request } from './mixpanel.js';
import { evaluateKms, evaluateS3, evaluateTrust, exportTargetKnown, type Answer } from './questions.js';

export interface ExportQuestion {
  /** `sts:AssumeRole`, `s3:PutObject`, `kms:Decrypt`, … */
  action: string;
  /** Who asks, in words: `Mixpanel's user` or `the export role`. */
  caller: string;
  resource: string;
  answer: Answer;
}

const questions = perObject<Setup, ExportQuestion[]>();

/** The questions the setup's documents and parameters let the model ask (a missing document or parameter has its own rule). */
export function exportQuestions(setup: Setup): ExportQuestion[] {
  return questions(setup, 'all', () => {
    const asked: ExportQuestion[] = [];
    const { params } = setup;
    if (setup.trust.length > 0 && params.role !== undefined && params.token !== undefined) {
      asked.push({ action: 'sts:AssumeRole', caller: `Mixpanel's user ${MIXPANEL_USER_ARN}`, resource: assumeRoleRequest(setup).resource, answer: evaluateTrust(setup) });
    }
    if (exportTargetKnown(params)) {
      for (const action of S3_ACTIONS) asked.push({ action, caller: 'the export role', resource: s3Request(setup, action).resource, answer: evaluateS3(setup, action) });
    }
    if (params.encryption === 'kms' && params.kmsKey !== undefined && params.role !== undefined && setup.key.length > 0) {
      for (const action of KMS_ACTIONS) asked.push({ action, caller: 'the export role', resource: kmsRequest(setup, action).resource, answer: evaluateKms(setup, action) });
    }
    return asked;
  });
}

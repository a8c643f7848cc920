/**
 * How workflows call activities. Activities are short database writes: retried with backoff while a server is
 * down (they are idempotent), never when the data itself is refused (the worker's failure classification opens an
 * incident instead).
 */
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/case-activities';
import type { DocumentActivities } from '../activities/document-activities';
import { NON_RETRYABLE_FAILURES } from '../shared/errors';

export const ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: NON_RETRYABLE_FAILURES },
};

/** Documents issued one activity each, as cases recorded before "one step, one activity" do. */
export const documents = proxyActivities<DocumentActivities>({ ...ACTIVITY_OPTIONS, startToCloseTimeout: '2 minutes' });

export const caseSetup = proxyActivities<Pick<CaseActivities, 'loadCaseSetup'>>(ACTIVITY_OPTIONS);

/**
 * How workflows call activities. Activities are short database writes: retried with backoff while a server is
 * down (they are idempotent), never when the data itself is refused (the worker's failure classification opens an
 * incident instead).
 */
import { patched, proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { CaseActivities, CaseSetup } from '../activities/case-activities';
import type { DocumentActivities } from '../activities/document-activities';
import { NON_RETRYABLE_FAILURES } from '../shared/errors';

export const ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: NON_RETRYABLE_FAILURES },
};

/** Documents issued one activity each, as cases recorded before "one step, one activity" do. */
export const documents = proxyActivities<DocumentActivities>({ ...ACTIVITY_OPTIONS, startToCloseTimeout: '2 minutes' });

/**
 * The patch of "one step, one activity, one transaction": a case started since writes each step with one activity,
 * and reads on the worker (local activities); a case recorded before keeps its activities as they ran.
 */
export const ONE_ACTIVITY_PER_STEP = 'one-activity-per-step';

/** Reads on the worker, without a round trip through the server's task queue. */
export const reads = proxyLocalActivities<Pick<CaseActivities, 'loadCaseSetup' | 'loadCalendarIfNewer'>>({ startToCloseTimeout: '1 minute', retry: ACTIVITY_OPTIONS.retry });

const caseSetup = proxyActivities<Pick<CaseActivities, 'loadCaseSetup'>>(ACTIVITY_OPTIONS);

/** What a case starts with: the calendar and time limits in force, and how its department issues documents. */
export function loadCaseSetup(input: { department: string }): Promise<CaseSetup> {
  return (patched(ONE_ACTIVITY_PER_STEP) ? reads : caseSetup).loadCaseSetup(input);
}

/**
 * How workflows call activities. Activities are short database writes: retried with backoff while a server is
 * down (they are idempotent), never when the data itself is refused (the worker's failure classification opens an
 * incident instead).
 */
import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/case-activities';
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
 * and reads the calendar on the worker (a local activity); a case recorded before keeps its activities as they ran.
 */
export const ONE_ACTIVITY_PER_STEP = 'one-activity-per-step';

/**
 * The patch of "a step commits on the worker": a case started since commits each step with a local activity, in the
 * workflow task that took the step, so a step costs one workflow task instead of two and no activity task. A case
 * recorded before keeps committing with an activity of the server's task queue.
 */
export const LOCAL_STEP_COMMIT = 'local-step-commit';

/** Reads on the worker, without a round trip through the server's task queue. */
export const reads = proxyLocalActivities<Pick<CaseActivities, 'loadCalendarIfNewer'>>({ startToCloseTimeout: '1 minute', retry: ACTIVITY_OPTIONS.retry });

/**
 * What a case starts with: the calendar and time limits in force, and how its department issues documents. Not a
 * local activity: the start's update is accepted in the first workflow task, which a local activity would hold
 * open (and the API holds the case's claim in a transaction until then).
 */
export const caseSetup = proxyActivities<Pick<CaseActivities, 'loadCaseSetup'>>(ACTIVITY_OPTIONS);

import { TemporalFailure, getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { InclusionActivities } from '../activities/inclusion-activities';
import { shanghaiDate } from '../shared/calendar';
import { removeFromListSignal, type RemovalRequest } from '../shared/inclusion';
import { ACTIVITY_OPTIONS } from './activity-proxies';

const listEntries = proxyActivities<Pick<InclusionActivities, 'removeListEntry'>>(ACTIVITY_OPTIONS);

/**
 * Removes list entries resting on a record that another process stopped (repair, revocation, deletion): each
 * inclusion case removes its own entry (removal notice, case status); one that has already ended cannot, so its
 * entry is removed here, and the list never keeps an entry whose record is gone.
 */
export async function removeFromList(inclusionCaseIds: string[], request: RemovalRequest): Promise<void> {
  for (const caseId of inclusionCaseIds) {
    try {
      await getExternalWorkflowHandle(caseId).signal(removeFromListSignal, request);
    } catch (err) {
      // The server refused the signal: the case has ended. Anything else is a bug and fails the task.
      if (!(err instanceof TemporalFailure)) throw err;
      await listEntries.removeListEntry({ caseId, removedOn: shanghaiDate(Date.now()), reason: request.reason, actor: request.by });
    }
  }
}

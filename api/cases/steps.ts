/** Sending a human step to a case's workflow, and refusing it at once while the case is in an incident. */
import { ActivityFailure, ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseRow } from '../../db/stores/cases';
import { openIncidents } from '../../db/stores/incidents';
import type { CaseView } from '../../shared/cases';
import { NON_RETRYABLE_FAILURES } from '../../shared/errors';
import { refusal } from '../errors';
import type { Deps } from '../http';

/** Sends a human step to the case's workflow; the validator's refusal comes back with its code. */
export async function caseUpdate<Args extends [any, ...any[]]>(
  deps: Deps,
  row: CaseRow,
  update: UpdateDefinition<CaseView, Args>,
  args: Args,
): Promise<CaseView> {
  if (!row.open) throw refusal('case_closed', `the case is ${row.status}`);
  await refuseIfIncident(deps, row.id);
  const handle = deps.temporal.workflow.getHandle(row.id);
  return handle.executeUpdate(update, { args }).catch((err: unknown) => {
    // The case is on record, so a workflow Temporal no longer runs has ended (e.g. terminated by an operator).
    if (err instanceof WorkflowNotFoundError) throw refusal('case_closed', 'the case has ended');
    return refuseAsIncident(deps, row.id, err);
  });
}

/** A step whose write the database refused (the activity failed for good) is answered as the incident it opened. */
export async function refuseAsIncident(deps: Deps, caseId: string, err: unknown): Promise<never> {
  if (err instanceof WorkflowUpdateFailedError) {
    // A step's commit runs as a local activity, whose failure reaches the caller as it is; other activities' wrapped.
    const failure = err.cause instanceof ActivityFailure ? err.cause.cause : err.cause;
    if (failure instanceof ApplicationFailure && NON_RETRYABLE_FAILURES.includes(failure.type ?? '')) {
      await refuseIfIncident(deps, caseId);
      throw refusal('case_incident', `the case cannot take this step: ${failure.message}`, { caseId });
    }
  }
  throw err;
}

/** How long a claimed case may stay before its first step before it counts as stuck. */
export const STUCK_STARTING_MS = 5 * 60_000;

/** A case whose work is failing takes no step until the incident is resolved: the caller is told why at once. */
export async function refuseIfIncident(deps: Deps, caseId: string): Promise<void> {
  const incidents = await openIncidents(deps.db, { caseId, stuckAfterMs: STUCK_STARTING_MS });
  if (incidents.length === 0) return;
  throw refusal('case_incident', 'the case cannot take this step: its work is failing and it is listed among the incidents supervisors see (GET /api/v1/supervision/incidents)', {
    caseId,
    incidents: incidents.map((i) => ({ kind: i.kind, activity: i.activity || undefined, error: i.error, since: new Date(i.first_failed_at).toISOString() })),
  });
}

import { ApplicationFailure, TemporalFailure, condition, getExternalWorkflowHandle, proxyActivities, setHandler, type ActivityOptions } from '@temporalio/workflow';
import type { InclusionActivities } from '../activities/inclusion-activities';
import type { CaseActivities, CaseSetup } from '../activities/case-activities';
import type { DocumentAuthority, Relief } from '../documents';
import type { DocumentActivities } from '../activities/document-activities';
import type { Actor, CaseState, CaseView } from '../shared/cases';
import { firstStepsUpdate } from '../shared/case-messages';
import { removeFromListSignal, type RemovalRequest } from '../shared/inclusion';
import type { CalendarSnapshot } from '../shared/calendar';
import { shanghaiDate, toShanghaiIso } from '../shared/calendar';
import type { VersionedTimeLimits } from '../shared/time-limits';
import type { Department, Role } from '../shared/domain';
import { NON_RETRYABLE_FAILURES, type RefusalCode } from '../shared/errors';

/**
 * Activities are short database writes: retried with backoff while a server is down (they are idempotent), never
 * when the data itself is refused (the worker's failure classification opens an incident instead).
 */
export const ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: NON_RETRYABLE_FAILURES },
};

export const documents = proxyActivities<DocumentActivities>({ ...ACTIVITY_OPTIONS, startToCloseTimeout: '2 minutes' });

export const caseSetup = proxyActivities<Pick<CaseActivities, 'loadCaseSetup'>>(ACTIVITY_OPTIONS);

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

/**
 * Answers the start's update (Update-with-Start) once the case has taken its first steps. Called first thing in a
 * workflow, so that the handler is there when the update arrives with the start; returns what marks them taken.
 */
export function answerFirstSteps(): (view: () => CaseView) => void {
  let taken: (() => CaseView) | undefined;
  setHandler(firstStepsUpdate, async () => {
    await condition(() => taken !== undefined);
    return taken!();
  });
  return (view) => {
    taken ??= view;
  };
}

/** What every case starts with (no deadlines, documents or events yet); the process gives what is its own. */
export function newCaseState<S extends CaseState<unknown>>(
  own: Pick<S, 'id' | 'type' | 'status' | 'subjectId' | 'department' | 'details'> & Partial<Pick<S, 'handler' | 'recordId' | 'matterKey'>>,
  setup: { calendar: CalendarSnapshot; timeLimits: VersionedTimeLimits },
  createdAt: number,
): S {
  return {
    ...own,
    open: true,
    createdAt: toShanghaiIso(createdAt),
    timeLimitsVersion: setup.timeLimits.version,
    limits: setup.timeLimits.limits,
    calendar: setup.calendar,
    deadlines: [],
    documents: [],
    events: [],
    allowedActions: {},
    revision: 0,
  } as unknown as S;
}

/** A refusal the caller sees at once, with its code (update validators throw it before anything changes). */
export function refuse(code: RefusalCode, message: string, details?: Record<string, unknown>): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true, details: details ? [details] : undefined });
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role as Role)) refuse('forbidden', `a ${actor.role} may not take this step`, { role: actor.role });
}

/** Officers and supervisors act for their own department only (the API checks it too; this keeps the case safe). */
export function requireDepartment(actor: Actor, department: string): void {
  if (actor.department !== department) {
    refuse('forbidden_department', `only the ${department} department may take this step`, { department: actor.department ?? null });
  }
}

/** The department as it issues documents: its configured name, and the relief its decisions print. */
export function issuingAuthority(department: string, setup: CaseSetup): DocumentAuthority {
  return { department: department as Department, name: setup.authority?.name };
}

export function reliefOf(setup: CaseSetup): Relief {
  const { reconsiderationDays, lawsuitMonths } = setup.timeLimits.limits.inclusion;
  return { reconsiderationDays, lawsuitMonths, reconsiderationBody: setup.authority?.reconsiderationBody, correctionProcedure: setup.authority?.correctionProcedure };
}

export { documentReference } from '../documents/inclusion';

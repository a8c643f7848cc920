import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/case-activities';
import type { DocumentActivities } from '../activities/document-activities';
import type { Actor } from '../shared/cases';
import type { Role } from '../shared/domain';
import type { RefusalCode } from '../shared/errors';

export const documents = proxyActivities<DocumentActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export const caseSetup = proxyActivities<Pick<CaseActivities, 'loadCaseSetup'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** A refusal the caller sees at once, with its code (update validators throw it before anything changes). */
export function refuse(code: RefusalCode, message: string, details?: Record<string, unknown>): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true, details: details ? [details] : undefined });
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role as Role)) refuse('case_not_in_state', `a ${actor.role} may not take this step`, { role: actor.role });
}

/** Officers and supervisors act for their own department only (the API checks it too; this keeps the case safe). */
export function requireDepartment(actor: Actor, department: string): void {
  if (actor.department !== department) {
    refuse('forbidden_department', `only the ${department} department may take this step`, { department: actor.department ?? null });
  }
}

/** Short reference printed on documents: the case's own ID shortened, and a running number. */
export function documentReference(caseId: string, n: number): string {
  return `${caseId.split('-').slice(1, 2).join('').toUpperCase() || caseId}-${n}`;
}

/**
 * Revocation of a basis document (DOMAIN.md §4.3; JS Art 65): the providing department reports that the document
 * behind a record was revoked, altered or confirmed invalid; the platform (credit-comprehensive) changes the record.
 * Shared by the workflow, the API, the worker and the tests (ARCHITECTURE.md habit 2).
 */
import { defineUpdate } from '@temporalio/workflow';
import { actionsOf, type Actor, type AllowedActions, type CaseState, type CaseView, type StepRoles } from './cases';
import type { IsoDate } from './calendar';
import type { RecordState, Department } from './domain';
import type { Refusal } from './errors';
import type { NotPersonalAttributes } from './personal-information';

export const REVOCATION_CHANGES = ['revoked', 'altered', 'invalid'] as const;
export type RevocationChange = (typeof REVOCATION_CHANGES)[number];

/** A record in one of these states can have its basis reported revoked, altered or invalid. */
export const CHANGEABLE_STATES: readonly RecordState[] = ['active', 'under_objection', 'corrected', 'publicity_stopped'];

/** Why the revocation of this record's basis cannot be reported now (JS Art 65), or undefined. */
export function revocationRefusal(record: { state: RecordState }, document: { effectiveOn: IsoDate }, today: IsoDate): Refusal | undefined {
  if (!CHANGEABLE_STATES.includes(record.state)) return { code: 'record_not_in_state', message: `the record is ${record.state}`, details: { state: record.state } };
  if (document.effectiveOn > today) return { code: 'basis_not_effective', message: 'the revoking document has not taken effect yet' };
  return undefined;
}

/** One open revocation per record. */
export function revocationMatterKey(recordId: string): string {
  return `record:${recordId}`;
}

export interface RevocationInput {
  caseId: string;
  /** The record's providing department, which reports. */
  department: Department;
  reportedBy: string;
  recordId: string;
  subjectId: string;
  change: RevocationChange;
  /** The revoking, altering or invalidating document, and the date it took effect. */
  document: { number: string; effectiveOn: IsoDate };
  /** The record's content after an alteration. */
  newContent?: string;
  matterKey: string;
  /** The officer's confirmation that phrases in the new content are not about the person (JS Art 62). */
  personalInformation?: { notPersonalAttributes: NotPersonalAttributes };
}

export type RevocationStatus = 'awaiting_platform_change' | 'applied';

export interface RevocationDetails {
  input: RevocationInput;
  /** JS Art 65: the report is due 5 working days after the document took effect; a late report is recorded. */
  report: { at: string; notificationDueDate: IsoDate; late: boolean; workingDaysLate: number };
  confirmation?: { at: string; by: string; recordState: string; listEntriesRemoved: string[] };
}

export type RevocationState = CaseState<RevocationDetails> & { status: RevocationStatus };

export const confirmRevocationUpdate = defineUpdate<CaseView, [{ actor: Actor }]>('confirmRevocation');

export const NOTIFICATION = 'notification';
export const PLATFORM_CHANGE = 'platform_change';

/**
 * The platform's change is confirmed by officers and supervisors of credit-comprehensive, not of the reporting
 * department that owns the case: the API shows `confirm` to them only.
 */
export const REVOCATION_STEPS = {
  confirm: ['officer', 'supervisor'],
} as const satisfies StepRoles;

export function revocationAllowedActions(state: RevocationState): AllowedActions {
  return actionsOf(REVOCATION_STEPS, state.open ? ['confirm'] : []);
}

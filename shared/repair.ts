/**
 * Credit repair (DOMAIN.md §4.4; JS Art 66): who may apply for what, the case's input, state and messages.
 * Shared by the workflow, the API, the worker and the tests (ARCHITECTURE.md habit 2). Workflow-safe.
 */
import { defineUpdate } from '@temporalio/workflow';
import { actionsOf, type Actor, type AllowedActions, type CaseState, type CaseView, type EvidenceRef, type StepRoles } from './cases';
import { type IsoDate, addMonths, addYears } from './calendar';
import { STANDING_STATES, type IdentifierType, type RecordCategory, type RecordState, type Severity, type SubjectKind, type Department } from './domain';
import type { Refusal } from './errors';
import type { TimeLimits } from './time-limits';

/** What the refusal checks need of a credit record (and of a list entry resting on it). */
export interface RepairableRecord {
  id: string;
  subjectId: string;
  category: RecordCategory;
  severity: Severity | null;
  state: RecordState;
  basisEffectiveOn: IsoDate;
  minimumPublicityEnd: IsoDate | null;
  /** The serious-dishonesty list entry resting on the record, while it is on the list. */
  listEntry?: { includedOn: IsoDate };
  /** Set for a responsible person's mark (JS Art 32): it follows the organisation's entry. */
  marksRecordId?: string | null;
}

export type RepairRefusal = Refusal;

/**
 * The last day of the period before which repair is refused: the record's minimum publicity, and for a record
 * that keeps its subject on the list, the time after inclusion before early removal is possible. `undefined`
 * for a `minor` record, which is never publicised and is repairable at once.
 */
export function minimumPublicityEnd(record: RepairableRecord, limits: TimeLimits): IsoDate | undefined {
  if (record.severity === 'minor') return undefined;
  const severity = record.severity ?? 'general';
  let end = record.minimumPublicityEnd ?? addMonths(record.basisEffectiveOn, limits.publicity[severity].minimumMonths);
  if (record.listEntry) {
    const earliestRemoval = addYears(record.listEntry.includedOn, limits.inclusion.earlyRemovalAfterYears);
    if (earliestRemoval > end) end = earliestRemoval;
  }
  return end;
}

/**
 * Why an application for repair is refused before any case starts, or `undefined` when it may start.
 * The one remaining refusal, `repair_already_open`, comes from claiming the matter (`repairMatterKey`).
 */
export function repairRefusal(record: RepairableRecord, subjectId: string, today: IsoDate, limits: TimeLimits): RepairRefusal | undefined {
  if (record.subjectId !== subjectId) return { code: 'record_not_subjects', message: 'the credit record is not one of the applicant’s' };
  if (record.category !== 'dishonest') return { code: 'record_not_dishonest', message: 'only dishonest information can be repaired', details: { category: record.category } };
  if (record.marksRecordId) {
    return { code: 'mark_follows_organisation', message: 'a responsible person’s mark is lifted with the organisation’s entry (JS Art 32); the organisation applies for repair' };
  }
  if (!(STANDING_STATES as readonly string[]).includes(record.state)) {
    return { code: 'record_not_publicised', message: `the credit record is ${record.state}, not publicised`, details: { state: record.state } };
  }
  const end = minimumPublicityEnd(record, limits);
  // The period includes its last day: repair is possible from the day after.
  if (end !== undefined && today <= end) {
    return {
      code: 'minimum_publicity_not_elapsed',
      message: `the minimum publicity period ends on ${end}; repair can be applied for from the day after`,
      details: { minimumPublicityEnd: end, severity: record.severity, listed: !!record.listEntry },
    };
  }
  return undefined;
}

/** Claims the record for one open repair case at a time (cases_one_open_per_matter). */
export function repairMatterKey(recordId: string): string {
  return `repair:${recordId}`;
}

export interface RepairInput {
  caseId: string;
  /** The department that identified the act (the record's providing department) decides. */
  department: Department;
  subject: { id: string; kind: SubjectKind; name: string; identifierType: IdentifierType; identifier: string };
  record: { id: string; severity: Severity | null; catalogueItem: string; basisNumber: string; content: string };
  /** Proof that the subject performed its obligations and corrected the act. */
  performance: string;
  evidence: EvidenceRef[];
  /** The signed credit commitment. */
  commitment: { text: string; acceptedAt: string };
  matterKey: string;
}

export type RepairStatus = 'awaiting_decision' | 'granted' | 'refused';

export interface RepairDetails {
  input: RepairInput;
  appliedOn: IsoDate;
  decision?: { outcome: 'granted' | 'refused'; reasons: string; at: string; by: string };
  /** Granted: when publicity stopped, and the inclusion cases asked to remove their list entries. */
  publicityStoppedOn?: IsoDate;
  listEntriesRemoved?: string[];
  agencyNotices?: number;
}

export type RepairState = CaseState<RepairDetails> & { status: RepairStatus };

export const REPAIR_DECISION = 'repair_decision';

export const decideRepairUpdate = defineUpdate<CaseView, [{ actor: Actor; outcome: 'granted' | 'refused'; reasons: string }]>('decide');
/** Complex cases: a supervisor extends the decision period once (State Council Office notice 2025 No. 22). */
export const extendRepairUpdate = defineUpdate<CaseView, [{ actor: Actor; workingDays: number; reason: string }]>('extend');

/** Who may take each step (officers and supervisors of the identifying department). */
export const REPAIR_STEPS = {
  decide: ['officer', 'supervisor'],
  extend: ['supervisor'],
} as const satisfies StepRoles;

export function repairAllowedActions(state: RepairState): AllowedActions {
  if (state.status !== 'awaiting_decision') return actionsOf(REPAIR_STEPS, []);
  const extensible = !state.deadlines.find((d) => d.id === REPAIR_DECISION)?.extension;
  return actionsOf(REPAIR_STEPS, extensible ? ['decide', 'extend'] : ['decide']);
}

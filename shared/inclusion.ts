/**
 * The inclusion case (DOMAIN.md §4.1): its input, state, messages and what each role may do at each stage.
 * Shared by the workflow, the API, the worker and the tests (ARCHITECTURE.md habit 2).
 */
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import { actionsOf, type Actor, type AllowedActions, type CaseState, type CaseView, type EvidenceRef, type StepRoles } from './cases';
import type { IsoDate } from './calendar';
import type { NotPersonalAttributes } from './personal-information';
import type { BasisKind, IdentifierType, ListField, Measure, RemovalReason, ServiceMethod, SubjectKind, Department } from './domain';
import { wasUnder18On } from './identifiers';
import type { Refusal } from './errors';
import { LIST_FIELD_CODES, MEASURE_CODES } from './domain';
import { addDays, shanghaiDate, startOfDay } from './calendar';
import { announcementDays, type TimeLimits } from './time-limits';

export interface BasisDocumentRef {
  kind: BasisKind;
  number: string;
  issuer: string;
  effectiveOn: IsoDate;
}

export interface InclusionInput {
  caseId: string;
  department: Department;
  handler: string;
  subject: {
    id: string;
    kind: SubjectKind;
    name: string;
    identifierType: IdentifierType;
    identifier: string;
    /** JS Art 32: for an organisation, the persons whose records are marked with it. */
    responsiblePersons: Array<{ personId: string; role: string }>;
  };
  field: ListField;
  basis: BasisDocumentRef[];
  facts: string;
  reasons: string;
  legalProvisions: string[];
  measures: Measure[];
  localLawMeasure?: string;
  /** JS Art 26: the date of the act (absent in cases started before it was asked for). */
  actOn?: IsoDate;
  /** JS Art 26(2): a ground for tolerance the officer recorded (force majeure, minor harm corrected in time). */
  leniencyGround?: LeniencyGround;
  /** JS Art 26: why a supervisor's approval is needed first; `needsApproval` is set when there is any. */
  approvalReasons?: ApprovalReason[];
  needsApproval: boolean;
  /** The credit records of the subject resting on the basis documents: revoking or deleting one ends the inclusion. */
  basisRecordIds?: string[];
  matterKey: string;
  /** The officer's confirmation that phrases in the facts or reasons are not about the person (JS Art 62). */
  personalInformation?: { notPersonalAttributes: NotPersonalAttributes };
}

export const LENIENCY_GROUNDS = ['force_majeure', 'minor_harm_corrected'] as const;
export interface LeniencyGround {
  kind: (typeof LENIENCY_GROUNDS)[number];
  explanation: string;
}

export type ApprovalReason = 'minor_at_act' | 'leniency_ground';

/**
 * JS Art 26 (tolerant and prudent): a natural person under 18 on the date of the act, or a case where the officer
 * records a ground of Art 26(2), needs a supervisor's approval before the prior notice goes out.
 */
export function approvalReasons(subject: { kind: SubjectKind; birthDate?: IsoDate | null }, actOn: IsoDate, leniencyGround?: LeniencyGround): ApprovalReason[] {
  const reasons: ApprovalReason[] = [];
  if (subject.kind === 'natural_person' && subject.birthDate && wasUnder18On(subject.birthDate, actOn)) reasons.push('minor_at_act');
  if (leniencyGround) reasons.push('leniency_ground');
  return reasons;
}

export type InclusionStatus =
  | 'preparing_notice'
  | 'awaiting_approval'
  | 'notice_issued'
  | 'objection_window'
  | 'awaiting_decision'
  | 'decision_issued'
  | 'listed'
  | 'removed'
  | 'not_included'
  | 'withdrawn';

export interface Statement {
  id: string;
  submittedAt: string;
  text: string;
  evidence: EvidenceRef[];
  feedback?: { accepted: boolean; text: string; at: string; by: string; documentId: string };
}

export type { RemovalReason } from './domain';

export interface InclusionDetails {
  input: InclusionInput;
  approvedBy?: string;
  statements: Statement[];
  waivedAt?: string;
  decision?: { outcome: 'include' | 'not_include'; reasons: string; at: string; by: string };
  listEntry?: { id: string; recordId: string; includedOn: IsoDate; removalDueOn: IsoDate };
  removal?: { on: IsoDate; reason: RemovalReason; details?: string };
  /** A removal asked for before the entry existed (e.g. basis revoked while the decision awaited service). */
  pendingRemoval?: RemovalRequest;
  /** A basis record revoked or deleted before the decision: the case may then only end without inclusion. */
  basisWithdrawn?: RemovalRequest & { at: string };
  /** What the officer should know before deciding, e.g. `no_responsible_person` for an organisation (JS Art 32). */
  warnings?: string[];
  /** JS Art 32: responsible persons marked with the organisation's entry, each served a notice. */
  marks?: Array<{ personId: string; recordId: string; role: string; documentId?: string }>;
}

export type InclusionState = CaseState<InclusionDetails> & { status: InclusionStatus };

export interface RemovalRequest {
  reason: RemovalReason;
  details?: string;
  by: string;
}

// ---- messages (human steps are Updates with validators; removal and calendar come as signals) ----

export type ServiceDocument = 'notice' | 'feedback' | 'decision';

export const approveUpdate = defineUpdate<CaseView, [{ actor: Actor }]>('approve');
export interface RecordServiceRequest {
  actor: Actor;
  document: ServiceDocument;
  method: ServiceMethod;
  servedAt: string;
  /** The party's recorded agreement to electronic service; electronic service is refused without it. */
  electronicConsent?: { agreedOn: IsoDate; document: string };
}
export const recordServiceUpdate = defineUpdate<CaseView, [RecordServiceRequest]>('recordService');
export const acknowledgeUpdate = defineUpdate<CaseView, [{ actor: Actor; document: 'notice' | 'decision' }]>('acknowledge');
export const submitStatementUpdate = defineUpdate<
  CaseView,
  [{ actor: Actor; text: string; evidence: Statement['evidence'] }]
>('submitStatement');
export const waiveUpdate = defineUpdate<CaseView, [{ actor: Actor }]>('waive');
export const feedbackUpdate = defineUpdate<CaseView, [{ actor: Actor; accepted: boolean; text: string }]>('feedback');
export const decideUpdate = defineUpdate<
  CaseView,
  [{ actor: Actor; outcome: 'include' | 'not_include'; reasons: string }]
>('decide');
export const withdrawUpdate = defineUpdate<CaseView, [{ actor: Actor; reason: string }]>('withdraw');

export const removeFromListSignal = defineSignal<[RemovalRequest]>('removeFromList');
// Every case type answers these; kept here too so existing imports keep working.
export { calendarChangedSignal, getCaseQuery } from './case-messages';

export const STATEMENT_WINDOW = 'statement_window';

/** The stages before a decision: a basis withdrawn then ends the case without inclusion. */
export const UNDECIDED: InclusionStatus[] = ['awaiting_approval', 'preparing_notice', 'notice_issued', 'objection_window', 'awaiting_decision'];

/** JS Art 32: an organisation's entry marks its responsible persons; one with none registered is flagged. */
export function organisationWithoutResponsiblePerson(input: InclusionInput): boolean {
  return input.subject.kind !== 'natural_person' && input.subject.responsiblePersons.length === 0;
}

/**
 * When service takes effect (DOMAIN.md §3): the day of receipt for personal, postal and electronic service; for
 * service by public announcement, when the announcement period has passed (Civil Procedure Law 2023: 30 days).
 */
export function serviceEffectiveAt(method: ServiceMethod, servedAt: number, limits: TimeLimits): number {
  if (method !== 'announcement') return servedAt;
  return startOfDay(addDays(shanghaiDate(servedAt), announcementDays(limits)));
}

export function unansweredStatement(d: InclusionDetails): Statement | undefined {
  return d.statements.find((s) => !s.feedback);
}

export function windowOpen(state: InclusionState, nowMs: number): boolean {
  const window = state.deadlines.find((d) => d.id === STATEMENT_WINDOW);
  return !!window && !state.details.waivedAt && window.state !== 'met' && nowMs < Date.parse(window.dueAt);
}

/**
 * Why an inclusion may not start (JS Art 27, 29, 45-47), or `undefined`: the field and the measures from their
 * lists only, a citation for a local-law measure, at least one basis, each legally effective, the act before them.
 * The remaining refusal, an open case on the same subject and basis, comes from claiming the matter.
 */
export function inclusionRefusal(
  start: { field: string; measures: string[]; localLawMeasure?: string; basis: Array<{ number: string; effectiveOn: IsoDate }>; actOn: IsoDate },
  today: IsoDate,
): Refusal | undefined {
  if (!(LIST_FIELD_CODES as string[]).includes(start.field)) {
    return { code: 'field_not_in_list', message: `${start.field} is not a field of the serious-dishonesty list (JS Art 29)`, details: { allowed: LIST_FIELD_CODES } };
  }
  const unknown = start.measures.filter((m) => !(MEASURE_CODES as string[]).includes(m));
  if (unknown.length) return { code: 'measure_not_in_list', message: 'only the measures of the list may be applied (JS Art 46-47)', details: { unknown, allowed: MEASURE_CODES } };
  if (start.measures.includes('local_law_other') && !start.localLawMeasure) {
    return { code: 'measure_needs_citation', message: 'local_law_other needs the measure and the local law that provides it' };
  }
  if (start.basis.length === 0) return { code: 'no_basis', message: 'an inclusion rests on at least one effective basis document (JS Art 27)' };
  const notYet = start.basis.filter((b) => b.effectiveOn > today);
  if (notYet.length) return { code: 'basis_not_effective', message: 'a basis document is not yet legally effective', details: { basis: notYet.map((b) => b.number) } };
  if (start.actOn > today) return { code: 'act_after_basis', message: 'the date of the act is in the future', details: { actOn: start.actOn } };
  const beforeAct = start.basis.filter((b) => b.effectiveOn < start.actOn);
  if (beforeAct.length) return { code: 'act_after_basis', message: 'a basis document took effect before the act it establishes', details: { basis: beforeAct.map((b) => b.number) } };
  return undefined;
}

/**
 * Why the subject may not state, defend or waive now, or `undefined`: the window must be open (JS Art 31). The
 * workflow's validator and the API's check before storing evidence use this one rule.
 */
export function statementRefusal(state: InclusionState, nowMs: number): Refusal | undefined {
  if (!state.open) return { code: 'case_closed', message: `the case is ${state.status}` };
  if (state.status === 'notice_issued' || state.status === 'awaiting_approval') return { code: 'not_served_yet', message: 'the notice has not been served yet' };
  if (windowOpen(state, nowMs)) return undefined;
  return {
    code: 'objection_window_closed',
    message: state.details.waivedAt ? 'the right to state and defend was waived' : 'the window to state and defend has closed',
    details: { dueAt: state.deadlines.find((d) => d.id === STATEMENT_WINDOW)?.dueAt },
  };
}

/** Who may take each step (officers and supervisors of the owning department; the subject its own case). */
export const INCLUSION_STEPS = {
  approve: ['supervisor'],
  record_service: ['officer', 'supervisor'],
  acknowledge: ['subject'],
  submit_statement: ['subject'],
  waive: ['subject'],
  feedback: ['officer', 'supervisor'],
  decide: ['officer', 'supervisor'],
  withdraw: ['officer', 'supervisor'],
} as const satisfies StepRoles;
export type InclusionStep = keyof typeof INCLUSION_STEPS;

/** The steps open in this state, each listed under the roles that may take it. */
export function inclusionAllowedActions(state: InclusionState, nowMs: number): AllowedActions {
  const d = state.details;
  const open: InclusionStep[] = [];
  switch (state.status) {
    case 'awaiting_approval':
      open.push('approve', 'withdraw');
      break;
    case 'notice_issued':
      open.push('record_service', 'acknowledge', 'withdraw');
      break;
    case 'objection_window':
    case 'awaiting_decision': {
      const windowIsOpen = windowOpen(state, nowMs);
      if (windowIsOpen) open.push('submit_statement', 'waive');
      if (unansweredStatement(d)) open.push('feedback');
      if (state.documents.some((doc) => doc.kind === 'statement_feedback' && !doc.servedAt)) open.push('record_service');
      // With its basis withdrawn, the case can only end without inclusion, whenever the officer decides.
      if (d.basisWithdrawn || (!windowIsOpen && !unansweredStatement(d))) open.push('decide');
      open.push('withdraw');
      break;
    }
    case 'decision_issued':
      open.push('record_service', 'acknowledge');
      break;
    default:
      break;
  }
  return actionsOf(INCLUSION_STEPS, open);
}

/**
 * The inclusion case (DOMAIN.md §4.1): its input, state, messages and what each role may do at each stage.
 * Shared by the workflow, the API, the worker and the tests (ARCHITECTURE.md habit 2).
 */
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, AllowedActions, CaseState, CaseView } from './cases';
import type { IsoDate } from './calendar';
import type { BasisKind, IdentifierType, ListField, Measure, RemovalReason, ServiceMethod, SubjectKind } from './domain';
import { wasUnder18On } from './identifiers';
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
  department: string;
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
  evidence: Array<{ id: string; name: string; sha256: string; size: number }>;
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

/** What each role may do now (the officer's and the supervisor's are for the owning department). */
export function inclusionAllowedActions(state: InclusionState, nowMs: number): AllowedActions {
  const d = state.details;
  const officer: string[] = [];
  const subject: string[] = [];
  const supervisor: string[] = [];
  const unservedFeedback = state.documents.some((doc) => doc.kind === 'statement_feedback' && !doc.servedAt);
  switch (state.status) {
    case 'awaiting_approval':
      supervisor.push('approve');
      officer.push('withdraw');
      break;
    case 'notice_issued':
      officer.push('record_service', 'withdraw');
      subject.push('acknowledge');
      break;
    case 'objection_window':
    case 'awaiting_decision': {
      const open = windowOpen(state, nowMs);
      if (open) subject.push('submit_statement', 'waive');
      if (unansweredStatement(d)) officer.push('feedback');
      if (unservedFeedback) officer.push('record_service');
      // With its basis withdrawn, the case can only end without inclusion, whenever the officer decides.
      if (d.basisWithdrawn || (!open && !unansweredStatement(d))) officer.push('decide');
      officer.push('withdraw');
      break;
    }
    case 'decision_issued':
      officer.push('record_service');
      subject.push('acknowledge');
      break;
    default:
      break;
  }
  return { officer, supervisor: [...new Set([...supervisor, ...officer])], subject };
}

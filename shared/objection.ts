/**
 * Objection to a credit record (DOMAIN.md §4.2; JS Art 63, 64): its input, state, messages and what each role may
 * do at each stage. Shared by the workflow, the API, the worker and the tests (ARCHITECTURE.md habit 2).
 */
import { defineUpdate } from '@temporalio/workflow';
import { actionsOf, type Actor, type AllowedActions, type CaseState, type CaseView, type EvidenceRef, type StepRoles } from './cases';
import type { IdentifierType, RecordState, SubjectKind, Department } from './domain';
import type { Refusal } from './errors';
import type { NotPersonalAttributes } from './personal-information';

export const OBJECTION_GROUNDS = {
  error: '信息记载错误 (error)',
  omission: '信息记载遗漏 (omission)',
  trade_secret: '侵犯商业秘密 (infringes a trade secret)',
  privacy: '侵犯个人隐私 (infringes privacy)',
} as const;
export type ObjectionGrounds = keyof typeof OBJECTION_GROUNDS;
export const OBJECTION_GROUNDS_CODES = Object.keys(OBJECTION_GROUNDS) as [ObjectionGrounds, ...ObjectionGrounds[]];

export const OBJECTION_RESULTS = ['upheld', 'corrected', 'deleted'] as const;
export type ObjectionResult = (typeof OBJECTION_RESULTS)[number];

/** A record in one of these states can be objected to; a deleted, revoked or retired record no longer can. */
export const OBJECTABLE_STATES: readonly RecordState[] = ['active', 'corrected', 'publicity_stopped'];

/**
 * Why a subject may not object to this record now (JS Art 64), or undefined: the API refuses with it before storing
 * evidence, and the activity that marks the record checks it again under the record's lock.
 */
export function objectionRefusal(record: { subjectId: string; state: RecordState }, subjectId: string): Refusal | undefined {
  if (record.subjectId !== subjectId) return { code: 'record_not_subjects', message: 'a subject may object only to its own records' };
  // A record under objection has its one open objection; the case's claim also refuses a concurrent second one.
  if (record.state === 'under_objection') return { code: 'objection_already_open', message: 'an objection to this record is already open' };
  if (!OBJECTABLE_STATES.includes(record.state)) return { code: 'record_not_objectable', message: `the record is ${record.state}: it cannot be objected to`, details: { state: record.state } };
  return undefined;
}

/** One open objection per record (the `cases` unique index on type + matter key). */
export function objectionMatterKey(recordId: string): string {
  return `record:${recordId}`;
}

export interface ObjectionInput {
  caseId: string;
  /** The record's providing department: it accepts and verifies. */
  department: Department;
  recordId: string;
  subject: { id: string; kind: SubjectKind; name: string; identifierType: IdentifierType; identifier: string };
  /** Who submitted it: the subject or someone it authorised. */
  submittedBy: string;
  grounds: ObjectionGrounds;
  reasons: string;
  evidence: EvidenceRef[];
  matterKey: string;
}

export type ObjectionStatus = 'awaiting_acceptance' | 'verifying' | 'refused' | ObjectionResult;

export interface ObjectionDetails {
  input: ObjectionInput;
  /** The record as it was when the objection came in (the mark is lifted back to this state when upheld). */
  record?: { stateBefore: RecordState; content: string; description: string; sensitive?: boolean };
  acceptance?: { accepted: boolean; reasons?: string; at: string; by: string };
  result?: { outcome: ObjectionResult; correctedContent?: string; reasons: string; at: string; by: string };
  suspensions: Array<{ deadline: string; reason: string; at: string; by: string; resumedAt?: string; resumeReason?: string }>;
}

export type ObjectionState = CaseState<ObjectionDetails> & { status: ObjectionStatus };

// ---- messages ----

export const acceptObjectionUpdate = defineUpdate<CaseView, [{ actor: Actor; accepted: boolean; reasons?: string }]>('acceptObjection');
export const extendObjectionUpdate = defineUpdate<CaseView, [{ actor: Actor; workingDays: number; reason: string }]>('extendObjection');
export const suspendObjectionUpdate = defineUpdate<CaseView, [{ actor: Actor; reason: string }]>('suspendObjection');
export const resumeObjectionUpdate = defineUpdate<CaseView, [{ actor: Actor; reason: string }]>('resumeObjection');
export const objectionResultUpdate = defineUpdate<
  CaseView,
  [{ actor: Actor; outcome: ObjectionResult; correctedContent?: string; reasons: string; personalInformation?: { notPersonalAttributes: NotPersonalAttributes } }]
>('objectionResult');

export const ACCEPTANCE = 'acceptance';
export const VERIFICATION = 'verification';

/** The deadline the department is working against now. */
export function currentObjectionDeadline(state: ObjectionState): string | undefined {
  if (!state.open) return undefined;
  return state.status === 'awaiting_acceptance' ? ACCEPTANCE : VERIFICATION;
}

/** Who may take each step (officers and supervisors of the record's providing department). */
export const OBJECTION_STEPS = {
  accept: ['officer', 'supervisor'],
  result: ['officer', 'supervisor'],
  suspend: ['officer', 'supervisor'],
  resume: ['officer', 'supervisor'],
  extend: ['supervisor'],
} as const satisfies StepRoles;
export type ObjectionStep = keyof typeof OBJECTION_STEPS;

/** The steps open in this state, each listed under the roles that may take it. */
export function objectionAllowedActions(state: ObjectionState): AllowedActions {
  const open: ObjectionStep[] = [];
  const current = state.deadlines.find((d) => d.id === currentObjectionDeadline(state));
  if (state.open && current) {
    if (state.status === 'awaiting_acceptance') open.push('accept');
    if (state.status === 'verifying') open.push('result');
    open.push(current.suspendedSince ? 'resume' : 'suspend');
    if (state.status === 'verifying' && !current.extension) open.push('extend');
  }
  return actionsOf(OBJECTION_STEPS, open);
}

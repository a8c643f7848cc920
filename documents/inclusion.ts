/**
 * What each document of an inclusion case says (DOMAIN.md §4.1; JS Art 26-32, 71), built from the case: pure, so the
 * workflow builds its requests here and the worker renders them. Each document has its own number in the case.
 */
import type { IsoDate } from '../shared/calendar';
import type { InclusionInput, Statement } from '../shared/inclusion';
import type { TimeLimits } from '../shared/time-limits';
import { announcementDays } from '../shared/time-limits';
import type { DocumentAuthority, DocumentRequest, Relief, RemovalReason } from './content';

/** The running number of each document in its case, printed in its reference (e.g. `1A2B3C4D-2`). */
export const INCLUSION_DOCUMENT_NUMBERS = {
  priorNotice: 1,
  /** The decision to include, or the notice of not including or withdrawing: one of them ends the proposal. */
  decision: 2,
  creditRepairNotice: 3,
  removalNotice: 4,
  responsiblePersonNotice: 5,
  /** Feedback on the n-th statement. */
  feedback: (n: number) => 10 + n,
};

/** Short reference printed on documents: the case's own ID shortened, and the document's number. */
export function documentReference(caseId: string, n: number): string {
  return `${caseId.split('-').slice(1, 2).join('').toUpperCase() || caseId}-${n}`;
}

export interface InclusionDocumentContext {
  caseId: string;
  input: InclusionInput;
  limits: TimeLimits;
  authority: DocumentAuthority;
  relief: Relief;
  /** ISO instant the document is issued at. */
  issuedAt: string;
}

export function inclusionDocuments(ctx: InclusionDocumentContext) {
  const { input, limits } = ctx;
  const N = INCLUSION_DOCUMENT_NUMBERS;
  const ref = (n: number) => documentReference(ctx.caseId, n);
  const common = (n: number) => ({
    reference: ref(n),
    issuedAt: ctx.issuedAt,
    authority: ctx.authority,
    subject: { name: input.subject.name, identifier: input.subject.identifier, identifierType: input.subject.identifierType },
  });
  const basis = input.basis.map((b) => ({ kind: b.kind, number: b.number, issuer: b.issuer, effectiveDate: b.effectiveOn }));
  const grounds = { facts: input.facts, basis, legalProvisions: input.legalProvisions, field: input.field, measures: input.measures, localLawMeasure: input.localLawMeasure };
  const listTermYears = limits.inclusion.listTermYearsByField[input.field] ?? limits.inclusion.listTermYears;

  return {
    /** JS Art 31: the reasons and basis, the measures, the rights and by when (as a rule: it is not served yet). */
    priorNotice: (): DocumentRequest => ({
      kind: 'prior_notice',
      input: {
        ...common(N.priorNotice), ...grounds, reasons: input.reasons,
        deadline: { workingDays: limits.inclusion.statementWindowWorkingDays, announcementDays: announcementDays(limits) },
        verificationWorkingDays: limits.inclusion.verificationWorkingDays,
      },
    }),
    feedback: (n: number, statementReceivedOn: IsoDate, accepted: boolean, text: string): DocumentRequest => ({
      kind: 'statement_feedback',
      input: { ...common(N.feedback(n)), priorNoticeReference: ref(N.priorNotice), statementReceivedOn, accepted, text },
    }),
    /** JS Art 31, 71: the term counts from service, printed as the rule it is. */
    decision: (reasons: string, statements: Statement[]): DocumentRequest => ({
      kind: 'inclusion_decision',
      input: {
        ...common(N.decision), ...grounds, reasons, priorNoticeReference: ref(N.priorNotice),
        statementHandling: statements.length
          ? statements.map((s, i) => `第${i + 1}次陈述申辩：${s.feedback?.accepted ? '予以采纳' : '不予采纳'}。${s.feedback?.text ?? ''}`).join('\n')
          : undefined,
        term: { years: listTermYears },
        earlyRemovalAfterYears: limits.inclusion.earlyRemovalAfterYears,
        relief: ctx.relief,
      },
    }),
    creditRepairNotice: (): DocumentRequest => ({
      kind: 'credit_repair_notice',
      input: {
        ...common(N.creditRepairNotice), inclusionDecisionReference: ref(N.decision), termYears: listTermYears,
        earlyRemovalAfterYears: limits.inclusion.earlyRemovalAfterYears, decisionWorkingDays: limits.repair.decisionWorkingDays,
      },
    }),
    nonInclusion: (reasons: string): DocumentRequest => ({
      kind: 'non_inclusion_notice',
      input: { ...common(N.decision), priorNoticeReference: ref(N.priorNotice), reasons },
    }),
    withdrawal: (reason: string): DocumentRequest => ({
      kind: 'withdrawal_notice',
      input: { ...common(N.decision), priorNoticeReference: ref(N.priorNotice), reason },
    }),
    /** JS Art 32: served on each responsible person marked with the entry; the entry exists, so its dates are printed. */
    responsiblePersonNotice: (
      person: { name: string; identifier: string; identifierType: InclusionInput['subject']['identifierType']; role: string },
      term: { includedOn: IsoDate; removalDueOn: IsoDate },
    ): DocumentRequest => ({
      kind: 'responsible_person_notice',
      input: {
        ...common(N.responsiblePersonNotice),
        subject: { name: person.name, identifier: person.identifier, identifierType: person.identifierType },
        organisation: common(N.responsiblePersonNotice).subject,
        role: person.role, inclusionDecisionReference: ref(N.decision), ...term, relief: ctx.relief,
      },
    }),
    removalNotice: (removal: { includedOn: IsoDate; removedOn: IsoDate; reason: RemovalReason; details?: string }): DocumentRequest => ({
      kind: 'removal_notice',
      input: { ...common(N.removalNotice), inclusionDecisionReference: ref(N.decision), field: input.field, ...removal },
    }),
  };
}

/**
 * Inclusion in the serious-dishonesty list (DOMAIN.md §4.1; JS Art 26-32, 71): prior notice, service, the window
 * to state and defend, verification of statements, decision, service, the list term, removal.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { InclusionActivities } from '../activities/inclusion-activities';
import type { DocumentRequest } from '../documents';
import type { Actor, CaseDocument } from '../shared/cases';
import { toCaseView } from '../shared/cases';
import { addYears, shanghaiDate, startOfDay, toShanghaiIso } from '../shared/calendar';
import type { ServiceMethod } from '../shared/domain';
import {
  type InclusionInput,
  type InclusionState,
  type RecordServiceRequest,
  type RemovalRequest,
  type ServiceDocument,
  STATEMENT_WINDOW,
  UNDECIDED,
  organisationWithoutResponsiblePerson,
  serviceEffectiveAt,
  statementRefusal,
  acknowledgeUpdate,
  approveUpdate,
  calendarChangedSignal,
  decideUpdate,
  feedbackUpdate,
  getCaseQuery,
  INCLUSION_STEPS,
  inclusionAllowedActions,
  recordServiceUpdate,
  removeFromListSignal,
  submitStatementUpdate,
  unansweredStatement,
  waiveUpdate,
  windowOpen,
  withdrawUpdate,
} from '../shared/inclusion';
import { CaseKit } from './case-kit';
import { ACTIVITY_OPTIONS, caseSetup } from './activity-proxies';
import { answerFirstSteps, issuingAuthority, newCaseState, reliefOf } from './case-start';
import { refuse, requireRole } from './refusals';
import { inclusionDocuments } from '../documents/inclusion';

const inclusion = proxyActivities<InclusionActivities>(ACTIVITY_OPTIONS);

const DOCUMENT_OF_SERVICE: Record<ServiceDocument, string> = {
  notice: 'prior_notice',
  feedback: 'statement_feedback',
  decision: 'inclusion_decision',
};

export async function inclusionCase(input: InclusionInput): Promise<void> {
  const firstStepsTaken = answerFirstSteps();
  const setup = await caseSetup.loadCaseSetup({ department: input.department });
  const { calendar, timeLimits } = setup;
  const limits = timeLimits.limits;
  const state = newCaseState<InclusionState>(
    {
      id: input.caseId,
      type: 'inclusion',
      status: input.needsApproval ? 'awaiting_approval' : 'preparing_notice',
      subjectId: input.subject.id,
      department: input.department,
      handler: input.handler,
      matterKey: input.matterKey,
      details: { input, statements: [], warnings: organisationWithoutResponsiblePerson(input) ? ['no_responsible_person'] : undefined },
    },
    { calendar, timeLimits },
    Date.now(),
  );
  const d = state.details;
  /** The window has ended (or was waived) and every statement is answered: the decision may be taken. */
  const readyForDecision = () =>
    state.status === 'objection_window' && !windowOpen(state, Date.now()) && !unansweredStatement(d) && kit.deadline(STATEMENT_WINDOW)?.state === 'met';
  const kit = new CaseKit(
    state,
    (s) => inclusionAllowedActions(s, Date.now()),
    (s) => {
      if (s.open && readyForDecision()) s.status = 'awaiting_decision';
    },
  );
  const officer: Actor = { id: input.handler, role: 'officer', department: input.department };
  const view = () => toCaseView(state);
  const listTermYears = limits.inclusion.listTermYearsByField[input.field] ?? limits.inclusion.listTermYears;

  /** The case's documents as of now (their issue instant is the workflow's time). */
  const write = () =>
    inclusionDocuments({ caseId: state.id, input, limits, authority: issuingAuthority(input.department, setup), relief: reliefOf(setup), issuedAt: toShanghaiIso(Date.now()) });
  const issue = (step: string, request: DocumentRequest, subjectId = input.subject.id): Promise<CaseDocument> =>
    kit.issue({ key: `${state.id}:${step}`, subjectId, department: input.department, request });

  const requireOpen = () => {
    if (!state.open) refuse('case_closed', `the case is ${state.status}`);
  };
  const requireStatus = (...statuses: InclusionState['status'][]) => {
    requireOpen();
    if (!statuses.includes(state.status)) refuse('case_not_in_state', `the case is ${state.status}`, { status: state.status });
  };

  // ---- human steps ----

  setHandler(getCaseQuery, view);
  setHandler(calendarChangedSignal, (snapshot) => kit.applyCalendar(snapshot));
  setHandler(removeFromListSignal, async (request: RemovalRequest) => {
    if (!UNDECIDED.includes(state.status) || !state.open) {
      d.pendingRemoval ??= request;
      return;
    }
    // DOMAIN.md §4.1 step 6: a case not yet decided is told, and may then only end without inclusion.
    if (d.basisWithdrawn) return;
    d.basisWithdrawn = { ...request, at: toShanghaiIso(Date.now()) };
    kit.record({ id: request.by, role: 'system' }, 'basis_withdrawn', { reason: request.reason, details: request.details });
    await kit.commit();
  });

  setHandler(
    approveUpdate,
    async ({ actor }) => {
      d.approvedBy = actor.id;
      kit.record(actor, 'approved');
      await kit.commit();
      return view();
    },
    { validator: ({ actor }) => (requireRole(actor, INCLUSION_STEPS.approve), requireStatus('awaiting_approval')) },
  );

  setHandler(
    recordServiceUpdate,
    async ({ actor, document, method, servedAt, electronicConsent }) => {
      await serve(actor, document, method, Date.parse(servedAt), electronicConsent);
      await kit.commit();
      return view();
    },
    {
      validator: ({ actor, document, method, servedAt, electronicConsent }: RecordServiceRequest) => {
        requireRole(actor, INCLUSION_STEPS.record_service);
        requireOpen();
        if (method === 'electronic' && !electronicConsent) {
          refuse('electronic_service_not_agreed', 'electronic service needs the party’s recorded agreement (DOMAIN.md §3); record it on the subject or serve another way');
        }
        const doc = kit.document(DOCUMENT_OF_SERVICE[document]);
        if (document === 'feedback') {
          if (!state.documents.some((x) => x.kind === 'statement_feedback' && !x.servedAt)) refuse('already_served', 'no feedback awaits service');
        } else if (!doc) refuse('case_not_in_state', `there is no ${document} to serve yet`);
        else if (doc.servedAt) refuse('already_served', `the ${document} was served on ${doc.servedAt}`);
        const at = Date.parse(servedAt);
        if (at > Date.now() + 60_000) refuse('invalid_service_time', 'servedAt is in the future');
        if (doc && at < startOfDay(shanghaiDate(Date.parse(doc.createdAt)))) refuse('invalid_service_time', 'servedAt is before the document was issued');
      },
    },
  );

  setHandler(
    acknowledgeUpdate,
    async ({ actor, document }) => {
      const doc = kit.document(DOCUMENT_OF_SERVICE[document]);
      // Taken before anything is awaited, so that the same step sent again meanwhile (a client retrying after a
      // lost answer) is refused by the validator instead of being taken twice.
      const unserved = doc && !doc.servedAt;
      if (doc) doc.acknowledgedAt = toShanghaiIso(Date.now());
      if (unserved) {
        await serve(actor, document, 'electronic', Date.now());
        if (!kit.oneActivityPerStep) await kit.commit();
      }
      if (doc) await kit.documentAcknowledged(doc);
      kit.record(actor, 'acknowledged', { document });
      await kit.commit();
      return view();
    },
    {
      validator: ({ actor, document }: { actor: Actor; document: 'notice' | 'decision' }) => {
        requireRole(actor, INCLUSION_STEPS.acknowledge);
        requireOpen();
        const doc = kit.document(DOCUMENT_OF_SERVICE[document]);
        if (!doc) refuse('case_not_in_state', `there is no ${document} yet`);
        if (doc.acknowledgedAt) refuse('already_acknowledged', `the ${document} was acknowledged on ${doc.acknowledgedAt}`);
      },
    },
  );

  setHandler(
    submitStatementUpdate,
    async ({ actor, text, evidence }) => {
      const n = d.statements.length + 1;
      d.statements.push({ id: `statement-${n}`, submittedAt: toShanghaiIso(Date.now()), text, evidence });
      await kit.openDeadline({
        id: `verification-${n}`,
        kind: 'statement_verification',
        event: 'statement_submitted',
        rule: 'inclusion.verificationWorkingDays',
        timeLimitsVersion: state.timeLimitsVersion,
        workingDays: limits.inclusion.verificationWorkingDays,
        escalates: true,
        handler: input.handler,
      });
      kit.record(actor, 'statement_submitted', { statement: n, evidence: evidence.length });
      await kit.commit();
      return view();
    },
    { validator: ({ actor }) => (requireRole(actor, INCLUSION_STEPS.submit_statement), requireWindowOpen()) },
  );

  setHandler(
    waiveUpdate,
    async ({ actor }) => {
      d.waivedAt = toShanghaiIso(Date.now());
      kit.meetDeadline(STATEMENT_WINDOW);
      kit.record(actor, 'waived');
      await kit.commit();
      return view();
    },
    { validator: ({ actor }) => (requireRole(actor, INCLUSION_STEPS.waive), requireWindowOpen()) },
  );

  setHandler(
    feedbackUpdate,
    async ({ actor, accepted, text }) => {
      const statement = unansweredStatement(d)!;
      const n = d.statements.indexOf(statement) + 1;
      const doc = await issue(`feedback-${n}`, write().feedback(n, shanghaiDate(Date.parse(statement.submittedAt)), accepted, text));
      statement.feedback = { accepted, text, at: toShanghaiIso(Date.now()), by: actor.id, documentId: doc.id };
      kit.meetDeadline(`verification-${n}`);
      kit.record(actor, 'feedback_given', { statement: n, accepted, document: doc.id });
      await kit.commit();
      return view();
    },
    {
      validator: ({ actor }) => {
        requireRole(actor, INCLUSION_STEPS.feedback);
        requireStatus('objection_window', 'awaiting_decision');
        if (!unansweredStatement(d)) refuse('no_statement_to_answer', 'every statement has been answered');
      },
    },
  );

  setHandler(
    decideUpdate,
    async ({ actor, outcome, reasons }) => {
      d.decision = { outcome, reasons, at: toShanghaiIso(Date.now()), by: actor.id };
      if (outcome === 'not_include') {
        await issue('non_inclusion', write().nonInclusion(reasons));
        await kit.close('not_included', actor, 'decided', { outcome, reasons });
        return view();
      }
      // JS Art 31: the decision comes together with a credit-repair notice.
      const decision = await issue('decision', write().decision(reasons, d.statements));
      await issue('credit_repair_notice', write().creditRepairNotice());
      state.status = 'decision_issued';
      kit.record(actor, 'decided', { outcome, reasons, document: decision.id });
      await kit.commit();
      return view();
    },
    {
      validator: ({ actor, outcome }) => {
        requireRole(actor, INCLUSION_STEPS.decide);
        requireStatus('objection_window', 'awaiting_decision', ...(d.basisWithdrawn ? UNDECIDED : []));
        // Set as the handler starts: a decision still being issued is not taken a second time.
        if (d.decision) refuse('case_not_awaiting_decision', 'the decision has been taken');
        if (d.basisWithdrawn) {
          if (outcome === 'include') refuse('basis_withdrawn', 'a basis of the case was revoked or deleted: it can only end without inclusion', { basisWithdrawn: d.basisWithdrawn });
          return;
        }
        if (windowOpen(state, Date.now())) refuse('case_not_awaiting_decision', 'the window to state and defend is still open', { dueAt: kit.deadline(STATEMENT_WINDOW)?.dueAt });
        if (unansweredStatement(d)) refuse('case_not_awaiting_decision', 'a statement has not been answered yet');
      },
    },
  );

  setHandler(
    withdrawUpdate,
    async ({ actor, reason }) => {
      await issue('withdrawal', write().withdrawal(reason));
      await kit.close('withdrawn', actor, 'withdrawn', { reason });
      return view();
    },
    {
      validator: ({ actor }) => {
        requireRole(actor, INCLUSION_STEPS.withdraw);
        requireStatus('preparing_notice', 'awaiting_approval', 'notice_issued', 'objection_window', 'awaiting_decision');
      },
    },
  );

  function requireWindowOpen(): void {
    const refused = statementRefusal(state, Date.now());
    if (refused) refuse(refused.code, refused.message, refused.details);
  }

  /**
   * Service of a document; service of the notice opens the window to state and defend (JS Art 31). Service by
   * public announcement takes effect when its period has passed, and the window counts from that day.
   */
  async function serve(actor: Actor, document: ServiceDocument, method: ServiceMethod, at: number, electronicConsent?: { agreedOn: string; document: string }) {
    const doc =
      document === 'feedback'
        ? state.documents.find((x) => x.kind === 'statement_feedback' && !x.servedAt)!
        : kit.document(DOCUMENT_OF_SERVICE[document])!;
    const effectiveAt = serviceEffectiveAt(method, at, limits);
    doc.servedAt = toShanghaiIso(at);
    doc.serviceMethod = method;
    if (effectiveAt !== at) doc.serviceEffectiveAt = toShanghaiIso(effectiveAt);
    await kit.documentServed(doc);
    if (document === 'notice') {
      await kit.openDeadline({
        id: STATEMENT_WINDOW,
        kind: 'statement_window',
        event: method === 'announcement' ? 'announcement_period_ended' : 'notice_served',
        at: effectiveAt,
        rule: 'inclusion.statementWindowWorkingDays',
        timeLimitsVersion: state.timeLimitsVersion,
        workingDays: limits.inclusion.statementWindowWorkingDays,
        escalates: false,
      });
      state.status = 'objection_window';
    }
    kit.record(actor, 'served', { document, method, servedAt: doc.servedAt, effectiveAt: doc.serviceEffectiveAt, electronicConsent });
  }

  // ---- the steps of the process ----

  /** The case is opened; one that needs a supervisor's approval waits for it (JS Art 28). */
  async function open(): Promise<void> {
    kit.record(officer, 'started', { field: input.field, measures: input.measures, needsApproval: input.needsApproval });
    // A case that issues its notice at once commits its start with it.
    if (input.needsApproval || !kit.oneActivityPerStep) await kit.commit();
    if (input.needsApproval) {
      firstStepsTaken(view);
      await condition(() => !!d.approvedBy || !state.open);
    }
  }

  /** The prior notice: what is intended, on what facts and grounds, and the right to state and defend (JS Art 30). */
  async function issuePriorNotice(): Promise<void> {
    state.status = 'preparing_notice';
    await issue('prior_notice', write().priorNotice());
    state.status = 'notice_issued';
    kit.record({ id: 'system', role: 'system' }, 'prior_notice_issued');
    await kit.commit();
  }

  /** The window ends (or is waived) and every statement is answered: the case awaits the decision. */
  async function awaitDecision(): Promise<void> {
    // The step that made the case ready commits it as awaiting the decision (settle, above).
    if (kit.oneActivityPerStep) return condition(() => !state.open || state.status === 'awaiting_decision');
    await condition(() => !state.open || readyForDecision());
    if (state.open && state.status === 'objection_window') {
      state.status = 'awaiting_decision';
      await kit.commit();
    }
  }

  /** The day the decision's service took effect (after an announcement's period), once it is served. */
  async function decisionServed(): Promise<string | undefined> {
    await condition(() => !state.open || !!kit.document('inclusion_decision')?.servedAt);
    const served = kit.document('inclusion_decision');
    if (state.open && served?.serviceEffectiveAt) await sleep(Math.max(0, Date.parse(served.serviceEffectiveAt) - Date.now()));
    return state.open ? shanghaiDate(Date.parse(served!.serviceEffectiveAt ?? served!.servedAt!)) : undefined;
  }

  /**
   * The entry goes on the list (JS Art 31-32): the term runs from the day service took effect; repair is possible
   * after the early-removal time, for the entry's record and the marks on responsible persons alike.
   */
  async function list(servedOn: string): Promise<{ removalDueOn: string }> {
    const removalDueOn = addYears(servedOn, listTermYears);
    const entry = await inclusion.createListEntry({
      caseId: state.id, subjectId: input.subject.id, department: input.department, handler: input.handler,
      field: input.field, measures: input.measures, basis: input.basis[0], facts: input.facts,
      includedOn: servedOn, removalDueOn, retentionEnd: addYears(removalDueOn, limits.retentionYears),
      minimumPublicityEnd: addYears(servedOn, limits.inclusion.earlyRemovalAfterYears),
      responsiblePersons: input.subject.responsiblePersons, basisRecordIds: input.basisRecordIds,
    });
    d.listEntry = { id: entry.listEntryId, recordId: entry.recordId, includedOn: servedOn, removalDueOn };
    d.marks = [];
    for (const mark of entry.marks ?? []) {
      const notice = await issue(`mark-${mark.personId}`, write().responsiblePersonNotice(mark, { includedOn: servedOn, removalDueOn }), mark.personId);
      d.marks.push({ personId: mark.personId, recordId: mark.recordId, role: mark.role, documentId: notice.id });
    }
    state.recordId = entry.recordId;
    state.status = 'listed';
    kit.record({ id: 'system', role: 'system' }, 'listed', { listEntry: entry.listEntryId, includedOn: servedOn, removalDueOn });
    await kit.commit();
    return { removalDueOn };
  }

  /** The term runs until removal is due, unless repair or revocation removes the entry earlier. */
  async function removeAtTermEnd(servedOn: string, removalDueOn: string): Promise<void> {
    const termEnded = !(await condition(() => !!d.pendingRemoval, startOfDay(removalDueOn) - Date.now()));
    const removal: RemovalRequest = termEnded || !d.pendingRemoval ? { reason: 'term_ended', by: 'system' } : d.pendingRemoval;
    const removedOn = shanghaiDate(Date.now());
    await inclusion.removeListEntry({ caseId: state.id, removedOn, reason: removal.reason, actor: removal.by });
    d.removal = { on: removedOn, reason: removal.reason, details: removal.details };
    await issue('removal_notice', write().removalNotice({ includedOn: servedOn, removedOn, reason: removal.reason, details: removal.details }));
    await kit.close('removed', { id: removal.by, role: 'system' }, 'removed_from_list', { reason: removal.reason, removedOn });
  }

  // ---- the process ----

  const watcher = kit.watchDeadlines();
  await open();
  if (state.open) await issuePriorNotice();
  firstStepsTaken(view);
  await awaitDecision();
  const servedOn = await decisionServed();
  if (servedOn) {
    const { removalDueOn } = await list(servedOn);
    await removeAtTermEnd(servedOn, removalDueOn);
  }

  await watcher;
  await condition(allHandlersFinished);
}

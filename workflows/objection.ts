/**
 * Objection to a credit record (DOMAIN.md §4.2; JS Art 63, 64): the record is marked and stays disclosed, the
 * providing department accepts (or refuses as inadmissible) and verifies within their limits, a written reply goes
 * to the subject and the mark is lifted with the outcome.
 */
import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ObjectionActivities, ObjectionEnding } from '../activities/objection-activities';
import type { Actor } from '../shared/cases';
import type { Role } from '../shared/domain';
import { SYSTEM, toCaseView } from '../shared/cases';
import { calendarChangedSignal, getCaseQuery } from '../shared/case-messages';
import { shanghaiDate, toShanghaiIso } from '../shared/calendar';
import {
  ACCEPTANCE,
  OBJECTION_GROUNDS,
  OBJECTION_STEPS,
  type ObjectionInput,
  type ObjectionState,
  VERIFICATION,
  acceptObjectionUpdate,
  currentObjectionDeadline,
  extendObjectionUpdate,
  objectionAllowedActions,
  objectionResultUpdate,
  resumeObjectionUpdate,
  suspendObjectionUpdate,
} from '../shared/objection';
import { screenPersonalInformation } from '../shared/personal-information';
import { CaseKit } from './case-kit';
import { ACTIVITY_OPTIONS, caseSetup } from './activity-proxies';
import { answerFirstSteps, issuingAuthority, newCaseState, reliefOf } from './case-start';
import { removeFromList } from './list-removal';
import { refuse, requireDepartment, requireRole } from './refusals';
import { documentReference } from '../documents/inclusion';

const objection = proxyActivities<ObjectionActivities>(ACTIVITY_OPTIONS);

export async function objectionCase(input: ObjectionInput): Promise<void> {
  const firstStepsTaken = answerFirstSteps();
  const submittedAt = Date.now();
  const setup = await caseSetup.loadCaseSetup({ department: input.department });
  const { calendar, timeLimits } = setup;
  const limits = timeLimits.limits;
  const state = newCaseState<ObjectionState>(
    {
      id: input.caseId,
      type: 'objection',
      status: 'awaiting_acceptance',
      subjectId: input.subject.id,
      department: input.department,
      recordId: input.recordId,
      matterKey: input.matterKey,
      details: { input, suspensions: [] },
    },
    { calendar, timeLimits },
    submittedAt,
  );
  const d = state.details;
  const kit = new CaseKit(state, objectionAllowedActions);
  const view = () => toCaseView(state);
  const subject: Actor = { id: input.submittedBy, role: 'subject', subjectId: input.subject.id };

  /** The mark is lifted with the outcome, the written reply is issued, and the case ends. */
  const finish = async (actor: Actor, outcome: ObjectionEnding, reasons: string, correctedContent?: string) => {
    const resolved = await objection.resolveObjection({
      caseId: state.id, recordId: input.recordId, outcome, correctedContent, reasons,
      stateBefore: d.record!.stateBefore, actor: actor.id, role: actor.role,
    });
    // Histories recorded before the activity returned anything replay with no result.
    await removeFromList(resolved?.listEntryCases ?? [], { reason: 'record_deleted', details: reasons, by: actor.id });
    return kit.issue({
      key: `${state.id}:objection_reply`,
      subjectId: input.subject.id,
      department: input.department,
      request: {
        kind: 'objection_reply',
        input: {
          reference: documentReference(state.id, 1),
          issuedAt: toShanghaiIso(Date.now()),
          authority: issuingAuthority(input.department, setup),
          subject: { name: input.subject.name, identifier: input.subject.identifier, identifierType: input.subject.identifierType },
          record: { reference: input.recordId, description: d.record!.description },
          objectionReceivedOn: shanghaiDate(submittedAt),
          grounds: `${OBJECTION_GROUNDS[input.grounds]}：${input.reasons}`,
          outcome,
          reasons,
          correctedContent,
          relief: reliefOf(setup),
        },
      },
    });
  };

  const requireStatus = (...statuses: ObjectionState['status'][]) => {
    if (!state.open) refuse('case_closed', `the objection is ${state.status}`);
    if (!d.record || !statuses.includes(state.status)) refuse('case_not_in_state', `the objection is ${state.status}`, { status: state.status });
  };
  const requireHandler = (actor: Actor, roles: readonly Role[]) => {
    requireRole(actor, roles);
    requireDepartment(actor, input.department);
  };

  // ---- human steps ----

  setHandler(getCaseQuery, view);
  setHandler(calendarChangedSignal, (snapshot) => kit.applyCalendar(snapshot));

  setHandler(
    acceptObjectionUpdate,
    async ({ actor, accepted, reasons }) => {
      d.acceptance = { accepted, reasons, at: toShanghaiIso(Date.now()), by: actor.id };
      state.handler ??= actor.id;
      kit.meetDeadline(ACCEPTANCE);
      if (!accepted) {
        const reply = await finish(actor, 'refused', reasons!);
        await kit.close('refused', actor, 'refused_as_inadmissible', { reasons, document: reply.id });
        return view();
      }
      state.status = 'verifying';
      await kit.openDeadline({
        id: VERIFICATION, kind: 'objection_verification', event: 'objection_accepted', rule: 'objection.verificationWorkingDays',
        timeLimitsVersion: state.timeLimitsVersion, workingDays: limits.objection.verificationWorkingDays, escalates: true, handler: state.handler,
      });
      kit.record(actor, 'accepted', { reasons });
      await kit.commit();
      return view();
    },
    {
      validator: ({ actor, accepted, reasons }) => {
        requireHandler(actor, OBJECTION_STEPS.accept);
        requireStatus('awaiting_acceptance');
        if (!accepted && !reasons?.trim()) refuse('reasons_required', 'a refusal as inadmissible needs its reasons');
      },
    },
  );

  setHandler(
    extendObjectionUpdate,
    async ({ actor, workingDays, reason }) => {
      const extended = await kit.extendDeadline(VERIFICATION, { workingDays, reason, by: actor.id });
      kit.record(actor, 'extended', { deadline: VERIFICATION, workingDays, reason, dueDate: extended.dueDate });
      await kit.commit();
      return view();
    },
    {
      validator: ({ actor, workingDays }) => {
        requireHandler(actor, OBJECTION_STEPS.extend);
        requireStatus('verifying');
        kit.checkExtension(VERIFICATION, workingDays, limits.objection.maxExtensionWorkingDays);
      },
    },
  );

  setHandler(
    suspendObjectionUpdate,
    async ({ actor, reason }) => {
      const id = currentObjectionDeadline(state)!;
      kit.suspendDeadline(id, reason);
      d.suspensions.push({ deadline: id, reason, at: toShanghaiIso(Date.now()), by: actor.id });
      kit.record(actor, 'suspended', { deadline: id, reason });
      await kit.commit();
      return view();
    },
    {
      validator: ({ actor }) => {
        requireHandler(actor, OBJECTION_STEPS.suspend);
        requireStatus('awaiting_acceptance', 'verifying');
        if (kit.deadline(currentObjectionDeadline(state)!)?.suspendedSince) refuse('already_suspended', 'the period is already suspended');
      },
    },
  );

  setHandler(
    resumeObjectionUpdate,
    async ({ actor, reason }) => {
      const id = currentObjectionDeadline(state)!;
      const resumed = await kit.resumeDeadline(id);
      const suspension = d.suspensions[d.suspensions.length - 1];
      suspension.resumedAt = toShanghaiIso(Date.now());
      suspension.resumeReason = reason;
      kit.record(actor, 'resumed', { deadline: id, reason, suspendedWorkingDays: resumed.suspendedWorkingDays, dueDate: resumed.dueDate });
      await kit.commit();
      return view();
    },
    {
      validator: ({ actor }) => {
        requireHandler(actor, OBJECTION_STEPS.resume);
        requireStatus('awaiting_acceptance', 'verifying');
        if (!kit.deadline(currentObjectionDeadline(state)!)?.suspendedSince) refuse('not_suspended', 'the period is not suspended');
      },
    },
  );

  setHandler(
    objectionResultUpdate,
    async ({ actor, outcome, correctedContent, reasons, personalInformation }) => {
      const content = outcome === 'corrected' ? correctedContent : undefined;
      d.result = { outcome, correctedContent: content, reasons, at: toShanghaiIso(Date.now()), by: actor.id };
      const reply = await finish(actor, outcome, reasons, content);
      kit.meetDeadline(VERIFICATION);
      await kit.close(outcome, actor, 'result_given', { outcome, reasons, document: reply.id, ...(content && personalInformation ? { personalInformation } : {}) });
      return view();
    },
    {
      validator: ({ actor, outcome, correctedContent, reasons, personalInformation }) => {
        requireHandler(actor, OBJECTION_STEPS.result);
        requireStatus('verifying');
        if (!reasons?.trim()) refuse('reasons_required', 'the result needs its reasons');
        if (outcome === 'corrected' && !correctedContent?.trim()) refuse('corrected_content_required', 'a correction needs the corrected content');
        if (outcome === 'corrected') {
          // The corrected content becomes the record's (published unless the record is consent-only), JS Art 62.
          const screening = screenPersonalInformation(
            [{ field: 'correctedContent', text: correctedContent }], input.subject.kind, d.record?.sensitive ? 'shielded' : 'published', personalInformation?.notPersonalAttributes,
          );
          if (!screening.ok) refuse(screening.code, screening.message, screening.details);
        }
      },
    },
  );

  // ---- the process ----

  const watcher = kit.watchDeadlines();
  try {
    d.record = await objection.markUnderObjection({ caseId: state.id, recordId: input.recordId, actor: input.submittedBy, grounds: input.grounds });
  } catch (err) {
    // The record changed between the API's check and the start (e.g. revoked meanwhile): nothing to object to.
    const cause = err instanceof ActivityFailure ? err.cause : undefined;
    if (!(cause instanceof ApplicationFailure) || cause.type !== 'record_not_objectable') throw err;
    await kit.close('refused', SYSTEM, 'record_not_objectable', { reason: cause.message });
  }
  if (state.open) {
    await kit.openDeadline({
      id: ACCEPTANCE, kind: 'objection_acceptance', event: 'objection_submitted', at: submittedAt, rule: 'objection.acceptanceWorkingDays',
      timeLimitsVersion: state.timeLimitsVersion, workingDays: limits.objection.acceptanceWorkingDays, escalates: true,
    });
    kit.record(subject, 'submitted', { grounds: input.grounds, evidence: input.evidence.length, recordStateBefore: d.record!.stateBefore });
    await kit.commit();
  }
  firstStepsTaken(view);

  // Overdue escalates but never closes the case: it ends with the department's answer.
  await condition(() => !state.open);
  await watcher;
  await condition(allHandlersFinished);
}

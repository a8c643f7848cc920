/**
 * Credit repair (DOMAIN.md §4.4; JS Art 66): the identifying department decides within the limit. Granted: the
 * record stops being publicised and shared, every registered agency is told to stop using it (JS Art 67), a list
 * entry resting on it is removed early through its inclusion case, and a repair decision is issued. Refused: a
 * decision with the reasons.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { RepairActivities } from '../activities/repair-activities';
import type { Actor } from '../shared/cases';
import { toCaseView } from '../shared/cases';
import { calendarChangedSignal, getCaseQuery } from '../shared/case-messages';
import { shanghaiDate, toShanghaiIso } from '../shared/calendar';
import { REPAIR_DECISION, REPAIR_STEPS, type RepairInput, type RepairState, decideRepairUpdate, extendRepairUpdate, repairAllowedActions } from '../shared/repair';
import { CaseKit } from './case-kit';
import { ACTIVITY_OPTIONS, caseSetup } from './activity-proxies';
import { answerFirstSteps, issuingAuthority, newCaseState, reliefOf } from './case-start';
import { removeFromList } from './list-removal';
import { refuse, requireDepartment, requireRole } from './refusals';
import { documentReference } from '../documents/inclusion';

const acts = proxyActivities<RepairActivities>(ACTIVITY_OPTIONS);

export async function repairCase(input: RepairInput): Promise<void> {
  const firstStepsTaken = answerFirstSteps();
  const appliedAt = Date.now();
  const setup = await caseSetup.loadCaseSetup({ department: input.department });
  const { calendar, timeLimits } = setup;
  const limits = timeLimits.limits;
  const state = newCaseState<RepairState>(
    {
      id: input.caseId,
      type: 'repair',
      status: 'awaiting_decision',
      subjectId: input.subject.id,
      department: input.department,
      recordId: input.record.id,
      matterKey: input.matterKey,
      details: { input, appliedOn: shanghaiDate(appliedAt) },
    },
    { calendar, timeLimits },
    appliedAt,
  );
  const d = state.details;
  const kit = new CaseKit(state, repairAllowedActions);
  const view = () => toCaseView(state);
  const applicant: Actor = { id: `subject-${input.subject.id}`, role: 'subject', subjectId: input.subject.id };

  setHandler(getCaseQuery, view);
  setHandler(calendarChangedSignal, (snapshot) => kit.applyCalendar(snapshot));

  setHandler(
    decideRepairUpdate,
    async ({ actor, outcome, reasons }) => {
      const today = shanghaiDate(Date.now());
      d.decision = { outcome, reasons, at: toShanghaiIso(Date.now()), by: actor.id };
      let listEntryRemoved = false;
      if (outcome === 'granted') {
        const granted = await acts.grantRepair({ caseId: state.id, recordId: input.record.id, on: today, actor: actor.id, role: actor.role, limits });
        await removeFromList(granted.listEntryCaseIds, { reason: 'credit_repair', details: `信用修复决定（${documentReference(state.id, 1)}）`, by: actor.id });
        listEntryRemoved = granted.listEntryCaseIds.length > 0;
        d.publicityStoppedOn = today;
        d.listEntriesRemoved = granted.listEntryCaseIds;
        d.agencyNotices = granted.agencyNotices;
      }
      const doc = await kit.issue({
        key: `${state.id}:decision`,
        subjectId: input.subject.id,
        department: input.department,
        request: {
          kind: 'repair_decision',
          input: {
            reference: documentReference(state.id, 1),
            issuedAt: toShanghaiIso(Date.now()),
            authority: issuingAuthority(input.department, setup),
            subject: { name: input.subject.name, identifier: input.subject.identifier, identifierType: input.subject.identifierType },
            record: { reference: input.record.id, description: `${input.record.catalogueItem}；${input.record.basisNumber}；${input.record.content}` },
            appliedOn: d.appliedOn,
            granted: outcome === 'granted',
            reasons,
            effectiveOn: outcome === 'granted' ? today : undefined,
            listEntryRemoved,
            relief: reliefOf(setup),
          },
        },
      });
      kit.meetDeadline(REPAIR_DECISION);
      await kit.close(outcome, actor, 'decided', { outcome, reasons, document: doc.id, listEntriesRemoved: d.listEntriesRemoved, agencyNotices: d.agencyNotices });
      return view();
    },
    {
      validator: ({ actor, reasons }) => {
        requireRole(actor, REPAIR_STEPS.decide);
        requireDepartment(actor, input.department);
        if (!state.open) refuse('case_closed', `the repair was ${state.status}`);
        if (!reasons?.trim()) refuse('reasons_required', 'a decision on repair states its reasons');
      },
    },
  );

  setHandler(
    extendRepairUpdate,
    async ({ actor, workingDays, reason }) => {
      const extended = await kit.extendDeadline(REPAIR_DECISION, { workingDays, reason, by: actor.id });
      kit.record(actor, 'extended', { deadline: REPAIR_DECISION, workingDays, reason, dueDate: extended.dueDate });
      await kit.commit();
      return view();
    },
    {
      validator: ({ actor, workingDays, reason }) => {
        requireRole(actor, REPAIR_STEPS.extend);
        requireDepartment(actor, input.department);
        if (!state.open) refuse('case_closed', `the repair was ${state.status}`);
        if (!reason?.trim()) refuse('reasons_required', 'an extension states its reason');
        kit.checkExtension(REPAIR_DECISION, workingDays, limits.repair.maxExtensionWorkingDays);
      },
    },
  );

  // JS Art 66 and the 2025 notice: the department decides within the limit from a complete application.
  await kit.openDeadline({
    id: REPAIR_DECISION, kind: 'repair_decision', event: 'repair_applied', at: appliedAt, rule: 'repair.decisionWorkingDays',
    timeLimitsVersion: state.timeLimitsVersion, workingDays: limits.repair.decisionWorkingDays, escalates: true,
  });
  kit.record(applicant, 'applied', { recordId: input.record.id, evidence: input.evidence.length, commitmentAcceptedAt: input.commitment.acceptedAt });
  const watcher = kit.watchDeadlines();
  await kit.commit();
  firstStepsTaken(view);

  // Overdue escalates to the department's supervisors but never closes the case: it ends with the decision.
  await condition(() => !state.open);
  await watcher;
  await condition(allHandlersFinished);
}

/**
 * Revocation of a basis document (DOMAIN.md §4.3; JS Art 65): two chained deadlines, the department's
 * notification (from the revoking document's effect; met by the report, late or not) and the platform's change
 * (from the report; met when credit-comprehensive confirms). The record is revoked or changed, marks follow, and a
 * list entry resting on it is removed through its inclusion case.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { RevocationActivities } from '../activities/revocation-activities';
import type { Actor } from '../shared/cases';
import { toCaseView } from '../shared/cases';
import { calendarChangedSignal, getCaseQuery } from '../shared/case-messages';
import { shanghaiDate, startOfDay, toShanghaiIso, workingDaysBetween } from '../shared/calendar';
import { hasEnded } from '../shared/deadlines';
import { COMPREHENSIVE_DEPARTMENT } from '../shared/domain';
import {
  NOTIFICATION,
  PLATFORM_CHANGE,
  REVOCATION_STEPS,
  type RevocationInput,
  type RevocationState,
  confirmRevocationUpdate,
  revocationAllowedActions,
} from '../shared/revocation';
import { CaseKit } from './case-kit';
import { ACTIVITY_OPTIONS, caseSetup } from './activity-proxies';
import { answerFirstSteps, newCaseState } from './case-start';
import { removeFromList } from './list-removal';
import { refuse, requireDepartment, requireRole } from './refusals';

const acts = proxyActivities<RevocationActivities>(ACTIVITY_OPTIONS);

export async function revocationCase(input: RevocationInput): Promise<void> {
  const firstStepsTaken = answerFirstSteps();
  const reportedAt = Date.now();
  const { calendar, timeLimits } = await caseSetup.loadCaseSetup({ department: input.department });
  const limits = timeLimits.limits;
  const reporter: Actor = { id: input.reportedBy, role: 'officer', department: input.department };
  const state = newCaseState<RevocationState>(
    {
      id: input.caseId,
      type: 'revocation',
      status: 'awaiting_platform_change',
      subjectId: input.subjectId,
      department: input.department,
      handler: input.reportedBy,
      recordId: input.recordId,
      matterKey: input.matterKey,
      details: { input, report: { at: toShanghaiIso(reportedAt), notificationDueDate: '', late: false, workingDaysLate: 0 } },
    },
    { calendar, timeLimits },
    reportedAt,
  );
  const d = state.details;
  const kit = new CaseKit(state, revocationAllowedActions);
  const view = () => toCaseView(state);

  setHandler(getCaseQuery, view);
  setHandler(calendarChangedSignal, (snapshot) => kit.applyCalendar(snapshot));

  setHandler(
    confirmRevocationUpdate,
    async ({ actor }) => {
      const applied = await acts.applyRevocation({
        caseId: state.id, recordId: input.recordId, change: input.change, document: input.document, newContent: input.newContent,
        actor: actor.id, role: actor.role,
      });
      await removeFromList(applied.listEntryCases, { reason: 'basis_revoked', details: `${input.document.number}（${input.document.effectiveOn}生效）`, by: actor.id });
      d.confirmation = { at: toShanghaiIso(Date.now()), by: actor.id, recordState: applied.recordState, listEntriesRemoved: applied.listEntryCases };
      kit.meetDeadline(PLATFORM_CHANGE);
      await kit.close('applied', actor, 'confirmed', { change: input.change, recordState: applied.recordState, listEntriesRemoved: applied.listEntryCases });
      return view();
    },
    {
      validator: ({ actor }) => {
        requireRole(actor, REVOCATION_STEPS.confirm);
        requireDepartment(actor, COMPREHENSIVE_DEPARTMENT);
        if (!state.open) refuse('case_closed', `the revocation is ${state.status}`);
      },
    },
  );

  // The notification period counts from the revoking document's effect; the report meets it, possibly late.
  const notification = await kit.openDeadline({
    id: NOTIFICATION, kind: 'revocation_notification', event: 'revoking_document_effective', at: startOfDay(input.document.effectiveOn),
    rule: 'revocation.notifyWorkingDays', timeLimitsVersion: state.timeLimitsVersion, workingDays: limits.revocation.notifyWorkingDays,
    escalates: true, handler: input.reportedBy,
  });
  const late = hasEnded(notification, reportedAt);
  d.report = {
    at: toShanghaiIso(reportedAt),
    notificationDueDate: notification.dueDate,
    late,
    workingDaysLate: late ? workingDaysBetween(notification.dueDate, shanghaiDate(reportedAt), calendar) : 0,
  };
  kit.meetDeadline(NOTIFICATION);
  await kit.openDeadline({
    id: PLATFORM_CHANGE, kind: 'revocation_platform_change', event: 'revocation_reported', at: reportedAt,
    rule: 'revocation.changeWorkingDays', timeLimitsVersion: state.timeLimitsVersion, workingDays: limits.revocation.changeWorkingDays,
    escalates: true,
  });
  kit.record(reporter, 'reported', {
    change: input.change, document: input.document, late, notificationDueDate: d.report.notificationDueDate, workingDaysLate: d.report.workingDaysLate,
  });
  const watcher = kit.watchDeadlines();
  await kit.commit();
  firstStepsTaken(view);

  // Overdue escalates but never closes the case: it ends with the platform's change.
  await condition(() => !state.open);
  await watcher;
  await condition(allHandlersFinished);
}

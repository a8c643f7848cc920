/**
 * Activities every case workflow uses: the calendar and time limits it starts with, its projection, and the
 * reminders and escalations of its deadlines (kept as notifications in an outbox).
 */
import type { CaseProjection } from '../shared/cases';
import type { CalendarSnapshot } from '../shared/calendar';
import type { Deadline } from '../shared/deadlines';
import type { VersionedTimeLimits } from '../shared/time-limits';
import type { Db } from '../db/knex';
import { appendAudit } from '../db/stores/audit';
import { calendarChange, calendarVersion, casesWithDeadlinesOver, loadCalendarSnapshot } from '../db/stores/calendar';
import { moveAgencyNoticeDueDates } from '../db/stores/agency-notices';
import { projectCase } from '../db/stores/cases';
import { currentTimeLimits } from '../db/stores/time-limits';
import { departmentProfile } from '../db/stores/departments';
import type { DepartmentProfile } from '../shared/departments';

export interface CaseSetup {
  calendar: CalendarSnapshot;
  timeLimits: VersionedTimeLimits;
  /** Absent in histories recorded before departments were configurable. */
  authority?: DepartmentProfile;
}

export interface DeadlineNotice {
  caseId: string;
  caseType: string;
  department: string;
  deadline: Deadline;
  at: string;
}

export function createCaseActivities({ db }: { db: Db }) {
  return {
    /** What a case starts with: the calendar and time limits in force, and how its department issues documents. */
    async loadCaseSetup(input?: { department: string }): Promise<CaseSetup> {
      const authority = input ? await departmentProfile(db, input.department) : undefined;
      return { calendar: await loadCalendarSnapshot(db), timeLimits: await currentTimeLimits(db), authority };
    },

    /** Running cases with an open deadline over a day the calendar version changed (or suspended). */
    async casesAffectedByCalendarChange(input: { version: number; date?: string; after?: string; limit: number }): Promise<string[]> {
      const span = (await calendarChange(db, input.version)) ?? (input.date ? { from: input.date, to: input.date } : undefined);
      return span ? casesWithDeadlinesOver(db, { ...span, after: input.after, limit: input.limit }) : [];
    },

    /** Unacknowledged agency notices over a changed day are due when the new calendar says. */
    async moveAgencyNoticeDueDates(input: { version: number }): Promise<number> {
      const span = await calendarChange(db, input.version);
      return span ? moveAgencyNoticeDueDates(db, span) : 0;
    },

    async loadCalendar(): Promise<CalendarSnapshot> {
      return loadCalendarSnapshot(db);
    },

    /** The calendar as it is now, when newer than the version the case holds (null otherwise: nothing to send). */
    async loadCalendarIfNewer(input: { version: number }): Promise<CalendarSnapshot | null> {
      return (await calendarVersion(db)) > input.version ? loadCalendarSnapshot(db) : null;
    },

    async projectCase(state: CaseProjection): Promise<void> {
      await projectCase(db, state);
    },

    async sendReminder(n: DeadlineNotice): Promise<void> {
      await db('notifications')
        .insert({
          key: `reminder:${n.caseId}:${n.deadline.id}:${n.deadline.dueAt}`,
          kind: 'deadline_reminder',
          recipient_role: 'officer',
          recipient_department: n.department,
          recipient: n.deadline.handler ?? null,
          case_id: n.caseId,
          payload: JSON.stringify({ caseType: n.caseType, deadline: n.deadline.id, kind: n.deadline.kind, dueAt: n.deadline.dueAt }),
        })
        .onConflict('key')
        .ignore();
    },

    /** Overdue: an escalation supervisors see on their list, and a notification to them, written together. */
    async raiseEscalation(n: DeadlineNotice): Promise<void> {
      const key = `escalation:${n.caseId}:${n.deadline.id}:${n.deadline.dueAt}`;
      await db.transaction(async (trx) => {
        await trx('escalations')
          .insert({
            case_id: n.caseId,
            deadline_id: n.deadline.id,
            case_type: n.caseType,
            department: n.department,
            handler: n.deadline.handler ?? null,
            due_at: n.deadline.dueAt,
            raised_at: n.at,
          })
          .onConflict(['case_id', 'deadline_id', 'due_at'])
          .ignore();
        await trx('notifications')
          .insert({
            key,
            kind: 'deadline_overdue',
            recipient_role: 'supervisor',
            recipient_department: n.department,
            case_id: n.caseId,
            payload: JSON.stringify({ caseType: n.caseType, deadline: n.deadline.id, kind: n.deadline.kind, dueAt: n.deadline.dueAt }),
          })
          .onConflict('key')
          .ignore();
        await appendAudit(trx, [
          { key, at: n.at, actor: 'system', role: 'system', action: 'deadline.escalated', caseId: n.caseId, after: { deadline: n.deadline.id, dueAt: n.deadline.dueAt } },
        ]);
      });
    },
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;

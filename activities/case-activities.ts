/**
 * Activities every case workflow uses: the calendar and time limits it starts with, and each step's commit (its
 * documents, the reminders and escalations of its deadlines, and its projection, in one transaction).
 */
import type { CaseProjection } from '../shared/cases';
import type { CalendarSnapshot } from '../shared/calendar';
import type { VersionedTimeLimits } from '../shared/time-limits';
import type { Db } from '../db/knex';
import { calendarChange, calendarVersion, casesWithDeadlinesOver, loadCalendarSnapshot } from '../db/stores/calendar';
import { moveAgencyNoticeDueDates } from '../db/stores/agency-notices';
import { commitCaseStep, projectCase } from '../db/stores/cases';
import { raiseEscalation, sendReminder, type DeadlineNotice } from '../db/stores/deadline-notices';
import { storedDocuments } from '../db/stores/documents';
import { renderDocument, type IssueDocumentInput } from './document-activities';
import { currentTimeLimits } from '../db/stores/time-limits';
import { departmentProfile } from '../db/stores/departments';
import type { DepartmentProfile } from '../shared/departments';

export interface CaseSetup {
  calendar: CalendarSnapshot;
  timeLimits: VersionedTimeLimits;
  /** Absent in histories recorded before departments were configurable. */
  authority?: DepartmentProfile;
}

export type { DeadlineNotice };

/** What one step of a case writes (the documents it issued carry the IDs the case gave them). */
export interface CaseStep {
  projection: CaseProjection;
  documents?: Array<IssueDocumentInput & { id: string }>;
  reminders?: DeadlineNotice[];
  escalations?: DeadlineNotice[];
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
      await sendReminder(db, n);
    },

    async raiseEscalation(n: DeadlineNotice): Promise<void> {
      await db.transaction((trx) => raiseEscalation(trx, n));
    },

    /**
     * One step of a case, one transaction: renders the documents the step issued (those not stored by an earlier
     * try), then writes them with their service, the deadlines' notices and the projection. Answers each issued
     * document's SHA-256, which the case did not know when it named the document.
     */
    async commitStep(step: CaseStep): Promise<Record<string, string>> {
      const issued = step.documents ?? [];
      const stored = await storedDocuments(db, issued.map((d) => d.key));
      const rendered = await Promise.all(issued.filter((d) => !stored.has(d.key)).map((d) => renderDocument(d.id, d)));
      const sha256: Record<string, string> = {};
      for (const d of issued) sha256[d.id] = stored.get(d.key)?.sha256 ?? rendered.find((r) => r.key === d.key)!.sha256;
      const projection = { ...step.projection, documents: step.projection.documents.map((d) => (d.id in sha256 ? { ...d, sha256: sha256[d.id] } : d)) };
      await commitCaseStep(db, { projection, documents: rendered, reminders: step.reminders ?? [], escalations: step.escalations ?? [] });
      return sha256;
    },
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;

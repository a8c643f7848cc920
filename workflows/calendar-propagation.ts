/**
 * A change of the working-day calendar reaches every running case whose deadlines it may move (DOMAIN.md §3):
 * each gets the new calendar as a signal and recomputes its own deadlines; unacknowledged agency notices over the
 * changed days move too. Durable, so an API crash after the change cannot leave cases on the old calendar.
 */
import { TemporalFailure, continueAsNew, getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/case-activities';
import { calendarChangedSignal } from '../shared/case-messages';
import { ACTIVITY_OPTIONS } from './activity-proxies';

const acts = proxyActivities<CaseActivities>(ACTIVITY_OPTIONS);

const PAGE = 200;
const PAGES_PER_RUN = 10;

/** `date`: the one day changed, for propagations started before versions recorded their span. */
export async function calendarPropagation(input: { version: number; date?: string; after?: string }): Promise<void> {
  if (!input.after) await acts.moveAgencyNoticeDueDates({ version: input.version });
  const calendar = await acts.loadCalendar();
  let after = input.after;
  for (let page = 0; page < PAGES_PER_RUN; page++) {
    const caseIds = await acts.casesAffectedByCalendarChange({ version: input.version, date: input.date, after, limit: PAGE });
    for (const id of caseIds) {
      // A case that closed in the meantime has nothing left to move (the server refuses the signal).
      await getExternalWorkflowHandle(id)
        .signal(calendarChangedSignal, calendar)
        .catch((err) => {
          if (!(err instanceof TemporalFailure)) throw err;
        });
    }
    if (caseIds.length < PAGE) return;
    after = caseIds[caseIds.length - 1];
  }
  await continueAsNew<typeof calendarPropagation>({ ...input, after });
}

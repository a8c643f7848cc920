/** What every case starts with: its first state, the answer to the start's update, its department's authority. */
import { condition, setHandler } from '@temporalio/workflow';
import type { CaseSetup } from '../activities/case-activities';
import type { DocumentAuthority, Relief } from '../documents';
import type { CaseState, CaseView } from '../shared/cases';
import { firstStepsUpdate } from '../shared/case-messages';
import type { CalendarSnapshot } from '../shared/calendar';
import { toShanghaiIso } from '../shared/calendar';
import type { Department } from '../shared/domain';
import type { VersionedTimeLimits } from '../shared/time-limits';

/**
 * Answers the start's update (Update-with-Start) once the case has taken its first steps. Called first thing in a
 * workflow, so that the handler is there when the update arrives with the start; returns what marks them taken.
 */
export function answerFirstSteps(): (view: () => CaseView) => void {
  let taken: (() => CaseView) | undefined;
  setHandler(firstStepsUpdate, async () => {
    await condition(() => taken !== undefined);
    return taken!();
  });
  return (view) => {
    taken ??= view;
  };
}

/** What every case starts with (no deadlines, documents or events yet); the process gives what is its own. */
export function newCaseState<S extends CaseState<unknown>>(
  own: Pick<S, 'id' | 'type' | 'status' | 'subjectId' | 'department' | 'details'> & Partial<Pick<S, 'handler' | 'recordId' | 'matterKey'>>,
  setup: { calendar: CalendarSnapshot; timeLimits: VersionedTimeLimits },
  createdAt: number,
): S {
  return {
    ...own,
    open: true,
    createdAt: toShanghaiIso(createdAt),
    timeLimitsVersion: setup.timeLimits.version,
    limits: setup.timeLimits.limits,
    calendar: setup.calendar,
    deadlines: [],
    documents: [],
    events: [],
    allowedActions: {},
    revision: 0,
  } as unknown as S;
}

/** The department as it issues documents: its configured name, and the relief its decisions print. */
export function issuingAuthority(department: Department, setup: CaseSetup): DocumentAuthority {
  return { department, name: setup.authority?.name };
}

export function reliefOf(setup: CaseSetup): Relief {
  const { reconsiderationDays, lawsuitMonths } = setup.timeLimits.limits.inclusion;
  return { reconsiderationDays, lawsuitMonths, reconsiderationBody: setup.authority?.reconsiderationBody, correctionProcedure: setup.authority?.correctionProcedure };
}

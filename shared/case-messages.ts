/**
 * Messages every case workflow answers, whatever its type: the calendar changed (running deadlines move), and the
 * case as it stands. Shared by the workflows, the API, the worker and the tests (ARCHITECTURE.md habit 2).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseView } from './cases';
import type { CalendarSnapshot } from './calendar';

export const calendarChangedSignal = defineSignal<[CalendarSnapshot]>('calendarChanged');
export const getCaseQuery = defineQuery<CaseView>('getCase');

/**
 * Sent with the start (Update-with-Start): answers with the case once it has taken its first steps (e.g. the prior
 * notice issued) and written them to the projection, so the caller's 201 is the workflow's own answer.
 */
export const firstStepsUpdate = defineUpdate<CaseView>('firstSteps');
export const FIRST_STEPS_UPDATE_ID = 'first-steps';

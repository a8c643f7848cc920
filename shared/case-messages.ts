/**
 * Messages every case workflow answers, whatever its type: the calendar changed (running deadlines move), and the
 * case as it stands. Shared by the workflows, the API, the worker and the tests (ARCHITECTURE.md habit 2).
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CaseView } from './cases';
import type { CalendarSnapshot } from './calendar';

export const calendarChangedSignal = defineSignal<[CalendarSnapshot]>('calendarChanged');
export const getCaseQuery = defineQuery<CaseView>('getCase');

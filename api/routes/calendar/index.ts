import type { z } from 'zod';
import { calendarYear, enterCalendarDay, importCalendarYear } from '../../../db/stores/calendar';
import { deadlineMoves } from '../../../db/stores/deadlines';
import { requireComprehensiveSupervisor } from '../../auth';
import { ApiError } from '../../errors';
import { route, type Deps } from '../../http';
import { Arrangement, CalendarDay, CalendarQuery, DateParams, YearParam } from './schema';

/** After a calendar change, a durable workflow tells every running case whose deadlines it may move. */
async function propagateCalendar(deps: Deps, version: number): Promise<void> {
  await deps.temporal.workflow.start('calendarPropagation', {
    workflowId: `calendar-propagation-${version}`,
    taskQueue: deps.taskQueue,
    args: [{ version }],
  });
}

/** Every date of an imported arrangement lies within its year. */
function requireWithinYear(year: number, a: z.infer<typeof Arrangement>): void {
  const fields = (['holidays', 'workdays'] as const).flatMap((list) =>
    a[list].flatMap((date, i) => (date.startsWith(`${year}-`) ? [] : [{ path: `body.${list}.${i}`, message: `${date} is not in ${year}`, code: 'custom' }])),
  );
  if (fields.length) throw new ApiError(400, 'validation_failed', `the request body is not valid: ${fields.map((f) => f.message).join('; ')}`, { fields });
}

export const calendarRoutes = [
  route({
    method: 'get',
    path: '/api/v1/calendar',
    tag: 'calendar',
    summary: 'The working-day calendar of a year: every day, whether it is a working day, and its source (entered, official, provisional)',
    access: 'authenticated',
    query: CalendarQuery,
    responses: { 200: 'the days of the year', 400: 'invalid year', 401: 'no token' },
    async handle({ query, deps }) {
      return { body: await calendarYear(deps.db, query.year) };
    },
  }),

  route({
    method: 'put',
    path: '/api/v1/calendar/{date}',
    tag: 'calendar',
    summary: 'Enter a date as a holiday or a working day; deadlines of running cases that cross it move',
    access: ['supervisor'],
    params: DateParams,
    body: CalendarDay,
    responses: { 200: 'the day and the new calendar version', 400: 'invalid body', 401: 'no token', 403: 'not a comprehensive-department supervisor' },
    async handle({ actor, params, body, deps }) {
      requireComprehensiveSupervisor(actor);
      const version = await enterCalendarDay(deps.db, { date: params.date, workday: body.workday, note: body.note, actor });
      await propagateCalendar(deps, version);
      return { body: { date: params.date, workday: body.workday, note: body.note, source: 'entered', version } };
    },
  }),

  route({
    method: 'put',
    path: '/api/v1/calendar/years/{year}',
    tag: 'calendar',
    summary: "Import a year's published arrangement (holidays and make-up working days) at once; every running deadline over a changed day moves",
    access: ['supervisor'],
    params: YearParam,
    body: Arrangement,
    responses: { 200: 'the new version, the days changed and the deadlines that move', 400: 'a date outside the year, a day both holiday and working day, or an invalid year', 401: 'no token', 403: 'not a comprehensive-department supervisor' },
    async handle({ actor, params, body, deps }) {
      requireComprehensiveSupervisor(actor);
      requireWithinYear(params.year, body);
      const { version, changed } = await importCalendarYear(deps.db, { year: params.year, holidays: [...new Set(body.holidays)], workdays: [...new Set(body.workdays)], source: body.source, actor });
      const moved = await deadlineMoves(deps.db, version);
      await propagateCalendar(deps, version);
      return { body: { year: params.year, version, changedDays: changed, moved } };
    },
  }),
];

import { z } from 'zod';
import { date, text } from '../schemas';
import { appendAudit, auditEventsPage } from '../../db/stores/audit';
import { currentTimeLimits, insertTimeLimits } from '../../db/stores/time-limits';
import { calendarYear, enterCalendarDay, importCalendarYear } from '../../db/stores/calendar';
import { deadlineMoves } from '../../db/stores/deadlines';
import { COMPREHENSIVE_DEPARTMENT, DEPARTMENT_CODES, LIST_FIELD_CODES } from '../../shared/domain';
import { departmentProfiles, updateDepartmentProfile } from '../../db/stores/departments';
import { ApiError, forbidden } from '../errors';
import { route, type Deps } from '../http';
import type { Actor } from '../../shared/cases';

function requireComprehensiveSupervisor(actor: Actor): void {
  if (actor.role !== 'supervisor' || actor.department !== COMPREHENSIVE_DEPARTMENT) {
    throw forbidden('only supervisors of the credit-comprehensive department change reference data');
  }
}

const WorkingDays = z.number().int().min(1).max(60);
const MonthsRange = z.strictObject({ minimumMonths: z.number().int().min(0).max(120), maximumMonths: z.number().int().min(0).max(120) })
  .refine((r) => r.minimumMonths <= r.maximumMonths, { message: 'minimumMonths is more than maximumMonths' });
export const TimeLimitsSchema = z.strictObject({
  reminderPercent: z.number().int().min(1).max(99),
  inclusion: z.strictObject({
    statementWindowWorkingDays: WorkingDays,
    verificationWorkingDays: WorkingDays,
    listTermYears: z.number().int().min(1).max(3),
    listTermYearsByField: z.partialRecord(z.enum(LIST_FIELD_CODES), z.number().int().min(1).max(3)),
    earlyRemovalAfterYears: z.number().int().min(0).max(3),
    reconsiderationDays: z.number().int().min(1).max(365),
    lawsuitMonths: z.number().int().min(1).max(24),
  }),
  publicity: z.strictObject({ general: MonthsRange, serious: MonthsRange }),
  retentionYears: z.number().int().min(0).max(30),
  objection: z.strictObject({ acceptanceWorkingDays: WorkingDays, verificationWorkingDays: WorkingDays, maxExtensionWorkingDays: WorkingDays }),
  revocation: z.strictObject({ notifyWorkingDays: WorkingDays, changeWorkingDays: WorkingDays }),
  repair: z.strictObject({ decisionWorkingDays: WorkingDays, maxExtensionWorkingDays: WorkingDays }),
  agencyNotice: z.strictObject({ acknowledgeWorkingDays: WorkingDays }),
  service: z.strictObject({ announcementDays: z.number().int().min(1).max(90) }),
});

/** After a calendar change, a durable workflow tells every running case whose deadlines it may move. */
async function propagateCalendar(deps: Deps, version: number): Promise<void> {
  await deps.temporal.workflow.start('calendarPropagation', {
    workflowId: `calendar-propagation-${version}`,
    taskQueue: deps.taskQueue,
    args: [{ version }],
  });
}

const Year = z.coerce.number().int().min(1900).max(2199);
const YearParam = z.object({
  year: z.string().regex(/^\d{4}$/, 'a year is four digits, e.g. 2027').transform(Number).pipe(z.number().int().min(1900).max(2199)),
});

/** A year's published arrangement; no day both a holiday and a working day (the year itself is checked by the route). */
const Arrangement = z
  .strictObject({
    holidays: z.array(date()).max(366),
    workdays: z.array(date()).max(366),
    source: z.strictObject({ document: text({ max: 500 }), publishedOn: date() }),
  })
  .superRefine((a, ctx) => {
    const holidays = new Set(a.holidays);
    a.workdays.forEach((date, i) => {
      if (holidays.has(date)) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${date} is both a holiday and a working day` });
    });
  });

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
    query: z.strictObject({ year: Year }),
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
    params: z.object({ date: date() }),
    body: z.strictObject({ workday: z.boolean(), note: text({ max: 200, multiline: true }) }),
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

export const referenceRoutes = [
  route({
    method: 'get',
    path: '/api/v1/departments',
    tag: 'reference data',
    summary: 'Each department: its name as the issuing authority, and the relief its decisions print',
    access: 'authenticated',
    responses: { 200: 'the departments', 401: 'no token' },
    async handle({ deps }) {
      return { body: { items: await departmentProfiles(deps.db) } };
    },
  }),

  route({
    method: 'put',
    path: '/api/v1/departments/{code}',
    tag: 'reference data',
    summary: "A department's issuing name and relief (reconsideration body, or a court's correction procedure); cases started later print them",
    access: ['supervisor'],
    params: z.object({ code: z.enum(DEPARTMENT_CODES) }),
    body: z
      .strictObject({
        name: text({ max: 100, min: 2 }),
        reconsiderationBody: text({ max: 100, min: 2 }).optional(),
        correctionProcedure: text({ max: 1000, min: 2, multiline: true }).optional(),
      })
      .refine((b) => !!b.reconsiderationBody !== !!b.correctionProcedure, { message: 'give either reconsiderationBody or correctionProcedure' }),
    responses: { 200: 'the department', 400: 'invalid body', 401: 'no token', 403: 'not a comprehensive-department supervisor' },
    async handle({ actor, params, body, deps }) {
      requireComprehensiveSupervisor(actor);
      return { body: await updateDepartmentProfile(deps.db, { code: params.code, ...body }, actor) };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/time-limits',
    tag: 'time limits',
    summary: 'The legal time limits in force (DOMAIN.md §3) and their version',
    access: 'authenticated',
    responses: { 200: 'the limits', 401: 'no token' },
    async handle({ deps }) {
      return { body: await currentTimeLimits(deps.db) };
    },
  }),

  route({
    method: 'put',
    path: '/api/v1/time-limits',
    tag: 'time limits',
    summary: 'A new version of the time limits; running cases keep the version they started with',
    access: ['supervisor'],
    body: z.strictObject({ limits: TimeLimitsSchema, note: text({ max: 500, multiline: true }) }),
    idempotent: true,
    responses: { 200: 'the new version', 400: 'invalid limits', 401: 'no token', 403: 'not a comprehensive-department supervisor' },
    async handle({ actor, body, deps }) {
      requireComprehensiveSupervisor(actor);
      return deps.db.transaction(async (trx) => {
        const version = await insertTimeLimits(trx, { limits: body.limits, note: body.note, createdBy: actor.id });
        await appendAudit(trx, [{ actor: actor.id, role: actor.role, action: 'time_limits.changed', after: { version, note: body.note } }]);
        return { body: { version, limits: body.limits } };
      });
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/audit',
    tag: 'audit',
    summary: "Audit events by case, record, subject or actor (a department's supervisors: their department's cases and records)",
    access: ['supervisor'],
    query: z.strictObject({
      caseId: text({ max: 100 }).optional(),
      recordId: z.uuid().optional(),
      subjectId: z.uuid().optional(),
      actor: text({ max: 200 }).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    }),
    responses: { 200: 'a page of audit events', 400: 'invalid filter', 401: 'no token', 403: 'another department' },
    async handle({ actor, query, deps }) {
      const department = actor.department === COMPREHENSIVE_DEPARTMENT ? undefined : actor.department;
      const rows = await auditEventsPage(deps.db, { caseId: query.caseId, recordId: query.recordId, subjectId: query.subjectId, actor: query.actor, department }, { after: query.cursor, limit: query.limit });
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map((e) => ({ id: e.id, at: new Date(e.at).toISOString(), actor: e.actor, role: e.role, action: e.action, caseId: e.case_id ?? undefined, recordId: e.record_id ?? undefined, subjectId: e.subject_id ?? undefined, before: e.before ?? undefined, after: e.after ?? undefined })),
          nextCursor: rows.length > query.limit ? String(page[page.length - 1].id) : null,
        },
      };
    },
  }),
];

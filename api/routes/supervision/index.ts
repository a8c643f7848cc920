import { openIncidents } from '../../../db/stores/incidents';
import { provisionalDeadlines } from '../../../db/stores/deadlines';
import { supervisionItems, supervisionSummary } from '../../../db/stores/supervision';
import { COMPREHENSIVE_DEPARTMENT } from '../../../shared/domain';
import type { Actor } from '../../../shared/cases';
import { forbidden } from '../../errors';
import { route } from '../../http';
import { STUCK_STARTING_MS } from '../../cases/steps';
import { presentAttentionItem, presentIncident, presentProvisionalDeadline } from '../../presenters';
import { encodeCursor } from '../../schemas';
import { DepartmentQuery, OverdueQuery, ProvisionalQuery } from './schema';

/** A supervisor sees their own department; the comprehensive department's supervisors see all (JS Art 19). */
function scope(actor: Actor, requested?: string): string | undefined {
  if (actor.department === COMPREHENSIVE_DEPARTMENT) return requested;
  if (requested && requested !== actor.department) throw forbidden('you supervise your own department');
  return actor.department;
}

/** Lists of deadlines page by (due at, case, deadline): the cursor carries the last of them. */
function afterDeadline(cursor: [string, string] | undefined) {
  if (!cursor) return undefined;
  const [caseId, deadlineId = ''] = cursor[1].split('\n');
  return { dueAt: cursor[0], caseId, deadlineId };
}
const deadlineCursor = (last: { due_at: Date | string; case_id: string; deadline_id: string }) => encodeCursor(last.due_at, `${last.case_id}\n${last.deadline_id}`);

export const supervisionRoutes = [
  route({
    method: 'get',
    path: '/api/v1/supervision/overdue',
    tag: 'supervision',
    summary: "Items near (state=due_soon) or past (state=overdue) their deadline, by due date, with the escalations raised; scoped to the supervisor's department",
    access: ['supervisor'],
    query: OverdueQuery,
    responses: { 200: 'a page of items', 400: 'invalid filter', 401: 'no token', 403: 'another department' },
    async handle({ actor, query, deps }) {
      const department = scope(actor, query.department);
      const rows = await supervisionItems(deps.db, { department, type: query.type, state: query.state, limit: query.limit + 1, after: afterDeadline(query.cursor) });
      const now = Date.now();
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        body: {
          items: page.map((r) => presentAttentionItem(r, now)),
          nextCursor: rows.length > query.limit ? deadlineCursor(last) : null,
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/supervision/summary',
    tag: 'supervision',
    summary: 'Counts of running deadlines per department, type and state; escalations raised and open; overdue agency acknowledgements',
    access: ['supervisor'],
    query: DepartmentQuery,
    responses: { 200: 'the counts', 401: 'no token', 403: 'another department' },
    async handle({ actor, query, deps }) {
      const summary = await supervisionSummary(deps.db, scope(actor, query.department));
      return {
        body: {
          deadlines: summary.deadlines.map((r) => ({ department: r.department, type: r.type, state: r.state, count: Number(r.count) })),
          escalations: summary.escalations.map((r: { department: string; raised: string; open: string }) => ({ department: r.department, raised: Number(r.raised), open: Number(r.open) })),
          agencyNotices: summary.notices ? { overdue: Number(summary.notices.overdue), pending: Number(summary.notices.pending) } : undefined,
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/supervision/incidents',
    tag: 'supervision',
    summary: "Cases whose work is failing: an activity refused for good (data_refused) or failing again and again (failing), or a case stuck before its first step (stuck_starting); with the error, since when, and the case. Scoped to the supervisor's department",
    access: ['supervisor'],
    query: DepartmentQuery,
    responses: { 200: 'the open incidents, newest first', 400: 'invalid filter', 401: 'no token', 403: 'another department' },
    async handle({ actor, query, deps }) {
      const rows = await openIncidents(deps.db, { department: scope(actor, query.department), stuckAfterMs: STUCK_STARTING_MS });
      return {
        body: {
          items: rows.map(presentIncident),
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/supervision/provisional-deadlines',
    tag: 'supervision',
    summary: 'Running deadlines that count over days of a year whose arrangement is not published yet (provisional calendar), by due date',
    access: ['supervisor'],
    query: ProvisionalQuery,
    responses: { 200: 'a page of deadlines', 400: 'invalid filter', 401: 'no token', 403: 'another department' },
    async handle({ actor, query, deps }) {
      const rows = await provisionalDeadlines(deps.db, { department: scope(actor, query.department), limit: query.limit, after: afterDeadline(query.cursor) });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        body: {
          items: page.map(presentProvisionalDeadline),
          nextCursor: rows.length > query.limit ? deadlineCursor(last) : null,
        },
      };
    },
  }),
];

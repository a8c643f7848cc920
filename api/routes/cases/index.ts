import { listCases } from '../../../db/stores/cases';
import { logInquiries } from '../../../db/stores/inquiries';
import { isComprehensiveSupervisor } from '../../auth';
import { forbidden, notFound } from '../../errors';
import { route } from '../../http';
import { presentCase } from '../../presenters';
import { encodeCursor } from '../../schemas';
import { ListCases } from './schema';

export const caseRoutes = [
  route({
    method: 'get',
    path: '/api/v1/cases',
    tag: 'cases',
    summary: "Cases of every type from the projection: an officer's department, a subject's own, everything for the comprehensive department's supervisors; the page is logged as an inquiry into each subject on it (`purpose`)",
    access: ['officer', 'supervisor', 'subject'],
    query: ListCases,
    responses: { 200: 'a page of cases', 400: 'invalid filter', 401: 'no token', 403: 'another department' },
    async handle({ actor, query, deps }) {
      let department = query.department;
      let subjectId = query.subjectId;
      if (actor.role === 'subject') {
        if (subjectId && subjectId !== actor.subjectId) throw notFound('subject');
        subjectId = actor.subjectId;
      } else if (!isComprehensiveSupervisor(actor)) {
        if (department && department !== actor.department) throw forbidden('you see the cases of your own department');
        department = actor.department;
      }
      const rows = await listCases(deps.db, { type: query.type, status: query.status, department, subjectId, overdue: query.overdue === 'true', dueBefore: query.dueBefore }, { limit: query.limit, cursor: query.cursor });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      // Each case on the page names its subject: the page is a read of each of them (JS Art 39).
      await logInquiries(deps.db, actor, page.map((r) => r.subject_id), 'case list', query.purpose);
      return { body: { items: page.map((r) => presentCase(r.view, actor)), nextCursor: rows.length > query.limit ? encodeCursor(last.created_at, last.id) : null } };
    },
  }),
];

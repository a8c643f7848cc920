import { auditEventsPage } from '../../../db/stores/audit';
import { COMPREHENSIVE_DEPARTMENT } from '../../../shared/domain';
import { route } from '../../http';
import { presentAuditEvent } from '../../presenters';
import { AuditQuery } from './schema';

export const auditRoutes = [
  route({
    method: 'get',
    path: '/api/v1/audit',
    tag: 'audit',
    summary: "Audit events by case, record, subject or actor (a department's supervisors: their department's cases and records)",
    access: ['supervisor'],
    query: AuditQuery,
    responses: { 200: 'a page of audit events', 400: 'invalid filter', 401: 'no token', 403: 'another department' },
    async handle({ actor, query, deps }) {
      const department = actor.department === COMPREHENSIVE_DEPARTMENT ? undefined : actor.department;
      const rows = await auditEventsPage(deps.db, { caseId: query.caseId, recordId: query.recordId, subjectId: query.subjectId, actor: query.actor, department }, { after: query.cursor, limit: query.limit });
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map(presentAuditEvent),
          nextCursor: rows.length > query.limit ? String(page[page.length - 1].id) : null,
        },
      };
    },
  }),
];

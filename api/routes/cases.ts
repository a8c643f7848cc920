import { z } from 'zod';
import { CASE_TYPES, DEPARTMENT_CODES } from '../../shared/domain';
import { isComprehensiveSupervisor } from '../auth';
import { forbidden, notFound } from '../errors';
import { route } from '../http';
import { date, encodeCursor, listQuery, purposeQuery, text } from '../schemas';
import { findDocument, listCases } from '../../db/stores/cases';
import { logInquiry } from '../../db/stores/inquiries';
import { assertCaseAccess, presentCase } from '../cases';

const ListCases = z.strictObject({
  type: z.enum(CASE_TYPES).optional(),
  status: text({ max: 40 }).optional(),
  department: z.enum(DEPARTMENT_CODES).optional(),
  subjectId: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  dueBefore: date().optional(),
  ...listQuery(),
});

export const caseRoutes = [
  route({
    method: 'get',
    path: '/api/v1/cases',
    tag: 'cases',
    summary: "Cases of every type from the projection: an officer's department, a subject's own, everything for the comprehensive department's supervisors",
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
        department = actor.department as typeof department;
      }
      const rows = await listCases(deps.db, { type: query.type, status: query.status, department, subjectId, overdue: query.overdue === 'true', dueBefore: query.dueBefore }, { limit: query.limit, cursor: query.cursor });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return { body: { items: page.map((r) => presentCase(r.view, actor)), nextCursor: rows.length > query.limit ? encodeCursor(last.created_at, last.id) : null } };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/documents/{id}',
    tag: 'documents',
    summary: 'A generated document (PDF), byte for byte as generated; its SHA-256 in the ETag',
    access: ['officer', 'supervisor', 'subject', 'agency'],
    params: z.object({ id: z.uuid() }),
    query: z.strictObject(purposeQuery),
    produces: 'application/pdf',
    responses: { 200: 'the PDF', 401: 'no token', 403: 'another department', 404: 'not found' },
    async handle({ actor, params, query, deps }) {
      const doc = await findDocument(deps.db, params.id);
      if (!doc) throw notFound('document');
      if (actor.role === 'agency') {
        if (doc.agency_id !== actor.agencyId) throw notFound('document');
      } else {
        assertCaseAccess(actor, doc);
      }
      const subjectId = doc.subject_id;
      if (subjectId) await logInquiry(deps.db, actor, subjectId, `document ${params.id} (${doc.kind})`, query.purpose);
      return {
        body: doc.content,
        type: 'application/pdf',
        headers: { ETag: `"${doc.sha256}"`, 'Content-Disposition': `inline; filename="${doc.kind}-${params.id}.pdf"` },
      };
    },
  }),
];

import { findDocument } from '../../../db/stores/documents';
import { logInquiry } from '../../../db/stores/inquiries';
import { assertCaseAccess } from '../../cases/access';
import { notFound } from '../../errors';
import { route } from '../../http';
import { DocumentParams, DocumentQuery } from './schema';

export const documentRoutes = [
  route({
    method: 'get',
    path: '/api/v1/documents/{id}',
    tag: 'documents',
    summary: 'A generated document (PDF), byte for byte as generated; its SHA-256 in the ETag',
    access: ['officer', 'supervisor', 'subject', 'agency'],
    params: DocumentParams,
    query: DocumentQuery,
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

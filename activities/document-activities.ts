import { randomUUID } from 'node:crypto';
import type { CaseDocument } from '../shared/cases';
import type { ServiceMethod } from '../shared/domain';
import type { Db } from '../db/knex';
import { composeDocument, renderPdf, sha256, type DocumentRequest } from '../documents';

export interface IssueDocumentInput {
  /** Workflow ID + step: a retried activity returns the document it already stored. */
  key: string;
  caseId: string;
  subjectId?: string;
  department?: string;
  agencyId?: string;
  request: DocumentRequest;
}

export function createDocumentActivities({ db }: { db: Db }) {
  return {
    /** Renders the PDF and stores its bytes and SHA-256; the bytes are served back unchanged. */
    async issueDocument(input: IssueDocumentInput): Promise<CaseDocument> {
      const existing = await db('documents').where({ key: input.key }).first();
      if (!existing) {
        const pdf = await renderPdf(composeDocument(input.request));
        await db('documents')
          .insert({
            id: randomUUID(),
            key: input.key,
            case_id: input.caseId,
            kind: input.request.kind,
            subject_id: input.subjectId ?? null,
            department: input.department ?? null,
            agency_id: input.agencyId ?? null,
            sha256: sha256(pdf),
            content: pdf,
            size: pdf.length,
            created_at: input.request.input.issuedAt,
          })
          .onConflict('key')
          .ignore();
      }
      const row = await db('documents').where({ key: input.key }).first('id', 'kind', 'sha256', 'created_at');
      return { id: row.id, kind: row.kind, sha256: row.sha256, createdAt: new Date(row.created_at).toISOString() };
    },

    async recordService(input: { documentId: string; servedAt: string; method: ServiceMethod }): Promise<void> {
      await db('documents').where({ id: input.documentId }).update({ served_at: input.servedAt, service_method: input.method });
    },

    async recordAcknowledgement(input: { documentId: string; at: string }): Promise<void> {
      await db('documents').where({ id: input.documentId }).whereNull('acknowledged_at').update({ acknowledged_at: input.at });
    },
  };
}

export type DocumentActivities = ReturnType<typeof createDocumentActivities>;

/**
 * Documents issued one activity each: the way cases recorded before "one step, one activity" issue, serve and
 * acknowledge them (their histories replay through these). A case on the current code issues its documents in its
 * step's commit (case-activities.ts `commitStep`).
 */
import { randomUUID } from 'node:crypto';
import type { CaseDocument } from '../shared/cases';
import type { ServiceMethod } from '../shared/domain';
import type { Db } from '../db/knex';
import { recordAcknowledgement, recordService, storeDocuments, storedDocuments } from '../db/stores/documents';
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

/** Renders a document's PDF: its row as stored, under the ID given. */
export async function renderDocument(id: string, input: IssueDocumentInput) {
  const pdf = await renderPdf(composeDocument(input.request));
  const { key, caseId, subjectId, department, agencyId } = input;
  return { id, key, caseId, subjectId, department, agencyId, kind: input.request.kind, pdf, sha256: sha256(pdf), createdAt: input.request.input.issuedAt };
}

export function createDocumentActivities({ db }: { db: Db }) {
  return {
    /** Renders the PDF and stores its bytes and SHA-256; the bytes are served back unchanged. */
    async issueDocument(input: IssueDocumentInput): Promise<CaseDocument> {
      if (!(await storedDocuments(db, [input.key])).has(input.key)) await storeDocuments(db, [await renderDocument(randomUUID(), input)]);
      return (await storedDocuments(db, [input.key])).get(input.key)!;
    },

    async recordService(input: { documentId: string; servedAt: string; method: ServiceMethod }): Promise<void> {
      await recordService(db, input);
    },

    async recordAcknowledgement(input: { documentId: string; at: string }): Promise<void> {
      await recordAcknowledgement(db, input);
    },
  };
}

export type DocumentActivities = ReturnType<typeof createDocumentActivities>;

/**
 * Generated documents (PDFs): stored once per key (workflow ID + step), byte for byte as rendered, and their service
 * and acknowledgement as the case records them.
 */
import type { Knex } from 'knex';
import type { CaseDocument } from '../../shared/cases';
import type { ServiceMethod } from '../../shared/domain';
import type { Db } from '../knex';

export interface DocumentRow {
  id: string;
  key: string;
  caseId: string;
  kind: string;
  subjectId?: string;
  department?: string;
  agencyId?: string;
  pdf: Buffer;
  sha256: string;
  createdAt: string;
}

/** The documents already stored under these keys, by key: a retried step renders nothing twice. */
export async function storedDocuments(db: Db | Knex.Transaction, keys: string[]): Promise<Map<string, CaseDocument>> {
  if (keys.length === 0) return new Map();
  const rows = await db('documents').whereIn('key', keys).select('id', 'key', 'kind', 'sha256', 'created_at');
  return new Map(rows.map((r) => [r.key, { id: r.id, kind: r.kind, sha256: r.sha256, createdAt: new Date(r.created_at).toISOString() }]));
}

/** Stores rendered documents; one already stored under its key is kept as it is. */
export async function storeDocuments(db: Db | Knex.Transaction, rows: DocumentRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db('documents')
    .insert(
      rows.map((d) => ({
        id: d.id,
        key: d.key,
        case_id: d.caseId,
        kind: d.kind,
        subject_id: d.subjectId ?? null,
        department: d.department ?? null,
        agency_id: d.agencyId ?? null,
        sha256: d.sha256,
        content: d.pdf,
        size: d.pdf.length,
        created_at: d.createdAt,
      })),
    )
    .onConflict('key')
    .ignore();
}

export async function recordService(db: Db, input: { documentId: string; servedAt: string; method: ServiceMethod }): Promise<void> {
  await db('documents').where({ id: input.documentId }).update({ served_at: input.servedAt, service_method: input.method });
}

export async function recordAcknowledgement(db: Db, input: { documentId: string; at: string }): Promise<void> {
  await db('documents').where({ id: input.documentId }).whereNull('acknowledged_at').update({ acknowledged_at: input.at });
}

/** Service and acknowledgement of a case's documents as the case holds them (a step writes them with its projection). */
export async function recordDocumentStates(trx: Knex.Transaction, caseId: string, documents: CaseDocument[]): Promise<void> {
  const changed = documents
    .filter((d) => d.servedAt || d.acknowledgedAt)
    .map((d) => ({ id: d.id, served_at: d.servedAt ?? null, method: d.serviceMethod ?? null, acknowledged_at: d.acknowledgedAt ?? null }));
  if (changed.length === 0) return;
  await trx.raw(
    `UPDATE documents d
        SET served_at = COALESCE(x.served_at, d.served_at),
            service_method = COALESCE(x.method, d.service_method),
            acknowledged_at = COALESCE(d.acknowledged_at, x.acknowledged_at)
       FROM jsonb_to_recordset(?::jsonb) AS x(id uuid, served_at timestamptz, method text, acknowledged_at timestamptz)
      WHERE d.id = x.id AND d.case_id = ?
        AND (d.served_at IS DISTINCT FROM x.served_at AND x.served_at IS NOT NULL OR d.acknowledged_at IS NULL AND x.acknowledged_at IS NOT NULL)`,
    [JSON.stringify(changed), caseId],
  );
}

/** A document as a reader asks for it: its bytes, and what decides who may read it. */
export interface ReadableDocument {
  kind: string;
  sha256: string;
  content: Buffer;
  /** Whom the document is about and who may read it: its case's, or its own for a document without a case (an agency's notice). */
  subject_id: string | null;
  department: string | null;
  agency_id: string | null;
}

/** A generated document with what decides who may read it. */
export async function findDocument(db: Db, id: string): Promise<ReadableDocument | undefined> {
  const doc = await db('documents as d').leftJoin('cases as c', 'c.id', 'd.case_id').where('d.id', id)
    .first('d.kind', 'd.sha256', 'd.content', 'd.subject_id', 'd.agency_id', 'd.department', 'c.department as case_department', 'c.subject_id as case_subject');
  if (!doc) return undefined;
  return { kind: doc.kind, sha256: doc.sha256, content: doc.content, agency_id: doc.agency_id, department: doc.case_department ?? doc.department, subject_id: doc.case_subject ?? doc.subject_id };
}

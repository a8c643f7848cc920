import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { BasisKind, RecordCategory, RecordState, Severity } from '../../shared/domain';
import type { Db } from '../knex';

export interface CreditRecordRow {
  id: string;
  subject_id: string;
  category: RecordCategory;
  severity: Severity | null;
  catalogue_item: string;
  department: string;
  basis_kind: BasisKind;
  basis_number: string;
  basis_effective_on: string;
  basis_issuer: string;
  content: string;
  sensitive: boolean;
  consent_document: string | null;
  legal_basis: string | null;
  publicity_start: string | null;
  minimum_publicity_end: string | null;
  publicity_end: string | null;
  retention_end: string | null;
  state: RecordState;
  source_case_id: string | null;
  marks_record_id: string | null;
  recorded_by: string;
  created_at: Date;
  updated_at: Date;
}

export type NewCreditRecord = Omit<CreditRecordRow, 'id' | 'state' | 'source_case_id' | 'marks_record_id' | 'created_at' | 'updated_at'>;

export async function insertCreditRecord(trx: Knex.Transaction, record: NewCreditRecord): Promise<CreditRecordRow> {
  const [row] = await trx('credit_records').insert({ id: randomUUID(), state: 'active', ...record }).returning('*');
  return row;
}

export async function findCreditRecord(db: Db | Knex.Transaction, id: string): Promise<CreditRecordRow | undefined> {
  return db('credit_records').where({ id }).first();
}

/** The record, locked for the caller's transaction; `undefined` when there is none. */
export async function lockCreditRecord(trx: Knex.Transaction, id: string): Promise<CreditRecordRow | undefined> {
  return trx('credit_records').where({ id }).forUpdate().first();
}

/** The history row of a case's change of the record (`undefined` when the case has not made it). */
export async function findRecordChange(
  db: Db | Knex.Transaction,
  a: { caseId: string; recordId: string; change: string },
): Promise<{ before: unknown; after: unknown } | undefined> {
  return db('credit_record_history').where({ case_id: a.caseId, record_id: a.recordId, change: a.change }).first('before', 'after');
}

export async function recordHistory(db: Db, recordId: string) {
  return db('credit_record_history').where({ record_id: recordId }).orderBy('id');
}

/** A record as the API shows it. Sensitive content (JS Art 62) only to the subject itself. */
export function presentRecord(r: CreditRecordRow, opts: { showSensitive: boolean }) {
  return {
    id: r.id,
    subjectId: r.subject_id,
    category: r.category,
    severity: r.severity ?? undefined,
    catalogueItem: r.catalogue_item,
    department: r.department,
    basis: { kind: r.basis_kind, number: r.basis_number, effectiveOn: r.basis_effective_on, issuer: r.basis_issuer },
    content: r.sensitive && !opts.showSensitive ? undefined : r.content,
    sensitive: r.sensitive,
    legalBasis: r.legal_basis ?? undefined,
    publicityStart: r.publicity_start ?? undefined,
    minimumPublicityEnd: r.minimum_publicity_end ?? undefined,
    publicityEnd: r.publicity_end ?? undefined,
    retentionEnd: r.retention_end ?? undefined,
    state: r.state,
    sourceCaseId: r.source_case_id ?? undefined,
    marksRecordId: r.marks_record_id ?? undefined,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

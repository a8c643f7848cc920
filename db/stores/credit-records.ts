import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { BasisKind, Department, RecordCategory, RecordState, Severity } from '../../shared/domain';
import type { Db } from '../knex';

export interface CreditRecordRow {
  id: string;
  subject_id: string;
  category: RecordCategory;
  severity: Severity | null;
  catalogue_item: string;
  department: Department;
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

/** What others than the subject no longer see (JS Art 41). */
const ENDED_STATES = ['retention_ended', 'deleted'];

/** A page of a subject's records by ID, after `after`; one more than `limit` tells there is a next page. */
export async function subjectRecordsPage(db: Db, subjectId: string, page: { withEnded: boolean; after?: string; limit: number }): Promise<CreditRecordRow[]> {
  return db('credit_records')
    .where({ subject_id: subjectId })
    .modify((q) => {
      if (!page.withEnded) q.whereNotIn('state', ENDED_STATES);
      if (page.after) q.where('id', '>', page.after);
    })
    .orderBy('id')
    .limit(page.limit + 1);
}

/** A subject's records, oldest first, as a file shows them: without the ended ones for others, of some categories only. */
export async function recordsOfSubject(db: Db, subjectId: string, scope: { withEnded: boolean; categories: 'all' | RecordCategory[] }): Promise<CreditRecordRow[]> {
  return db('credit_records')
    .where({ subject_id: subjectId })
    .modify((q) => {
      if (!scope.withEnded) q.whereNotIn('state', ENDED_STATES);
      if (scope.categories !== 'all') q.whereIn('category', scope.categories);
    })
    .orderBy('created_at');
}

/** Every change of every record of a subject, in order. */
export async function recordHistoryOfSubject(db: Db, subjectId: string) {
  return db('credit_record_history as h').join('credit_records as r', 'r.id', 'h.record_id').where('r.subject_id', subjectId).select('h.*').orderBy('h.id');
}

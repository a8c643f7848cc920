/** Credit reports issued to subjects: the verification code printed on each, kept with the report's SHA-256. */
import type { Db } from '../knex';
import type { SubjectRow } from './subjects';

export async function insertCreditReport(db: Db, r: { code: string; subjectId: string; issuedAt: string; sha256: string; size: number }): Promise<void> {
  await db('credit_reports').insert({ code: r.code, subject_id: r.subjectId, issued_at: r.issuedAt, sha256: r.sha256, size: r.size });
}

export async function findCreditReport(db: Db, code: string) {
  return db('credit_reports as c').join('subjects as s', 's.id', 'c.subject_id').where('c.code', code)
    .first('c.code', 'c.issued_at', 'c.sha256', 'c.size', 's.kind', 's.name', 's.identifier_type', 's.identifier_value') as Promise<
    (Pick<SubjectRow, 'kind' | 'name' | 'identifier_type' | 'identifier_value'> & { code: string; issued_at: Date; sha256: string; size: number }) | undefined
  >;
}

/**
 * A subject's authorisations to read its file (JS Art 39 "authorised inquiry", 62(3)): who, which records, whether
 * consent-only information too, until when; revoked by the subject.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { RecordCategory } from '../../shared/domain';
import type { Db } from '../knex';

export type GranteeType = 'agency' | 'person';

export interface AuthorisationRow {
  id: string;
  subject_id: string;
  grantee_type: GranteeType;
  grantee_id: string;
  records: 'all' | RecordCategory[];
  consent_only: boolean;
  until: Date;
  granted_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

export async function insertAuthorisation(trx: Knex.Transaction, a: Omit<AuthorisationRow, 'id' | 'created_at' | 'revoked_at'>): Promise<AuthorisationRow> {
  const [row] = await trx('authorisations').insert({ id: randomUUID(), ...a, records: JSON.stringify(a.records) }).returning('*');
  return row;
}

export async function authorisationsOf(db: Db, subjectId: string): Promise<AuthorisationRow[]> {
  return db('authorisations').where({ subject_id: subjectId }).orderBy('created_at', 'desc');
}

/** Revokes the subject's own authorisation (a second revocation changes nothing); undefined when it is not the subject's. */
export async function revokeAuthorisation(trx: Knex.Transaction, id: string, subjectId: string): Promise<{ row: AuthorisationRow; changed: boolean } | undefined> {
  const row: AuthorisationRow | undefined = await trx('authorisations').where({ id, subject_id: subjectId }).forUpdate().first();
  if (!row) return undefined;
  if (row.revoked_at) return { row, changed: false };
  const [revoked] = await trx('authorisations').where({ id }).update({ revoked_at: trx.fn.now() }).returning('*');
  return { row: revoked, changed: true };
}

/** The grantee's authorisation in force now to read the subject's file (the latest, if several). */
export async function authorisationInForce(db: Db, subjectId: string, grantee: { type: GranteeType; id: string }): Promise<AuthorisationRow | undefined> {
  return db('authorisations')
    .where({ subject_id: subjectId, grantee_type: grantee.type, grantee_id: grantee.id })
    .whereNull('revoked_at')
    .where('until', '>', db.fn.now())
    .orderBy('created_at', 'desc')
    .first();
}

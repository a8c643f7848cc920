import type { Actor } from '../../shared/cases';
import type { Db } from '../knex';

/** JS Art 39: every read of a subject's file by anyone but the subject is recorded. */
export async function logInquiry(db: Db, actor: Actor, subjectId: string, what: string, purpose: string = 'official duties'): Promise<void> {
  if (actor.role === 'subject' && actor.subjectId === subjectId) return;
  await db('inquiry_log').insert({ actor: actor.id, role: actor.role, department: actor.department ?? null, subject_id: subjectId, purpose, what });
}

/** The inquiries into a subject's file, oldest first (the subject sees who read it and why). */
export async function inquiriesInto(db: Db, subjectId: string) {
  return db('inquiry_log').where({ subject_id: subjectId }).orderBy('at');
}

import type { Actor } from '../../shared/cases';
import type { Db } from '../knex';

/** JS Art 39: every read of a subject's file by anyone but the subject is recorded. */
export async function logInquiry(db: Db, actor: Actor, subjectId: string, what: string, purpose?: string): Promise<void> {
  await logInquiries(db, actor, [subjectId], what, purpose);
}

/** A read that shows several subjects at once (a page of a list) is one inquiry into each, written together. */
export async function logInquiries(db: Db, actor: Actor, subjectIds: string[], what: string, purpose: string = 'official duties'): Promise<void> {
  const others = [...new Set(subjectIds)].filter((id) => !(actor.role === 'subject' && actor.subjectId === id));
  if (others.length === 0) return;
  await db('inquiry_log').insert(others.map((subjectId) => ({ actor: actor.id, role: actor.role, department: actor.department ?? null, subject_id: subjectId, purpose, what })));
}

/** The inquiries into a subject's file, oldest first (the subject sees who read it and why). */
export async function inquiriesInto(db: Db, subjectId: string) {
  return db('inquiry_log').where({ subject_id: subjectId }).orderBy('at');
}

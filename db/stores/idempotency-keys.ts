/**
 * Idempotency-Key claims (API.md conventions): one row per caller and key, holding the request's hash and, once
 * answered, the first answer a retry gets back.
 */
import type { Db } from '../knex';

export interface IdempotencyClaim {
  actor: string;
  key: string;
}

export interface IdempotencyKeyRow {
  request_hash: string;
  status: number | null;
  response: unknown;
  response_headers: Record<string, string> | null;
}

export interface StoredAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const claimOf = (db: Db, c: IdempotencyClaim) => db('idempotency_keys').where({ actor: c.actor, key: c.key });

/** A key older than its time to live is forgotten: using it again is a new request. */
export async function forgetExpiredIdempotencyKey(db: Db, c: IdempotencyClaim, createdBefore: Date): Promise<void> {
  await claimOf(db, c).where('created_at', '<', createdBefore).delete();
}

/** Claims the key for this request; false when it is claimed already (by this request's first attempt or another). */
export async function claimIdempotencyKey(db: Db, c: IdempotencyClaim & { route: string; requestHash: string }): Promise<boolean> {
  const claimed = await db('idempotency_keys')
    .insert({ actor: c.actor, key: c.key, route: c.route, request_hash: c.requestHash })
    .onConflict(['actor', 'key'])
    .ignore()
    .returning('key');
  return claimed.length > 0;
}

export async function findIdempotencyKey(db: Db, c: IdempotencyClaim): Promise<IdempotencyKeyRow | undefined> {
  return claimOf(db, c).first();
}

/** Frees a claim whose request never answered (its API process died) since before `claimedBefore`; true if it did. */
export async function releaseAbandonedIdempotencyKey(db: Db, c: IdempotencyClaim, claimedBefore: Date): Promise<boolean> {
  return (await claimOf(db, c).whereNull('status').where('created_at', '<', claimedBefore).delete()) > 0;
}

/** Keeps the first answer for the retries. */
export async function recordIdempotentAnswer(db: Db, c: IdempotencyClaim, answer: StoredAnswer): Promise<void> {
  await claimOf(db, c).update({
    status: answer.status,
    response: JSON.stringify(answer.body),
    response_headers: answer.headers && Object.keys(answer.headers).length ? JSON.stringify(answer.headers) : null,
  });
}

/** A refused request wrote nothing: its unanswered claim goes, so a corrected retry may use the key. */
export async function releaseIdempotencyKey(db: Db, c: IdempotencyClaim): Promise<void> {
  await claimOf(db, c).whereNull('status').delete();
}

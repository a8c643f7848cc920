/**
 * Idempotency-Key (API.md conventions) as a Koa middleware of the routes that create: the same key and body give
 * back the first answer (status, body, Location); the same key with another body is refused. Bodies are compared
 * canonically (the order of keys does not matter). Keys expire after their time to live.
 */
import stableStringify from 'fast-json-stable-stringify';
import type { Middleware } from 'koa';
import { createHash } from 'node:crypto';
import type { Db } from '../db';
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  forgetExpiredIdempotencyKey,
  recordIdempotentAnswer,
  releaseAbandonedIdempotencyKey,
  releaseIdempotencyKey,
} from '../db/stores/idempotency-keys';
import type { Actor } from '../shared/cases';
import { ApiError, refusal } from './errors';

const ABANDONED_AFTER_MS = 60_000;
export const DEFAULT_IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;
/** Headers of the first answer that a replay gives back too. */
const REPLAYED_HEADERS = ['Location', 'Content-Location', 'ETag'];

const inProgress = () => new ApiError(409, 'request_in_progress', 'a request with this Idempotency-Key is still being processed');

/**
 * Runs after authentication (`ctx.state.actor`) and validation; the handler finds the key in
 * `ctx.state.idempotencyKey` (a case started under it has an ID derived from it).
 */
export function idempotency(deps: { db: Db; idempotencyKeyTtlMs?: number }): Middleware {
  return async (ctx, next) => {
    const key = ctx.get('Idempotency-Key');
    if (!key) return next();
    if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) throw new ApiError(400, 'validation_failed', 'Idempotency-Key must be at most 200 visible ASCII characters');
    const actor: Actor = ctx.state.actor;
    const claim = { actor: actor.id, key };
    const route = `${ctx.method} ${ctx.path}`;
    const requestHash = createHash('sha256').update(`${route}\n${stableStringify((ctx.request as { body?: unknown }).body ?? null)}`).digest('hex');
    await forgetExpiredIdempotencyKey(deps.db, claim, new Date(Date.now() - (deps.idempotencyKeyTtlMs ?? DEFAULT_IDEMPOTENCY_KEY_TTL_MS)));
    if (!(await claimIdempotencyKey(deps.db, { ...claim, route, requestHash }))) {
      const first = (await findIdempotencyKey(deps.db, claim))!;
      if (first.request_hash !== requestHash) throw refusal('idempotency_key_reused', 'this Idempotency-Key was used with another request');
      if (first.status !== null) {
        ctx.status = first.status;
        for (const [name, value] of Object.entries(first.response_headers ?? {})) ctx.set(name, value);
        ctx.body = first.response;
        return;
      }
      // A first attempt that never answered (its API process died) is taken over: the handlers are written to be
      // run again.
      if (!(await releaseAbandonedIdempotencyKey(deps.db, claim, new Date(Date.now() - ABANDONED_AFTER_MS)))) throw inProgress();
      if (!(await claimIdempotencyKey(deps.db, { ...claim, route, requestHash }))) throw inProgress();
    }
    ctx.state.idempotencyKey = key;
    try {
      await next();
    } catch (err) {
      await releaseIdempotencyKey(deps.db, claim);
      throw err;
    }
    const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((name) => (ctx.response.get(name) ? [[name, ctx.response.get(name)]] : [])));
    await recordIdempotentAnswer(deps.db, claim, { status: ctx.status, body: ctx.body, headers });
  };
}

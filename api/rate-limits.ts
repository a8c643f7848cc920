/**
 * Per-client rate limits on the public and list-check endpoints, counted in PostgreSQL (`db/stores/rate-limits.ts`)
 * so that every API copy shares them. Answers carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
 * (seconds); a refused request is a 429 with `Retry-After`. If PostgreSQL cannot be reached, each copy counts in
 * memory meanwhile.
 */
import type { Context } from 'koa';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db';
import { rateLimitCounter } from '../db/stores/rate-limits';
import { ApiError } from './errors';

export interface RateLimit {
  points: number;
  durationSeconds: number;
}

/** `public`: per client address; `list_checks`: per caller. */
export interface RateLimits {
  public: RateLimit;
  listChecks: RateLimit;
}

export type RateLimitName = 'public' | 'list_checks';

export type RateLimiters = Record<RateLimitName, (ctx: Context, caller: string) => Promise<void>>;

function limiter(db: Db, name: RateLimitName, limit: RateLimit) {
  const store = rateLimitCounter(db, { keyPrefix: name, points: limit.points, duration: limit.durationSeconds });
  const headers = (ctx: Context, res: RateLimiterRes) => {
    ctx.set('RateLimit-Limit', String(limit.points));
    ctx.set('RateLimit-Remaining', String(Math.max(0, res.remainingPoints)));
    ctx.set('RateLimit-Reset', String(Math.ceil(res.msBeforeNext / 1000)));
  };
  return async (ctx: Context, caller: string) => {
    try {
      headers(ctx, await store.consume(caller));
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      headers(ctx, res);
      const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      ctx.set('Retry-After', String(retryAfter));
      throw new ApiError(429, 'rate_limited', `too many requests: at most ${limit.points} in ${limit.durationSeconds} s; retry after ${retryAfter} s`, { retryAfterSeconds: retryAfter });
    }
  };
}

export function createRateLimiters(db: Db, limits: RateLimits): RateLimiters {
  return { public: limiter(db, 'public', limits.public), list_checks: limiter(db, 'list_checks', limits.listChecks) };
}

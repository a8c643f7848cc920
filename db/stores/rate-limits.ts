/** The rate limits' counters, in the `rate_limits` table (rate-limiter-flexible), so every API copy shares them. */
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { Db } from '../knex';

/** Counts `points` per `duration` seconds per key under `keyPrefix`; if PostgreSQL cannot be reached, in memory meanwhile. */
export function rateLimitCounter(db: Db, options: { keyPrefix: string; points: number; duration: number }): RateLimiterPostgres {
  return new RateLimiterPostgres({
    ...options,
    storeClient: db,
    storeType: 'knex',
    tableName: 'rate_limits',
    tableCreated: true, // by the migration: the application role may not create tables
    clearExpiredByTimeout: false,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

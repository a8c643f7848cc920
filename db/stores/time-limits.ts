import type { TimeLimits, VersionedTimeLimits } from '../../shared/time-limits';
import type { Db } from '../knex';

export async function currentTimeLimits(db: Db): Promise<VersionedTimeLimits> {
  const row = await db('time_limits').orderBy('version', 'desc').first();
  if (!row) throw new Error('time_limits is empty: run the migrations');
  return { version: row.version, limits: row.limits as TimeLimits };
}

import type { TimeLimits, VersionedTimeLimits } from '../../shared/time-limits';
import type { Db } from '../knex';
import type { Trx } from '..';

export async function currentTimeLimits(db: Db): Promise<VersionedTimeLimits> {
  const row = await db('time_limits').orderBy('version', 'desc').first();
  if (!row) throw new Error('time_limits is empty: run the migrations');
  return { version: row.version, limits: row.limits as TimeLimits };
}

/** A new version of the time limits (running cases keep theirs); returns its number. */
export async function insertTimeLimits(db: Trx, v: { limits: TimeLimits; note: string; createdBy: string }): Promise<number> {
  const [{ version }] = await db('time_limits').insert({ limits: JSON.stringify(v.limits), note: v.note, created_by: v.createdBy }).returning('version');
  return version;
}

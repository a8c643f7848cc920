import type { TimeLimits, VersionedTimeLimits } from '../../shared/time-limits';
import type { Db } from '../knex';
import { appendAudit } from './audit';

export async function currentTimeLimits(db: Db): Promise<VersionedTimeLimits> {
  const row = await db('time_limits').orderBy('version', 'desc').first();
  if (!row) throw new Error('time_limits is empty: run the migrations');
  return { version: row.version, limits: row.limits as TimeLimits };
}

/** A new version of the time limits (running cases keep theirs), audited with it; returns its number. */
export async function newTimeLimitsVersion(db: Db, v: { limits: TimeLimits; note: string }, actor: { id: string; role: string }): Promise<number> {
  return db.transaction(async (trx) => {
    const [{ version }] = await trx('time_limits').insert({ limits: JSON.stringify(v.limits), note: v.note, created_by: actor.id }).returning('version');
    await appendAudit(trx, [{ actor: actor.id, role: actor.role, action: 'time_limits.changed', after: { version, note: v.note } }]);
    return version;
  });
}

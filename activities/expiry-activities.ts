/**
 * The expiry sweep's unit of work (DOMAIN.md §4.5): one batch, one transaction. Rows are selected with
 * FOR UPDATE SKIP LOCKED, changed set-based with their history and audit, and every registered agency gets a
 * stop-use notice for each record, all committed together; the states make a rerun change nothing twice.
 */
import type { IsoDate } from '../shared/calendar';
import { type SweepBatchInput, agencyNoticeDueAt } from '../shared/expiry';
import type { Db } from '../db/knex';
import { createAgencyNotices } from '../db/stores/agency-notices';
import { loadCalendarSnapshot } from '../db/stores/calendar';
import { endExpiredRetention, removeEndedListEntries, stopExpiredPublicity } from '../db/stores/record-states';
import { currentTimeLimits } from '../db/stores/time-limits';

export function createExpiryActivities({ db }: { db: Db }) {
  async function noticeDueAt(today: IsoDate): Promise<string> {
    const [calendar, timeLimits] = await Promise.all([loadCalendarSnapshot(db), currentTimeLimits(db)]);
    return agencyNoticeDueAt(today, calendar, timeLimits.limits);
  }

  return {
    /** Returns how many records (for `list_term`: list entries) this batch changed; 0 when nothing is left. */
    async sweepBatch({ today, kind, batchSize }: SweepBatchInput): Promise<number> {
      const dueAt = await noticeDueAt(today);
      return db.transaction(async (trx) => {
        if (kind === 'list_term') {
          const { entries, records } = await removeEndedListEntries(trx, { today, limit: batchSize });
          await createAgencyNotices(trx, { records, reason: 'publicity_ended', effectiveOn: today, dueAt });
          return entries.length;
        }
        const changed =
          kind === 'publicity'
            ? await stopExpiredPublicity(trx, { today, limit: batchSize })
            : await endExpiredRetention(trx, { today, limit: batchSize });
        await createAgencyNotices(trx, { records: changed, reason: kind === 'publicity' ? 'publicity_ended' : 'retention_ended', effectiveOn: today, dueAt });
        return changed.length;
      });
    },
  };
}

export type ExpiryActivities = ReturnType<typeof createExpiryActivities>;

/**
 * The expiry sweep's unit of work (DOMAIN.md §4.5): one batch, one transaction. Rows are selected with
 * FOR UPDATE SKIP LOCKED, changed set-based with their history and audit, and every registered agency gets a
 * stop-use notice for each record, all committed together; the states make a rerun change nothing twice.
 */
import type { SweepBatchInput } from '../shared/expiry';
import type { Db } from '../db/knex';
import { notifyAgencies } from '../db/stores/agency-notices';
import { endExpiredRetention, removeEndedListEntries, stopExpiredPublicity } from '../db/stores/record-states';

export function createExpiryActivities({ db }: { db: Db }) {
  return {
    /** Returns how many records (for `list_term`: list entries) this batch changed; 0 when nothing is left. */
    async sweepBatch({ today, kind, batchSize }: SweepBatchInput): Promise<number> {
      return db.transaction(async (trx) => {
        if (kind === 'list_term') {
          const { entries, records } = await removeEndedListEntries(trx, { today, limit: batchSize });
          await notifyAgencies(trx, { records, reason: 'publicity_ended', on: today });
          return entries.length;
        }
        const changed =
          kind === 'publicity'
            ? await stopExpiredPublicity(trx, { today, limit: batchSize })
            : await endExpiredRetention(trx, { today, limit: batchSize });
        await notifyAgencies(trx, { records: changed, reason: kind === 'publicity' ? 'publicity_ended' : 'retention_ended', on: today });
        return changed.length;
      });
    },
  };
}

export type ExpiryActivities = ReturnType<typeof createExpiryActivities>;

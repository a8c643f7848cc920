/**
 * The expiry sweep's unit of work (DOMAIN.md §4.5): one batch, one transaction. Rows are selected with
 * FOR UPDATE SKIP LOCKED, changed set-based with their history and audit, and every registered agency gets a
 * stop-use notice for each record, all committed together; the states make a rerun change nothing twice.
 */
import type { SweepBatchInput } from '../shared/expiry';
import type { Db } from '../db/knex';
import { endExpiredRetention, removeEndedListEntries, stopExpiredPublicity } from '../db/stores/record-states';

export function createExpiryActivities({ db }: { db: Db }) {
  return {
    /** Returns how many records (for `list_term`: list entries) this batch changed; 0 when nothing is left. */
    async sweepBatch({ today, kind, batchSize }: SweepBatchInput): Promise<number> {
      return db.transaction(async (trx) => {
        const limit = { today, limit: batchSize };
        if (kind === 'list_term') return (await removeEndedListEntries(trx, limit)).entries.length;
        return (kind === 'publicity' ? await stopExpiredPublicity(trx, limit) : await endExpiredRetention(trx, limit)).length;
      });
    },
  };
}

export type ExpiryActivities = ReturnType<typeof createExpiryActivities>;

import type { IsoDate } from '../shared/calendar';
import type { RemovalReason } from '../shared/inclusion';
import type { Db } from '../db/knex';
import { createListEntry, removeListEntry, type ListEntryCreated, type ListEntryInput } from '../db/stores/list-entries';

export type { ListEntryInput, MarkedPerson } from '../db/stores/list-entries';

export function createInclusionActivities({ db }: { db: Db }) {
  return {
    /**
     * Once the decision is served: the list entry, a `serious` dishonest record publicised for the term, and
     * (JS Art 32) a marking record on each responsible person of an organisation, all in one transaction.
     * Keyed by the case: a retry finds what the first attempt wrote.
     */
    async createListEntry(input: ListEntryInput): Promise<ListEntryCreated> {
      return db.transaction((trx) => createListEntry(trx, input));
    },

    /** The entry leaves the list; its record and the marks stop being publicised, and every agency is told (JS Art 67). */
    async removeListEntry(input: { caseId: string; removedOn: IsoDate; reason: RemovalReason; actor: string }): Promise<void> {
      await db.transaction((trx) => removeListEntry(trx, input));
    },
  };
}

export type InclusionActivities = ReturnType<typeof createInclusionActivities>;

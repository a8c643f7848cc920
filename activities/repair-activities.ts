/** Credit repair's effects on the record (DOMAIN.md §4.4; JS Art 66, 67). */
import type { IsoDate } from '../shared/calendar';
import type { TimeLimits } from '../shared/time-limits';
import { agencyNoticeDueAt } from '../shared/expiry';
import type { Db } from '../db/knex';
import { countAgencyNotices } from '../db/stores/agency-notices';
import { loadCalendarSnapshot } from '../db/stores/calendar';
import { stopPublicityByRepair } from '../db/stores/record-states';
import { openListEntryCases } from '../db/stores/repairs';

export interface GrantRepairInput {
  caseId: string;
  recordId: string;
  on: IsoDate;
  actor: string;
  role: string;
  /** The case's own time limits (each case keeps the version it started with). */
  limits: TimeLimits;
}

export function createRepairActivities({ db }: { db: Db }) {
  return {
    /**
     * Granted: the record stops being publicised and shared, and every registered agency is told to stop using
     * it, in one transaction. Returns the inclusion cases whose list entry rests on the record, for the workflow
     * to ask for early removal. A retry finds the record already stopped and creates nothing twice.
     */
    async grantRepair(input: GrantRepairInput): Promise<{ listEntryCaseIds: string[]; agencyNotices: number }> {
      const dueAt = agencyNoticeDueAt(input.on, await loadCalendarSnapshot(db), input.limits);
      return db.transaction(async (trx) => {
        await stopPublicityByRepair(trx, { recordId: input.recordId, on: input.on, caseId: input.caseId, actor: input.actor, role: input.role, dueAt });
        const agencyNotices = await countAgencyNotices(trx, { recordId: input.recordId, reason: 'repaired' });
        return { listEntryCaseIds: await openListEntryCases(trx, input.recordId), agencyNotices };
      });
    },
  };
}

export type RepairActivities = ReturnType<typeof createRepairActivities>;

/** Registering credit service agencies (JS Art 52): the agency and its audit event in one transaction; a known code is refused. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db';
import { findAgencyByUscc, insertAgency } from '../../db/stores/agency-notices';
import { appendAudit } from '../../db/stores/audit';
import type { Actor } from '../../shared/cases';
import { refusal } from '../errors';
import { presentAgency } from '../presenters';

export function createAgencyService({ db }: { db: Db }) {
  return {
    async register(actor: Actor, a: { name: string; uscc: string }) {
      return db.transaction(async (trx) => {
        const agency = await insertAgency(trx, { id: randomUUID(), ...a });
        if (!agency) {
          const existing = await findAgencyByUscc(trx, a.uscc);
          throw refusal('duplicate_agency', 'an agency with this code is already registered', { id: existing?.id });
        }
        const presented = presentAgency(agency);
        await appendAudit(trx, [{ actor: actor.id, role: actor.role, action: 'agency.registered', after: presented }]);
        return presented;
      });
    },
  };
}

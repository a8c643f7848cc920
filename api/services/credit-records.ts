/** Recording credit information (DOMAIN.md §4): the record and its audit event, screened for JS Art 62, in one transaction. */
import type { Db } from '../../db';
import { appendAudit } from '../../db/stores/audit';
import { insertCreditRecord, type NewCreditRecord } from '../../db/stores/credit-records';
import { findSubject } from '../../db/stores/subjects';
import type { ActorOf } from '../../shared/cases';
import type { NotPersonalAttributes } from '../../shared/personal-information';
import { notFound } from '../errors';
import { confirmationAudit, screenOrRefuse } from '../personal-information';
import { presentRecord } from '../presenters';

export function createCreditRecordService({ db }: { db: Db }) {
  return {
    /**
     * A record for the actor's department about a registered subject; its content is refused with what JS Art 62
     * forbids unless the officer confirmed the phrases are not about the person (audited with it).
     */
    async record(actor: ActorOf<'officer' | 'supervisor'>, r: Omit<NewCreditRecord, 'department' | 'recorded_by'>, confirmation?: NotPersonalAttributes) {
      return db.transaction(async (trx) => {
        const subject = await findSubject(trx, r.subject_id);
        if (!subject) throw notFound('subject');
        const confirmed = screenOrRefuse([{ field: 'content', text: r.content }], subject.kind, r.sensitive ? 'shielded' : 'consentable', confirmation);
        const record = await insertCreditRecord(trx, { ...r, department: actor.department, recorded_by: actor.id });
        const presented = presentRecord(record, { showSensitive: false });
        await appendAudit(trx, [
          { actor: actor.id, role: actor.role, action: 'credit_record.recorded', recordId: record.id, subjectId: record.subject_id, after: presented },
          ...confirmationAudit(actor, confirmed, confirmation, { recordId: record.id, subjectId: record.subject_id }),
        ]);
        return presented;
      });
    },
  };
}

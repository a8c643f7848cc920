import { randomUUID } from 'node:crypto';
import type { IsoDate } from '../shared/calendar';
import type { IdentifierType, ListField, Measure } from '../shared/domain';
import type { BasisDocumentRef, RemovalReason } from '../shared/inclusion';
import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { responsiblePersons } from '../db/stores/subjects';
import { notifyAgencies, type AgencyNoticeReason } from '../db/stores/agency-notices';
import { removeListEntry } from '../db/stores/list-entries';
import { appendAudit } from '../db/stores/audit';

export interface ListEntryInput {
  caseId: string;
  subjectId: string;
  department: string;
  handler: string;
  field: ListField;
  measures: Measure[];
  basis: BasisDocumentRef;
  facts: string;
  includedOn: IsoDate;
  removalDueOn: IsoDate;
  /** Repair is possible from the day after (the list's early-removal time): the entry's record and its marks alike. */
  minimumPublicityEnd?: IsoDate;
  retentionEnd: IsoDate;
  /** Those at the start of the case (shown on it); the persons registered when the decision is served are marked. */
  responsiblePersons: Array<{ personId: string; role: string }>;
  basisRecordIds?: string[];
}

export interface MarkedPerson {
  personId: string;
  recordId: string;
  role: string;
  name: string;
  identifierType: IdentifierType;
  identifier: string;
}

const STOP_USE_REASON_OF_REMOVAL: Record<RemovalReason, AgencyNoticeReason> = {
  term_ended: 'publicity_ended',
  credit_repair: 'repaired',
  basis_revoked: 'revoked',
  record_deleted: 'deleted',
};

/** The persons whose records mark an entry's record, with what their notices print. */
async function markedPersons(trx: Knex.Transaction, recordId: string): Promise<MarkedPerson[]> {
  const rows = await trx('credit_records as r')
    .join('subjects as s', 's.id', 'r.subject_id')
    .where('r.marks_record_id', recordId)
    .orderBy('s.id')
    .select('r.id as record_id', 'r.subject_id', 'r.mark_role', 's.name', 's.identifier_type', 's.identifier_value');
  return rows.map((r) => ({ personId: r.subject_id, recordId: r.record_id, role: r.mark_role ?? '', name: r.name, identifierType: r.identifier_type, identifier: r.identifier_value }));
}

export function createInclusionActivities({ db }: { db: Db }) {
  return {
    /**
     * Once the decision is served: the list entry, a `serious` dishonest record publicised for the term, and
     * (JS Art 32) a marking record on each responsible person of an organisation, all in one transaction.
     * Keyed by the case: a retry finds what the first attempt wrote.
     */
    async createListEntry(input: ListEntryInput): Promise<{ listEntryId: string; recordId: string; marks: MarkedPerson[] }> {
      return db.transaction(async (trx) => {
        const existing = await trx('list_entries').where({ case_id: input.caseId }).first('id', 'record_id');
        if (existing) return { listEntryId: existing.id, recordId: existing.record_id, marks: await markedPersons(trx, existing.record_id) };

        const recordId = randomUUID();
        const record = {
          category: 'dishonest',
          severity: 'serious',
          catalogue_item: 'local_regulation_other',
          department: input.department,
          basis_kind: input.basis.kind,
          basis_number: input.basis.number,
          basis_effective_on: input.basis.effectiveOn,
          basis_issuer: input.basis.issuer,
          publicity_start: input.includedOn,
          minimum_publicity_end: input.minimumPublicityEnd ?? input.includedOn,
          publicity_end: input.removalDueOn,
          retention_end: input.retentionEnd,
          state: 'active',
          source_case_id: input.caseId,
          recorded_by: input.handler,
        };
        await trx('credit_records').insert({
          id: recordId,
          subject_id: input.subjectId,
          content: `列入严重失信主体名单：${input.facts}`,
          ...record,
        });
        const listEntryId = randomUUID();
        await trx('list_entries').insert({
          id: listEntryId,
          subject_id: input.subjectId,
          field: input.field,
          case_id: input.caseId,
          record_id: recordId,
          measures: JSON.stringify(input.measures),
          department: input.department,
          included_on: input.includedOn,
          removal_due_on: input.removalDueOn,
          basis_record_ids: input.basisRecordIds ?? [],
        });
        const marks = (await responsiblePersons(trx, input.subjectId)).map((p) => ({
          id: randomUUID(),
          subject_id: p.personId,
          content: `作为被列入严重失信主体名单的单位的责任人员（${p.role}）予以标注`,
          mark_role: p.role,
          marks_record_id: recordId,
          ...record,
        }));
        if (marks.length > 0) await trx('credit_records').insert(marks);
        await appendAudit(trx, [
          { key: `${input.caseId}:list_entry`, actor: input.handler, role: 'officer', action: 'list_entry.created', caseId: input.caseId, subjectId: input.subjectId, recordId, after: { listEntryId, field: input.field, includedOn: input.includedOn, removalDueOn: input.removalDueOn } },
          ...marks.map((m) => ({ key: `${input.caseId}:mark:${m.subject_id}`, actor: input.handler, role: 'officer', action: 'credit_record.marked_responsible_person', caseId: input.caseId, subjectId: m.subject_id, recordId: m.id, after: { marks: recordId } })),
        ]);
        return { listEntryId, recordId, marks: await markedPersons(trx, recordId) };
      });
    },

    /** The entry leaves the list; its record and the marks stop being publicised, and every agency is told (JS Art 67). */
    async removeListEntry(input: { caseId: string; removedOn: IsoDate; reason: RemovalReason; actor: string }): Promise<void> {
      await db.transaction(async (trx) => {
        const records = await removeListEntry(trx, input);
        await notifyAgencies(trx, { records, reason: STOP_USE_REASON_OF_REMOVAL[input.reason], on: input.removedOn, caseId: input.caseId });
      });
    },
  };
}

export type InclusionActivities = ReturnType<typeof createInclusionActivities>;

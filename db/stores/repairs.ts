/** What an application for credit repair needs to know before its case starts (DOMAIN.md §4.4). */
import type { Knex } from 'knex';
import type { RepairableRecord } from '../../shared/repair';
import type { Department, IdentifierType, SubjectKind } from '../../shared/domain';
import type { Db } from '../knex';

export interface RepairCandidate {
  record: RepairableRecord & { department: Department; catalogueItem: string; basisNumber: string; content: string };
  subject: { id: string; kind: SubjectKind; name: string; identifierType: IdentifierType; identifier: string };
  /** Inclusion cases whose list entry rests on the record and is still on the list. */
  listEntryCaseIds: string[];
}

/** The record with its subject and the list entry resting on it; `undefined` when there is no such record. */
export async function loadRepairCandidate(db: Db | Knex.Transaction, recordId: string): Promise<RepairCandidate | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(recordId)) return undefined;
  const r = await db('credit_records as r')
    .join('subjects as s', 's.id', 'r.subject_id')
    .where('r.id', recordId)
    .first(
      'r.*',
      's.kind as subject_kind',
      's.name as subject_name',
      's.identifier_type',
      's.identifier_value',
    );
  if (!r) return undefined;
  const entries: Array<{ case_id: string; included_on: string }> = await db('list_entries')
    .where({ record_id: recordId })
    .whereNull('removed_on')
    .orderBy('included_on')
    .select('case_id', 'included_on');
  return {
    record: {
      id: r.id,
      subjectId: r.subject_id,
      category: r.category,
      severity: r.severity,
      state: r.state,
      basisEffectiveOn: r.basis_effective_on,
      minimumPublicityEnd: r.minimum_publicity_end,
      marksRecordId: r.marks_record_id,
      listEntry: entries.length > 0 ? { includedOn: entries[0].included_on } : undefined,
      department: r.department,
      catalogueItem: r.catalogue_item,
      basisNumber: r.basis_number,
      content: r.content,
    },
    subject: { id: r.subject_id, kind: r.subject_kind, name: r.subject_name, identifierType: r.identifier_type, identifier: r.identifier_value },
    listEntryCaseIds: entries.map((e) => e.case_id),
  };
}

/** Inclusion cases whose list entry rests on the record and has not been removed yet. */
export async function openListEntryCases(db: Db | Knex.Transaction, recordId: string): Promise<string[]> {
  return db('list_entries').where({ record_id: recordId }).whereNull('removed_on').pluck('case_id');
}

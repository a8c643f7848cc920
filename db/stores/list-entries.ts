/** List entries of the serious-dishonesty list, and which inclusions rest on a credit record (DOMAIN.md §4.1). */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { IsoDate } from '../../shared/calendar';
import type { IdentifierType, ListField, Measure, RemovalReason, StopUseReason } from '../../shared/domain';
import type { BasisDocumentRef } from '../../shared/inclusion';
import type { Db } from '../knex';
import { appendAudit } from './audit';
import { stopPublicityOfEntries, type ChangedRecord } from './record-states';
import { responsiblePersons } from './subjects';

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

export interface ListEntryCreated {
  listEntryId: string;
  recordId: string;
  marks: MarkedPerson[];
}

/** The persons whose records mark an entry's record, with what their notices print. */
async function markedPersons(trx: Knex.Transaction, recordId: string): Promise<MarkedPerson[]> {
  const rows = await trx('credit_records as r')
    .join('subjects as s', 's.id', 'r.subject_id')
    .where('r.marks_record_id', recordId)
    .orderBy('s.id')
    .select('r.id as record_id', 'r.subject_id', 'r.mark_role', 's.name', 's.identifier_type', 's.identifier_value');
  return rows.map((r) => ({ personId: r.subject_id, recordId: r.record_id, role: r.mark_role ?? '', name: r.name, identifierType: r.identifier_type, identifier: r.identifier_value }));
}

/**
 * The list entry, a `serious` dishonest record publicised for the term, and (JS Art 32) a marking record on each
 * responsible person registered for the organisation now, with their audit. Keyed by the case: a rerun finds
 * what the first one wrote.
 */
export async function createListEntry(trx: Knex.Transaction, input: ListEntryInput): Promise<ListEntryCreated> {
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
}

/**
 * Inclusion cases resting on the record: those whose list entry is the record's own or was included on it as a
 * basis, while the entry is on the list; and those not yet decided whose basis it is. Each is told when the record
 * is revoked or deleted (the workflow removes its entry, or lets the undecided case end without inclusion).
 */
export async function inclusionsRestingOn(db: Db | Knex.Transaction, recordId: string): Promise<string[]> {
  const rows = await db.raw(
    `SELECT case_id FROM list_entries WHERE removed_on IS NULL AND (record_id = :recordId OR :recordId = ANY(basis_record_ids))
     UNION
     SELECT id FROM cases
      WHERE type = 'inclusion' AND open AND status IN ('awaiting_approval', 'preparing_notice', 'notice_issued', 'objection_window', 'awaiting_decision', 'decision_issued')
        AND view->'details'->'input'->'basisRecordIds' @> to_jsonb(ARRAY[:recordId::text])
     ORDER BY 1`,
    { recordId },
  );
  return rows.rows.map((r: { case_id: string }) => r.case_id);
}

/** What the stop-use notice of an entry's records says, by why the entry left the list. */
const STOP_USE_REASON_OF_REMOVAL: Record<RemovalReason, StopUseReason> = {
  term_ended: 'publicity_ended',
  credit_repair: 'repaired',
  basis_revoked: 'revoked',
  record_deleted: 'deleted',
};

/**
 * The inclusion case's entry leaves the list: removed on the day with its reason, its record and the marks on
 * the responsible persons stop being publicised, and every agency is told (JS Art 67). Returns the records
 * changed (nothing when already removed).
 */
export async function removeListEntry(
  trx: Knex.Transaction,
  a: { caseId: string; removedOn: IsoDate; reason: RemovalReason; actor: string },
): Promise<ChangedRecord[]> {
  const entry = await trx('list_entries').where({ case_id: a.caseId }).forUpdate().first();
  if (!entry || entry.removed_on) return [];
  await trx('list_entries').where({ id: entry.id }).update({ removed_on: a.removedOn, removal_reason: a.reason });
  const records = await stopPublicityOfEntries(trx, {
    recordIds: [entry.record_id],
    on: a.removedOn,
    reason: `list entry removed: ${a.reason}`,
    notice: STOP_USE_REASON_OF_REMOVAL[a.reason],
    actor: a.actor,
    role: 'system',
    caseId: a.caseId,
  });
  await appendAudit(trx, [
    { key: `${a.caseId}:list_entry_removed`, actor: a.actor, role: 'system', action: 'list_entry.removed', caseId: a.caseId, subjectId: entry.subject_id, recordId: entry.record_id, before: { removedOn: null }, after: { removedOn: a.removedOn, reason: a.reason } },
  ]);
  return records;
}

/** A subject's list entries, current and removed, by the day of inclusion (its file). */
export async function listEntriesOf(db: Db, subjectId: string) {
  return db('list_entries').where({ subject_id: subjectId }).orderBy('included_on');
}

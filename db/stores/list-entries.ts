/** List entries of the serious-dishonesty list, and which inclusions rest on a credit record (DOMAIN.md §4.1). */
import type { Knex } from 'knex';
import type { IsoDate } from '../../shared/calendar';
import type { RemovalReason } from '../../shared/domain';
import type { Db } from '../knex';
import { appendAudit } from './audit';
import { stopPublicityOfEntries, type ChangedRecord } from './record-states';

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

/**
 * The inclusion case's entry leaves the list: removed on the day with its reason, and its record and the marks on
 * the responsible persons stop being publicised. Returns the records changed (nothing when already removed).
 */
export async function removeListEntry(
  trx: Knex.Transaction,
  a: { caseId: string; removedOn: IsoDate; reason: RemovalReason; actor: string },
): Promise<ChangedRecord[]> {
  const entry = await trx('list_entries').where({ case_id: a.caseId }).forUpdate().first();
  if (!entry || entry.removed_on) return [];
  await trx('list_entries').where({ id: entry.id }).update({ removed_on: a.removedOn, removal_reason: a.reason });
  const records = await stopPublicityOfEntries(trx, { recordIds: [entry.record_id], on: a.removedOn, reason: `list entry removed: ${a.reason}`, actor: a.actor, role: 'system', caseId: a.caseId });
  await appendAudit(trx, [
    { key: `${a.caseId}:list_entry_removed`, actor: a.actor, role: 'system', action: 'list_entry.removed', caseId: a.caseId, subjectId: entry.subject_id, recordId: entry.record_id, before: { removedOn: null }, after: { removedOn: a.removedOn, reason: a.reason } },
  ]);
  return records;
}

/** A subject's list entries, current and removed, by the day of inclusion (its file). */
export async function listEntriesOf(db: Db, subjectId: string) {
  return db('list_entries').where({ subject_id: subjectId }).orderBy('included_on');
}

/** Which inclusions rest on a credit record (DOMAIN.md §4.1 step 6). */
import type { Knex } from 'knex';
import type { Db } from '../knex';

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

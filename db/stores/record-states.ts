/**
 * Set-based state changes of credit records (DOMAIN.md §2 record states; JS Art 41, 66): publicity stops,
 * retention ends, list entries leave the list at the end of their term. Each change writes the rows, their
 * history and their audit events in one statement, inside the caller's transaction. The source state is the
 * guard: a row already changed is not selected again, so a rerun or a retry changes nothing twice.
 */
import type { Knex } from 'knex';
import type { IsoDate } from '../../shared/calendar';
import { PUBLICISED_STATES, STANDING_STATES, type RecordState } from '../../shared/domain';

type Trx = Knex | Knex.Transaction;

export interface ChangedRecord {
  id: string;
  subjectId: string;
}

interface RecordChange {
  /**
   * SQL selecting `id, state` of the records to change, locking them, with named bindings (`:name`) that
   * must not clash with the statement's own (to, on, reason, actor, role, caseId).
   */
  due: string;
  bindings: Record<string, unknown>;
  to: RecordState;
  on: IsoDate;
  /** Why, as the record's history and the subject's report show it. */
  reason: string;
  actor: string;
  role: string;
  caseId?: string;
  /** An early stop (repair, removal from the list) also ends the publicity period on `on`. */
  endPublicity?: boolean;
}

async function changeRecords(trx: Trx, c: RecordChange): Promise<ChangedRecord[]> {
  const result = await trx.raw(
    `WITH due AS (${c.due}),
     -- By primary key: an UPDATE ... FROM due join is planned as a scan of the whole table.
     updated AS (
       UPDATE credit_records r
          SET state = :to, updated_at = now()${c.endPublicity ? ', publicity_end = LEAST(r.publicity_end, :on::date)' : ''}
        WHERE r.id = ANY(ARRAY(SELECT id FROM due))
       RETURNING r.id, r.subject_id
     ),
     changed AS (SELECT u.id, u.subject_id, due.state AS before_state FROM updated u JOIN due USING (id)),
     history AS (
       INSERT INTO credit_record_history (record_id, change, before, after, reason, actor, case_id)
       SELECT id, :to, jsonb_build_object('state', before_state), jsonb_build_object('state', :to::text, 'on', :on::text),
              :reason, :actor, :caseId
         FROM changed
     ),
     audit AS (
       -- No idempotency key: the source state guards the whole statement, so a rerun selects nothing, and a record
       -- may legitimately reach the same state twice (each time is an event).
       INSERT INTO audit_events (actor, role, action, case_id, record_id, subject_id, before, after)
       SELECT :actor, :role, 'credit_record.' || :to::text, :caseId, id, subject_id,
              jsonb_build_object('state', before_state),
              jsonb_build_object('state', :to::text, 'on', :on::text, 'reason', :reason::text)
         FROM changed
     )
     SELECT id, subject_id FROM changed`,
    { ...c.bindings, to: c.to, on: c.on, reason: c.reason, actor: c.actor, role: c.role, caseId: c.caseId ?? null },
  );
  return result.rows.map((r: { id: string; subject_id: string }) => ({ id: r.id, subjectId: r.subject_id }));
}

/**
 * JS Art 41: up to `limit` records whose publicity period ended before `today` stop being publicised.
 * Rows another sweep holds are skipped, so sweeps may run side by side.
 */
export async function stopExpiredPublicity(trx: Trx, a: { today: IsoDate; limit: number }): Promise<ChangedRecord[]> {
  const changed: ChangedRecord[] = [];
  // One index-ordered scan per standing state: without the order the planner may scan the table from its start,
  // and every batch scans further. A `minor` record is never publicised, so its publicity never ends (no notice).
  for (const state of STANDING_STATES) {
    if (changed.length >= a.limit) break;
    changed.push(
      ...(await changeRecords(trx, {
        due: `SELECT id, state FROM credit_records WHERE state = :state AND publicity_end < :today AND severity IS DISTINCT FROM 'minor'
               ORDER BY publicity_end LIMIT :limit FOR UPDATE SKIP LOCKED`,
        bindings: { state, today: a.today, limit: a.limit - changed.length },
        to: 'publicity_stopped',
        on: a.today,
        reason: 'publicity period ended (JS Art 41)',
        actor: 'system',
        role: 'system',
      })),
    );
  }
  return changed;
}

/**
 * JS Art 41: up to `limit` records whose retention ended before `today` are no longer shared or returned by any
 * inquiry but their subject's own. A `minor` record is never publicised, so it reaches this from `active`.
 */
export async function endExpiredRetention(trx: Trx, a: { today: IsoDate; limit: number }): Promise<ChangedRecord[]> {
  const change = { to: 'retention_ended' as const, on: a.today, reason: 'retention period ended (JS Art 41)', actor: 'system', role: 'system' };
  // Two index-ordered scans of (state, retention_end) rather than one OR the planner cannot keep in index order.
  const stopped = await changeRecords(trx, {
    ...change,
    due: `SELECT id, state FROM credit_records WHERE state = 'publicity_stopped' AND retention_end < :today
           ORDER BY retention_end LIMIT :limit FOR UPDATE SKIP LOCKED`,
    bindings: { today: a.today, limit: a.limit },
  });
  for (const state of STANDING_STATES) {
    if (stopped.length >= a.limit) break;
    stopped.push(
      ...(await changeRecords(trx, {
        ...change,
        due: `SELECT id, state FROM credit_records WHERE state = :state AND retention_end < :today AND severity = 'minor'
               ORDER BY retention_end LIMIT :limit FOR UPDATE SKIP LOCKED`,
        bindings: { state, today: a.today, limit: a.limit - stopped.length },
      })),
    );
  }
  return stopped;
}

/** JS Art 66: a granted repair stops the record's publicity (and sharing) at once. */
export function stopPublicityByRepair(trx: Trx, a: { recordId: string; on: IsoDate; caseId: string; actor: string; role: string }): Promise<ChangedRecord[]> {
  return changeRecords(trx, {
    due: `SELECT id, state FROM credit_records WHERE id = :recordId AND state = ANY(:states) FOR UPDATE`,
    bindings: { recordId: a.recordId, states: [...PUBLICISED_STATES] },
    to: 'publicity_stopped',
    on: a.on,
    reason: 'credit repair granted (JS Art 66)',
    actor: a.actor,
    role: a.role,
    caseId: a.caseId,
    endPublicity: true,
  });
}

/**
 * List entries left the list (term, repair, revocation, deletion): their records and the marks on the responsible
 * persons (JS Art 32) stop being publicised, with their history and audit, in the caller's transaction.
 */
export function stopPublicityOfEntries(
  trx: Trx,
  a: { recordIds: string[]; on: IsoDate; reason: string; actor: string; role: string; caseId?: string },
): Promise<ChangedRecord[]> {
  return changeRecords(trx, {
    due: `SELECT id, state FROM credit_records
           WHERE (id = ANY(:recordIds::uuid[]) OR marks_record_id = ANY(:recordIds::uuid[])) AND state = ANY(:states)
           FOR UPDATE`,
    bindings: { recordIds: a.recordIds, states: [...PUBLICISED_STATES] },
    to: 'publicity_stopped',
    on: a.on,
    reason: a.reason,
    actor: a.actor,
    role: a.role,
    caseId: a.caseId,
    endPublicity: true,
  });
}

export interface RemovedListEntry {
  id: string;
  caseId: string;
  recordId: string | null;
  subjectId: string;
}

/**
 * List entries whose term ended on or before `today` and whose inclusion case is no longer open to remove them
 * itself (normally the case does): removed, and the records resting on them (the entry's record and the marks
 * on responsible persons, JS Art 32) stop being publicised. Returns the entries and the records changed.
 */
export async function removeEndedListEntries(
  trx: Trx,
  a: { today: IsoDate; limit: number },
): Promise<{ entries: RemovedListEntry[]; records: ChangedRecord[] }> {
  const result = await trx.raw(
    `WITH due AS (
       SELECT e.id FROM list_entries e
        WHERE e.removed_on IS NULL AND e.removal_due_on <= :today
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id AND c.open)
        ORDER BY e.removal_due_on LIMIT :limit FOR UPDATE OF e SKIP LOCKED
     ),
     removed AS (
       UPDATE list_entries e SET removed_on = :today, removal_reason = 'term_ended'
         FROM due WHERE e.id = due.id
       RETURNING e.id, e.case_id, e.record_id, e.subject_id, e.removal_due_on
     ),
     audit AS (
       INSERT INTO audit_events (key, actor, role, action, case_id, record_id, subject_id, before, after)
       SELECT case_id || ':list_entry_removed', 'system', 'system', 'list_entry.removed', case_id, record_id, subject_id,
              jsonb_build_object('removedOn', null),
              jsonb_build_object('removedOn', :today::text, 'reason', 'term_ended', 'removalDueOn', removal_due_on::text, 'by', 'expiry sweep')
         FROM removed
       ON CONFLICT (key) DO NOTHING
     )
     SELECT id, case_id, record_id, subject_id FROM removed`,
    { today: a.today, limit: a.limit },
  );
  const entries: RemovedListEntry[] = result.rows.map((r: Record<string, string>) => ({ id: r.id, caseId: r.case_id, recordId: r.record_id, subjectId: r.subject_id }));
  const recordIds = entries.map((e) => e.recordId).filter((id): id is string => !!id);
  if (recordIds.length === 0) return { entries, records: [] };
  const records = await stopPublicityOfEntries(trx, { recordIds, on: a.today, reason: 'list entry removed: term_ended', actor: 'system', role: 'system' });
  return { entries, records };
}

/**
 * State changes of credit records (DOMAIN.md §2 record states; JS Art 32, 41, 64-67): publicity stops, retention
 * ends, list entries leave the list, a repair is granted, a case decides on its record (objection, revocation).
 * One function makes every such change, set-based: the records, the marks on their responsible persons, the
 * history, the audit events in one statement, then the stop-use notices to every agency, inside the caller's
 * transaction. A rerun or a retry changes nothing twice (see `decision`).
 */
import type { Knex } from 'knex';
import type { IsoDate } from '../../shared/calendar';
import { PUBLICISED_STATES, RECORD_STATES, STANDING_STATES, type RecordState, type StopUseReason } from '../../shared/domain';
import { AGENCY_NOTICES_OF_CHANGED, agencyNoticesDueAt } from './agency-notices';

type Trx = Knex | Knex.Transaction;

export interface ChangedRecord {
  id: string;
  subjectId: string;
}

/** The records a change takes, by id. */
export interface RecordsById {
  ids: string[];
  /** Only records in these states change (default: any). */
  from?: readonly RecordState[];
  /** The marks on responsible persons resting on these records (JS Art 32) change with them, from these states. */
  marksFrom?: readonly RecordState[];
}

/**
 * The records a sweep takes: SQL selecting `id, state` of the records to change, locking them, with
 * named bindings (`:name`) that must not clash with the statement's own (ids, to, on, content, change, reason,
 * marksReason, actor, role, caseId). An ordered scan with a limit, which a list of ids cannot say.
 */
export interface DueRecords {
  due: string;
  bindings: Record<string, unknown>;
}

export interface RecordStateChange {
  records: RecordsById | DueRecords;
  to: RecordState;
  /** The records' new content (a correction, an altered basis); marks keep theirs. */
  content?: string;
  /** The history's change and the audit action (`credit_record.<change>`); default the new state. */
  change?: string;
  /** The day the change takes effect: the history and audit keep it (but a decision's), the notices count from it. */
  on: IsoDate;
  /** Why, as the record's history and the subject's report show it. */
  reason: string;
  /** Why, for the marks on responsible persons (default `reason`). */
  marksReason?: string;
  actor: string;
  role: string;
  caseId?: string;
  /** An early stop (repair, removal from the list) also ends the publicity period on `on`. */
  endPublicity?: boolean;
  /**
   * A case's decision on its record (objection, revocation), once per case: the case's history row for the change
   * is the guard (a record may come back to the state it had), the audit events are keyed by the case, and the
   * history keeps the record's content before (and after, when the change sets it). Otherwise the source state is
   * the guard: a record already changed is not selected again; the history and audit keep the day.
   */
  decision?: boolean;
  /** Every registered agency is told to stop using the records changed (JS Art 52, 67). */
  notify?: {
    reason: StopUseReason;
    /** When the notices are due; default after the acknowledgement limit in force, on the calendar in force. */
    dueAt?: string;
  };
}

/** The guard of a decision: the case has not made this change of the record yet. */
const NOT_DECIDED = `NOT EXISTS (SELECT 1 FROM credit_record_history h WHERE h.record_id = credit_records.id AND h.case_id = :caseId::text AND h.change = :change::text)`;

function dueByIds(r: RecordsById, decision: boolean): string {
  const own = ['id = ANY(:ids::uuid[])', r.from && 'state = ANY(:from)', decision && NOT_DECIDED].filter(Boolean).join(' AND ');
  const marks = r.marksFrom ? ' OR (marks_record_id = ANY(:ids::uuid[]) AND state = ANY(:marksFrom))' : '';
  return `SELECT id, state${decision ? ', content' : ''} FROM credit_records WHERE (${own})${marks} FOR UPDATE`;
}

/** The history's and the audit's before and after of each row (`is_mark`: a mark changed with its record). */
function trail(decision: boolean) {
  if (!decision) {
    const after = `jsonb_build_object('state', :to::text, 'on', :on::text)`;
    return {
      key: 'NULL',
      before: `jsonb_build_object('state', before_state)`,
      after,
      auditBefore: `jsonb_build_object('state', before_state)`,
      auditAfter: `jsonb_build_object('state', :to::text, 'on', :on::text, 'reason', :reason::text)`,
    };
  }
  const setsContent = `NOT is_mark AND :content::text IS NOT NULL`;
  const after = `CASE WHEN ${setsContent} THEN jsonb_build_object('state', :to::text, 'content', :content::text) ELSE jsonb_build_object('state', :to::text) END`;
  return {
    key: `CASE WHEN is_mark THEN :caseId::text || ':mark_' || :change::text || ':' || id ELSE :caseId::text || ':record_' || :change::text END`,
    before: `CASE WHEN is_mark THEN jsonb_build_object('state', before_state) ELSE jsonb_build_object('state', before_state, 'content', before_content) END`,
    after,
    auditBefore: `CASE WHEN ${setsContent} THEN jsonb_build_object('state', before_state, 'content', before_content) ELSE jsonb_build_object('state', before_state) END`,
    auditAfter: after,
  };
}

/**
 * Changes the records' state with the marks resting on them, their history and audit, and tells the agencies, in
 * one statement inside the caller's transaction. Returns the records changed (none on a rerun).
 */
export async function changeRecordStates(trx: Trx, c: RecordStateChange): Promise<ChangedRecord[]> {
  const byIds = 'ids' in c.records ? c.records : undefined;
  if (byIds && byIds.ids.length === 0) return [];
  const decision = c.decision ?? false;
  if (decision && !c.caseId) throw new Error('a decision on a record is made by a case');
  const due = byIds ? dueByIds(byIds, decision) : (c.records as DueRecords).due;
  const t = trail(decision);
  // A decision's record before its marks; a sweep's rows in no particular order (a sort costs it).
  const order = decision ? 'ORDER BY is_mark, id' : '';
  const noticeDueAt = c.notify ? await agencyNoticesDueAt(trx, c.on, c.notify.dueAt) : null;
  const result = await trx.raw(
    `WITH due AS (${due}),
     -- By primary key: an UPDATE ... FROM due join is planned as a scan of the whole table.
     updated AS (
       UPDATE credit_records r
          SET state = :to, updated_at = now()${c.endPublicity ? ', publicity_end = LEAST(r.publicity_end, :on::date)' : ''}${
            c.content !== undefined ? ', content = CASE WHEN r.id = ANY(:ids::uuid[]) THEN :content::text ELSE r.content END' : ''
          }
        WHERE r.id = ANY(ARRAY(SELECT id FROM due))
       RETURNING r.id, r.subject_id
     ),
     changed AS (
       SELECT u.id, u.subject_id, due.state AS before_state, ${decision ? 'due.content' : 'NULL'} AS before_content,
              cardinality(:ids::uuid[]) > 0 AND u.id <> ALL(:ids::uuid[]) AS is_mark
         FROM updated u JOIN due USING (id)
     ),
     history AS (
       INSERT INTO credit_record_history (record_id, change, before, after, reason, actor, case_id)
       SELECT id, :change, ${t.before}, ${t.after}, CASE WHEN is_mark THEN :marksReason ELSE :reason END, :actor, :caseId
         FROM changed ${order}
     ),
     audit AS (
       -- A decision's events are keyed by its case. Other changes carry no key: the source state guards the whole
       -- statement, so a rerun selects nothing, and a record may legitimately reach the same state twice (each
       -- time is an event).
       INSERT INTO audit_events (key, actor, role, action, case_id, record_id, subject_id, before, after)
       SELECT ${t.key}, :actor, :role, 'credit_record.' || :change::text, :caseId, id, subject_id, ${t.auditBefore}, ${t.auditAfter}
         FROM changed ${order}
       ${decision ? 'ON CONFLICT (key) DO NOTHING' : ''}
     )${c.notify ? `, notices AS (${AGENCY_NOTICES_OF_CHANGED})` : ''}
     SELECT id, subject_id FROM changed ${order}`,
    {
      ...(byIds ? {} : (c.records as DueRecords).bindings),
      ids: byIds?.ids ?? [],
      from: byIds?.from ? [...byIds.from] : null,
      marksFrom: byIds?.marksFrom ? [...byIds.marksFrom] : null,
      to: c.to,
      on: c.on,
      content: c.content ?? null,
      change: c.change ?? c.to,
      reason: c.reason,
      marksReason: c.marksReason ?? c.reason,
      actor: c.actor,
      role: c.role,
      caseId: c.caseId ?? null,
      ...(c.notify ? { noticeReason: c.notify.reason, noticeDueAt } : {}),
    },
  );
  return result.rows.map((r: { id: string; subject_id: string }) => ({ id: r.id, subjectId: r.subject_id }));
}

/** Every state but `state`: a mark already in it has been changed. */
const statesBut = (state: RecordState) => RECORD_STATES.filter((s) => s !== state);

export interface RecordDecision {
  caseId: string;
  recordId: string;
  to: RecordState;
  content?: string;
  change: string;
  on: IsoDate;
  reason: string;
  actor: string;
  role: string;
  /** The marks on responsible persons resting on the record take the same state (JS Art 32), for this reason. */
  marks?: { reason: string };
  notify?: { reason: StopUseReason };
}

/** A case decides on its record (see `decision` above); the marks and notices follow it. */
export function decideOnRecord(trx: Trx, d: RecordDecision): Promise<ChangedRecord[]> {
  return changeRecordStates(trx, {
    records: { ids: [d.recordId], marksFrom: d.marks ? statesBut(d.to) : undefined },
    to: d.to,
    content: d.content,
    change: d.change,
    on: d.on,
    reason: d.reason,
    marksReason: d.marks?.reason,
    actor: d.actor,
    role: d.role,
    caseId: d.caseId,
    decision: true,
    notify: d.notify,
  });
}

/**
 * JS Art 41: up to `limit` records whose publicity period ended before `today` stop being publicised, and the
 * agencies are told. Rows another sweep holds are skipped, so sweeps may run side by side.
 */
export async function stopExpiredPublicity(trx: Trx, a: { today: IsoDate; limit: number }): Promise<ChangedRecord[]> {
  const changed: ChangedRecord[] = [];
  const notify = { reason: 'publicity_ended' as const, dueAt: await agencyNoticesDueAt(trx, a.today) };
  // One index-ordered scan per standing state: without the order the planner may scan the table from its start,
  // and every batch scans further. A `minor` record is never publicised, so its publicity never ends (no notice).
  for (const state of STANDING_STATES) {
    if (changed.length >= a.limit) break;
    changed.push(
      ...(await changeRecordStates(trx, {
        records: {
          due: `SELECT id, state FROM credit_records WHERE state = :state AND publicity_end < :today AND severity IS DISTINCT FROM 'minor'
                 ORDER BY publicity_end LIMIT :limit FOR UPDATE SKIP LOCKED`,
          bindings: { state, today: a.today, limit: a.limit - changed.length },
        },
        to: 'publicity_stopped',
        on: a.today,
        reason: 'publicity period ended (JS Art 41)',
        actor: 'system',
        role: 'system',
        notify,
      })),
    );
  }
  return changed;
}

/**
 * JS Art 41: up to `limit` records whose retention ended before `today` are no longer shared or returned by any
 * inquiry but their subject's own, and the agencies are told. A `minor` record is never publicised, so it reaches
 * this from `active`.
 */
export async function endExpiredRetention(trx: Trx, a: { today: IsoDate; limit: number }): Promise<ChangedRecord[]> {
  const change = {
    to: 'retention_ended' as const,
    on: a.today,
    reason: 'retention period ended (JS Art 41)',
    actor: 'system',
    role: 'system',
    notify: { reason: 'retention_ended' as const, dueAt: await agencyNoticesDueAt(trx, a.today) },
  };
  // Two index-ordered scans of (state, retention_end) rather than one OR the planner cannot keep in index order.
  const stopped = await changeRecordStates(trx, {
    ...change,
    records: {
      due: `SELECT id, state FROM credit_records WHERE state = 'publicity_stopped' AND retention_end < :today
             ORDER BY retention_end LIMIT :limit FOR UPDATE SKIP LOCKED`,
      bindings: { today: a.today, limit: a.limit },
    },
  });
  for (const state of STANDING_STATES) {
    if (stopped.length >= a.limit) break;
    stopped.push(
      ...(await changeRecordStates(trx, {
        ...change,
        records: {
          due: `SELECT id, state FROM credit_records WHERE state = :state AND retention_end < :today AND severity = 'minor'
                 ORDER BY retention_end LIMIT :limit FOR UPDATE SKIP LOCKED`,
          bindings: { state, today: a.today, limit: a.limit - stopped.length },
        },
      })),
    );
  }
  return stopped;
}

/**
 * JS Art 66, 67: a granted repair stops the record's publicity (and sharing) at once, and the agencies are told,
 * their notices due when the case's own time limits say (`dueAt`).
 */
export function stopPublicityByRepair(
  trx: Trx,
  a: { recordId: string; on: IsoDate; caseId: string; actor: string; role: string; dueAt: string },
): Promise<ChangedRecord[]> {
  return changeRecordStates(trx, {
    records: { ids: [a.recordId], from: PUBLICISED_STATES },
    to: 'publicity_stopped',
    on: a.on,
    reason: 'credit repair granted (JS Art 66)',
    actor: a.actor,
    role: a.role,
    caseId: a.caseId,
    endPublicity: true,
    notify: { reason: 'repaired', dueAt: a.dueAt },
  });
}

/**
 * List entries left the list (term, repair, revocation, deletion): their records and the marks on the responsible
 * persons (JS Art 32) stop being publicised, with their history and audit, and the agencies are told for `notice`,
 * in the caller's transaction.
 */
export function stopPublicityOfEntries(
  trx: Trx,
  a: { recordIds: string[]; on: IsoDate; reason: string; notice: StopUseReason; actor: string; role: string; caseId?: string },
): Promise<ChangedRecord[]> {
  return changeRecordStates(trx, {
    records: { ids: a.recordIds, from: PUBLICISED_STATES, marksFrom: PUBLICISED_STATES },
    to: 'publicity_stopped',
    on: a.on,
    reason: a.reason,
    actor: a.actor,
    role: a.role,
    caseId: a.caseId,
    endPublicity: true,
    notify: { reason: a.notice },
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
 * on responsible persons, JS Art 32) stop being publicised, and the agencies are told. Returns the entries and the records changed.
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
  const records = await stopPublicityOfEntries(trx, { recordIds, on: a.today, reason: 'list entry removed: term_ended', notice: 'publicity_ended', actor: 'system', role: 'system' });
  return { entries, records };
}

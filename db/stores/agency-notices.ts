/**
 * Registered credit service agencies and the stop-use-and-remove notices they receive (JS Art 52, 67).
 * Notices are created set-based, one per agency and record and reason, with every state change of records that
 * stops their use (db/stores/record-states.ts: the expiry sweep, removal from the list, repair, revocation, deletion).
 */
import type { Knex } from 'knex';
import { type IsoDate, toShanghaiIso } from '../../shared/calendar';
import type { StopUseReason } from '../../shared/domain';
import { agencyNoticeDueAt } from '../../shared/expiry';
import type { Db } from '../knex';
import { loadCalendarSnapshot } from './calendar';
import { currentTimeLimits } from './time-limits';
import { appendAudit } from './audit';
import { containing } from './subjects';

/** publicity_ended | repaired | revoked | retention_ended: the reasons the notice document prints. */
export type AgencyNoticeReason = StopUseReason;

/**
 * When notices effective `on` are due: `dueAt` when the process says, else after the acknowledgement limit in
 * force on the calendar in force.
 */
export async function agencyNoticesDueAt(trx: Knex | Knex.Transaction, on: IsoDate, dueAt?: string): Promise<string> {
  return dueAt ?? agencyNoticeDueAt(on, await loadCalendarSnapshot(trx), (await currentTimeLimits(trx)).limits);
}

/**
 * The notices to every registered agency for the rows of `changed` (a CTE of `id, subject_id`), written in the same
 * statement as the change: a sweep's 20,000 records a batch need not go to the process and back. The unique
 * (agency, record, reason) makes a rerun create nothing twice.
 */
export const AGENCY_NOTICES_OF_CHANGED = `
  INSERT INTO agency_notices (agency_id, record_id, subject_id, reason, case_id, effective_on, due_at)
  SELECT a.id, changed.id, changed.subject_id, :noticeReason::text, :caseId::text, :on::date, :noticeDueAt::timestamptz
    FROM agencies a CROSS JOIN changed
  ON CONFLICT (agency_id, record_id, reason) DO NOTHING`;

/** How many notices (to all agencies) there are for the record and reason. */
export async function countAgencyNotices(db: Db | Knex.Transaction, a: { recordId: string; reason: AgencyNoticeReason }): Promise<number> {
  const [{ count }] = await db('agency_notices').where({ record_id: a.recordId, reason: a.reason }).count<{ count: number }[]>('* as count');
  return Number(count);
}

export interface AgencyNotice {
  id: string;
  agencyId: string;
  reason: AgencyNoticeReason;
  record: { id: string; catalogueItem: string; basisNumber: string; department: string };
  subject: { id: string; name: string; identifierType: string; identifier: string };
  caseId: string | null;
  effectiveOn: IsoDate;
  createdAt: string;
  dueAt: string;
  acknowledgedAt: string | null;
  overdue: boolean;
}

function mapNotice(r: Record<string, any>): AgencyNotice {
  const acknowledgedAt = r.acknowledged_at ? toShanghaiIso(r.acknowledged_at) : null;
  return {
    id: String(r.id),
    agencyId: r.agency_id,
    reason: r.reason,
    record: { id: r.record_id, catalogueItem: r.catalogue_item, basisNumber: r.basis_number, department: r.department },
    subject: { id: r.subject_id, name: r.subject_name, identifierType: r.identifier_type, identifier: r.identifier_value },
    caseId: r.case_id,
    effectiveOn: r.effective_on,
    createdAt: toShanghaiIso(r.created_at),
    dueAt: toShanghaiIso(r.due_at),
    acknowledgedAt,
    overdue: !acknowledgedAt && new Date(r.due_at).getTime() < Date.now(),
  };
}

function noticeQuery(db: Db | Knex.Transaction) {
  return db('agency_notices as n')
    .join('credit_records as r', 'r.id', 'n.record_id')
    .join('subjects as s', 's.id', 'n.subject_id')
    .select(
      'n.*',
      'r.catalogue_item',
      'r.basis_number',
      'r.department',
      's.name as subject_name',
      's.identifier_type',
      's.identifier_value',
    );
}

/** One agency's notices, oldest first, paged by id. `cursor` is the last id of the previous page. */
export async function agencyNoticesOf(
  db: Db,
  agencyId: string,
  opts: { limit: number; cursor?: string; unacknowledgedOnly?: boolean },
): Promise<{ items: AgencyNotice[]; nextCursor: string | null }> {
  const q = noticeQuery(db).where('n.agency_id', agencyId).orderBy('n.id').limit(opts.limit + 1);
  if (opts.cursor) q.where('n.id', '>', opts.cursor);
  if (opts.unacknowledgedOnly) q.whereNull('n.acknowledged_at');
  const rows = await q;
  const items = rows.slice(0, opts.limit).map(mapNotice);
  return { items, nextCursor: rows.length > opts.limit ? items[items.length - 1].id : null };
}

/**
 * The agency acknowledges one of its own notices. Another agency's notice is `not_found` (its existence is
 * not disclosed); a second acknowledgement is `already_acknowledged`.
 */
export async function acknowledgeAgencyNotice(
  db: Db,
  a: { agencyId: string; noticeId: string; by: string },
): Promise<{ outcome: 'acknowledged'; notice: AgencyNotice } | { outcome: 'not_found' } | { outcome: 'already_acknowledged'; notice: AgencyNotice }> {
  if (!/^[0-9]{1,18}$/.test(a.noticeId)) return { outcome: 'not_found' };
  return db.transaction(async (trx) => {
    const updated = await trx('agency_notices')
      .where({ id: a.noticeId, agency_id: a.agencyId })
      .whereNull('acknowledged_at')
      .update({ acknowledged_at: trx.fn.now(), acknowledged_by: a.by })
      .returning('id');
    const row = await noticeQuery(trx).where({ 'n.id': a.noticeId, 'n.agency_id': a.agencyId }).first();
    if (!row) return { outcome: 'not_found' as const };
    if (updated.length === 0) return { outcome: 'already_acknowledged' as const, notice: mapNotice(row) };
    await appendAudit(trx, [
      {
        key: `agency-notice-${a.noticeId}:acknowledged`,
        actor: a.by,
        role: 'agency',
        action: 'agency_notice.acknowledged',
        recordId: row.record_id,
        subjectId: row.subject_id,
        after: { notice: String(row.id), agencyId: a.agencyId, reason: row.reason },
      },
    ]);
    return { outcome: 'acknowledged' as const, notice: mapNotice(row) };
  });
}

// ---- agencies ----

export interface AgencyRow {
  id: string;
  name: string;
  uscc: string;
  created_at: Date;
}

/** Registers an agency; `undefined` when its code is already registered. */
export async function insertAgency(db: Db | Knex.Transaction, a: { id: string; name: string; uscc: string }): Promise<AgencyRow | undefined> {
  const [row] = await db('agencies').insert(a).onConflict('uscc').ignore().returning('*');
  return row;
}

export async function findAgencyByUscc(db: Db | Knex.Transaction, uscc: string): Promise<AgencyRow | undefined> {
  return db('agencies').where({ uscc }).first();
}

/**
 * After a calendar change, unacknowledged notices whose acknowledgement period crosses a changed day are due
 * when the new calendar says (set-based: one UPDATE per distinct effective date in the span). Returns how many.
 */
export async function moveAgencyNoticeDueDates(db: Db, span: { from: IsoDate; to: IsoDate }): Promise<number> {
  return db.transaction(async (trx) => {
    const calendar = await loadCalendarSnapshot(trx);
    const timeLimits = await currentTimeLimits(trx);
    const dates: string[] = await trx('agency_notices')
      .whereNull('acknowledged_at')
      .where('effective_on', '<', span.to)
      .where('due_at', '>=', `${span.from}T00:00:00+08:00`)
      .distinct('effective_on')
      .pluck('effective_on');
    let moved = 0;
    for (const on of dates) {
      const dueAt = agencyNoticeDueAt(on, calendar, timeLimits.limits);
      moved += await trx('agency_notices').whereNull('acknowledged_at').where({ effective_on: on }).whereNot({ due_at: dueAt }).update({ due_at: dueAt });
    }
    return moved;
  });
}

export async function findAgency(db: Db | Knex.Transaction, id: string): Promise<AgencyRow | undefined> {
  return db('agencies').where({ id }).first();
}

/** The latest agencies whose name or code contains `text` (all of them without it), newest first. */
export async function agenciesMatching(db: Db, text: string | undefined, limit: number): Promise<Array<{ id: string; name: string; uscc: string }>> {
  return db('agencies')
    .modify((q) => {
      if (text) q.where((w) => w.whereILike('name', containing(text)).orWhereILike('uscc', containing(text)));
    })
    .orderBy('created_at', 'desc')
    .limit(limit)
    .select('id', 'name', 'uscc');
}

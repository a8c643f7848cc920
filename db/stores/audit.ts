import type { Knex } from 'knex';

export interface AuditEvent {
  /** Workflow ID + step for events written by activities, so a retry writes nothing twice. */
  key?: string;
  at?: string;
  actor: string;
  role: string;
  action: string;
  caseId?: string;
  recordId?: string;
  subjectId?: string;
  before?: unknown;
  after?: unknown;
}

/** Appends audit events inside the caller's transaction (the change and its audit commit together). */
export async function appendAudit(trx: Knex | Knex.Transaction, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx('audit_events')
    .insert(
      events.map((e) => ({
        key: e.key ?? null,
        at: e.at ?? trx.fn.now(),
        actor: e.actor,
        role: e.role,
        action: e.action,
        case_id: e.caseId ?? null,
        record_id: e.recordId ?? null,
        subject_id: e.subjectId ?? null,
        before: e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === undefined ? null : JSON.stringify(e.after),
      })),
    )
    .onConflict('key')
    .ignore();
}

export interface AuditFilter {
  caseId?: string;
  recordId?: string;
  subjectId?: string;
  actor?: string;
  /** Only events about this department's cases and records. */
  department?: string;
}

/** A page of audit events by ID, after `after`; one more than `limit` tells there is a next page. */
export async function auditEventsPage(db: Knex, f: AuditFilter, page: { after?: number; limit: number }) {
  const q = db('audit_events as a').select('a.*').orderBy('a.id').limit(page.limit + 1);
  if (f.caseId) q.where('a.case_id', f.caseId);
  if (f.recordId) q.where('a.record_id', f.recordId);
  if (f.subjectId) q.where('a.subject_id', f.subjectId);
  if (f.actor) q.where('a.actor', f.actor);
  if (page.after) q.where('a.id', '>', page.after);
  const department = f.department;
  if (department) {
    q.where((w) =>
      w.whereExists((s) => s.from('cases as c').whereRaw('c.id = a.case_id').where('c.department', department))
        .orWhereExists((s) => s.from('credit_records as r').whereRaw('r.id = a.record_id').where('r.department', department)),
    );
  }
  return q;
}

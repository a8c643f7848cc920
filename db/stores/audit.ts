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

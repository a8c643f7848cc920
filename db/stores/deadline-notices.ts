/**
 * What a deadline's reminder and overdue escalation leave behind: notifications in the outbox, and the escalation
 * supervisors see on their list. Keyed by case, deadline and due time, so a retried step writes nothing twice.
 */
import type { Knex } from 'knex';
import type { Deadline } from '../../shared/deadlines';
import type { Db } from '../knex';
import { appendAudit } from './audit';

export interface DeadlineNotice {
  caseId: string;
  caseType: string;
  department: string;
  deadline: Deadline;
  at: string;
}

const payload = (n: DeadlineNotice) => JSON.stringify({ caseType: n.caseType, deadline: n.deadline.id, kind: n.deadline.kind, dueAt: n.deadline.dueAt });

export async function sendReminder(db: Db | Knex.Transaction, n: DeadlineNotice): Promise<void> {
  await db('notifications')
    .insert({
      key: `reminder:${n.caseId}:${n.deadline.id}:${n.deadline.dueAt}`,
      kind: 'deadline_reminder',
      recipient_role: 'officer',
      recipient_department: n.department,
      recipient: n.deadline.handler ?? null,
      case_id: n.caseId,
      payload: payload(n),
    })
    .onConflict('key')
    .ignore();
}

/** Overdue: an escalation supervisors see on their list, a notification to them, and the audit event. */
export async function raiseEscalation(trx: Knex.Transaction, n: DeadlineNotice): Promise<void> {
  const key = `escalation:${n.caseId}:${n.deadline.id}:${n.deadline.dueAt}`;
  await trx('escalations')
    .insert({
      case_id: n.caseId,
      deadline_id: n.deadline.id,
      case_type: n.caseType,
      department: n.department,
      handler: n.deadline.handler ?? null,
      due_at: n.deadline.dueAt,
      raised_at: n.at,
    })
    .onConflict(['case_id', 'deadline_id', 'due_at'])
    .ignore();
  await trx('notifications')
    .insert({ key, kind: 'deadline_overdue', recipient_role: 'supervisor', recipient_department: n.department, case_id: n.caseId, payload: payload(n) })
    .onConflict('key')
    .ignore();
  await appendAudit(trx, [
    { key, at: n.at, actor: 'system', role: 'system', action: 'deadline.escalated', caseId: n.caseId, after: { deadline: n.deadline.id, dueAt: n.deadline.dueAt } },
  ]);
}

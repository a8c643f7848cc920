/** Running deadlines as the projection holds them (case_deadlines.computation is the case's own Deadline). */
import type { Knex } from 'knex';
import { reschedule, type Deadline } from '../../shared/deadlines';
import type { IsoDate } from '../../shared/calendar';
import type { Db } from '../knex';
import { calendarChange, loadCalendarSnapshot } from './calendar';

type Trx = Db | Knex.Transaction;
const OPEN = ['pending', 'due_soon', 'overdue', 'suspended'];

export interface DeadlineMoveView {
  caseId: string;
  deadlineId: string;
  kind: string;
  fromDueDate: IsoDate;
  toDueDate: IsoDate;
}

/**
 * What a calendar version moves: each running deadline over the days it changed, from its due date to the one
 * the case will compute (the same pure rescheduling the case runs when it gets the new calendar).
 */
export async function deadlineMoves(db: Trx, version: number): Promise<DeadlineMoveView[]> {
  const span = await calendarChange(db, version);
  if (!span) return [];
  const [rows, calendar] = await Promise.all([
    db('case_deadlines')
      .whereIn('state', OPEN)
      .whereRaw("computation->>'startDate' < ?", [span.to])
      .whereRaw("computation->>'dueDate' >= ?", [span.from])
      .orderBy(['case_id', 'deadline_id'])
      .select('case_id', 'computation'),
    loadCalendarSnapshot(db),
  ]);
  return rows.flatMap((r: { case_id: string; computation: Deadline }) => {
    const next = reschedule(r.computation, calendar, 'calendar changed', Date.now());
    return next.dueDate === r.computation.dueDate ? [] : [{ caseId: r.case_id, deadlineId: r.computation.id, kind: r.computation.kind, fromDueDate: r.computation.dueDate, toDueDate: next.dueDate }];
  });
}

/** Running deadlines that count over provisional days (DOMAIN.md §3), by due date, for a department or all. */
export async function provisionalDeadlines(db: Trx, a: { department?: string; limit: number; after?: { dueAt: string; caseId: string; deadlineId: string } }) {
  const q = db('case_deadlines as d')
    .join('cases as c', 'c.id', 'd.case_id')
    .whereIn('d.state', OPEN)
    .whereRaw("d.computation -> 'provisional' IS NOT NULL")
    .orderBy([{ column: 'd.due_at' }, { column: 'd.case_id' }, { column: 'd.deadline_id' }])
    .limit(a.limit + 1)
    .select('d.case_id', 'd.deadline_id', 'd.case_type', 'd.department', 'd.handler', 'd.kind', 'd.state', 'd.due_at', 'd.computation', 'c.subject_id');
  if (a.department) q.where('d.department', a.department);
  if (a.after) q.whereRaw('(d.due_at, d.case_id, d.deadline_id) > (?, ?, ?)', [a.after.dueAt, a.after.caseId, a.after.deadlineId]);
  return q;
}

/**
 * What supervisors watch (DOMAIN.md §4.6): deadlines near (`due_soon`) or past (`overdue`) their end, in due-date
 * order, with the escalations raised, from the projection; and overdue stop-use acknowledgements of agencies.
 */
import { COMPREHENSIVE_DEPARTMENT } from '../../shared/domain';
import type { Db } from '../knex';

export type AttentionState = 'due_soon' | 'overdue';

export interface SupervisionFilter {
  department?: string;
  type?: string;
  state?: AttentionState;
  limit: number;
  /** Keyset: the last item of the previous page. */
  after?: { dueAt: string; caseId: string; deadlineId: string };
}

export interface SupervisionRow {
  case_id: string;
  deadline_id: string;
  type: string;
  department: string;
  handler: string | null;
  kind: string;
  state: AttentionState;
  due_at: Date;
  escalations: Array<{ raisedAt: string; resolvedAt: string | null }>;
}

/** The SQL of the overdue list; the benchmark runs it directly as the floor. */
export function supervisionQuery(db: Db, f: SupervisionFilter) {
  const deadlines = db('case_deadlines')
    .select('case_id', 'deadline_id', db.raw('case_type AS type'), 'department', 'handler', 'kind', 'state', 'due_at')
    // The exact predicate of the partial indexes (migration 003).
    .whereRaw("escalates AND state IN ('due_soon', 'overdue')");
  if (f.department) deadlines.where('department', f.department);
  if (f.type) deadlines.where('case_type', f.type);
  if (f.state) deadlines.where('state', f.state);
  if (f.after) deadlines.whereRaw('(due_at, case_id, deadline_id) > (?, ?, ?)', [f.after.dueAt, f.after.caseId, f.after.deadlineId]);
  deadlines.orderBy(['due_at', 'case_id', 'deadline_id']).limit(f.limit);

  const notices =
    (!f.department || f.department === COMPREHENSIVE_DEPARTMENT) && (!f.type || f.type === 'agency_notice') && f.state !== 'due_soon'
      ? db('agency_notices')
          .select(
            db.raw(`'agency-notice-' || id AS case_id`),
            db.raw(`'acknowledgement' AS deadline_id`),
            db.raw(`'agency_notice' AS type`),
            db.raw('? AS department', [COMPREHENSIVE_DEPARTMENT]),
            db.raw('agency_id::text AS handler'),
            db.raw(`'agency_acknowledgement' AS kind`),
            db.raw(`'overdue' AS state`),
            'due_at',
          )
          .whereNull('acknowledged_at')
          .where('due_at', '<', db.fn.now())
          .modify((q) => (f.after ? q.whereRaw(`(due_at, 'agency-notice-' || id, 'acknowledgement') > (?, ?, ?)`, [f.after.dueAt, f.after.caseId, f.after.deadlineId]) : q))
          .orderBy('due_at')
          .limit(f.limit)
      : undefined;

  const page = notices
    ? db.select('*').from(db.raw('((?) UNION ALL (?)) AS items', [deadlines, notices])).orderBy(['due_at', 'case_id', 'deadline_id']).limit(f.limit)
    : deadlines;
  return db
    .select(
      'p.*',
      db.raw(`COALESCE((SELECT json_agg(json_build_object('raisedAt', e.raised_at, 'resolvedAt', e.resolved_at) ORDER BY e.raised_at)
        FROM escalations e WHERE e.case_id = p.case_id AND e.deadline_id = p.deadline_id), '[]') AS escalations`),
    )
    .from(page.as('p'))
    .orderBy(['p.due_at', 'p.case_id', 'p.deadline_id']);
}

export async function supervisionItems(db: Db, f: SupervisionFilter): Promise<SupervisionRow[]> {
  return supervisionQuery(db, f);
}

export async function supervisionSummary(db: Db, department?: string) {
  const deadlines = await db('case_deadlines')
    .select('department', db.raw('case_type AS type'), 'state')
    .count('* as count')
    .where('escalates', true)
    .whereIn('state', ['pending', 'due_soon', 'overdue', 'suspended'])
    .modify((q) => (department ? q.where('department', department) : q))
    .groupBy('department', 'case_type', 'state')
    .orderBy(['department', 'case_type', 'state']);
  const escalations = await db('escalations')
    .select('department')
    .count('* as raised')
    .select(db.raw('count(*) FILTER (WHERE resolved_at IS NULL) AS open'))
    .modify((q) => (department ? q.where('department', department) : q))
    .groupBy('department')
    .orderBy('department');
  const notices =
    !department || department === COMPREHENSIVE_DEPARTMENT
      ? await db('agency_notices').whereNull('acknowledged_at').select(db.raw("count(*) FILTER (WHERE due_at < now()) AS overdue, count(*) FILTER (WHERE due_at >= now()) AS pending")).first()
      : undefined;
  return { deadlines, escalations, notices };
}

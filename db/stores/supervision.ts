/**
 * What supervisors watch (DOMAIN.md §4.6): deadlines near (`due_soon`) or past (`overdue`) their end, in due-date
 * order, with the escalations raised, from the projection; and overdue stop-use acknowledgements of agencies.
 */
import { COMPREHENSIVE_DEPARTMENT } from '../../shared/domain';
import { hotRows, type Db } from '../knex';

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

/**
 * The SQL of the overdue list, written out with PostgreSQL's own placeholders (it is the hot read of supervision;
 * the benchmark runs it directly as the floor). Deadlines and overdue agency acknowledgements, each branch walking
 * its partial index in due-date order, merged, one page, with the escalations of each item.
 */
export function supervisionSql(f: SupervisionFilter): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [];
  /** `$n` of the value; a value used in both branches is bound once. */
  const bind = (value: unknown) => `$${bindings.push(value)}`;
  // The exact predicate of the partial indexes (migration 003).
  const where = ["escalates AND state IN ('due_soon', 'overdue')"];
  if (f.department) where.push(`department = ${bind(f.department)}`);
  if (f.type) where.push(`case_type = ${bind(f.type)}`);
  if (f.state) where.push(`state = ${bind(f.state)}`);
  const after = f.after && `(${bind(f.after.dueAt)}, ${bind(f.after.caseId)}, ${bind(f.after.deadlineId)})`;
  if (after) where.push(`(due_at, case_id, deadline_id) > ${after}`);
  const limit = bind(f.limit);
  let page = `SELECT case_id, deadline_id, case_type AS type, department, handler, kind, state, due_at
    FROM case_deadlines WHERE ${where.join(' AND ')} ORDER BY due_at, case_id, deadline_id LIMIT ${limit}`;

  const withNotices = (!f.department || f.department === COMPREHENSIVE_DEPARTMENT) && (!f.type || f.type === 'agency_notice') && f.state !== 'due_soon';
  if (withNotices) {
    page = `(${page}) UNION ALL (
      SELECT 'agency-notice-' || id, 'acknowledgement', 'agency_notice', ${bind(COMPREHENSIVE_DEPARTMENT)}, agency_id::text, 'agency_acknowledgement', 'overdue', due_at
      FROM agency_notices WHERE acknowledged_at IS NULL AND due_at < now()
      ${after ? `AND (due_at, 'agency-notice-' || id, 'acknowledgement') > ${after}` : ''}
      -- In the page's own order: the notices of one sweep share their due instant, and a page of them by due_at
      -- alone would skip those the next page's cursor passes over.
      ORDER BY due_at, 'agency-notice-' || id LIMIT ${limit}
    ) ORDER BY due_at, case_id, deadline_id LIMIT ${limit}`;
  }
  return {
    sql: `SELECT p.*, COALESCE((SELECT json_agg(json_build_object('raisedAt', e.raised_at, 'resolvedAt', e.resolved_at) ORDER BY e.raised_at)
      FROM escalations e WHERE e.case_id = p.case_id AND e.deadline_id = p.deadline_id), '[]') AS escalations
      FROM (${page}) p ORDER BY p.due_at, p.case_id, p.deadline_id`,
    bindings,
  };
}

export async function supervisionItems(db: Db, f: SupervisionFilter): Promise<SupervisionRow[]> {
  const { sql, bindings } = supervisionSql(f);
  return hotRows(db, sql, bindings);
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

/**
 * Incidents: cases whose work is failing (an activity refused for good, or failing again and again), and cases
 * stuck before their first step, for supervisors (GET /api/v1/supervision/incidents).
 */
import type { Db } from '../knex';

export interface IncidentReport {
  caseId: string;
  workflowType: string;
  department?: string;
  activity: string;
  kind: 'data_refused' | 'failing';
  error: string;
  code?: string;
  attempts: number;
  firstFailedAt: Date;
}

export interface IncidentRow {
  case_id: string;
  workflow_type: string;
  department: string | null;
  activity: string;
  kind: string;
  error: string;
  code: string | null;
  attempts: number;
  first_failed_at: Date;
  last_failed_at: Date;
  case_type: string | null;
}

/** Opens the incident of this case's activity, or brings the open one up to date. */
export async function reportIncident(db: Db, r: IncidentReport): Promise<void> {
  await db.raw(
    `INSERT INTO activity_incidents (case_id, workflow_type, department, activity, kind, error, code, attempts, first_failed_at, last_failed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())
     ON CONFLICT (case_id, activity) WHERE resolved_at IS NULL
     DO UPDATE SET kind = excluded.kind, error = excluded.error, code = excluded.code, attempts = excluded.attempts, last_failed_at = now()`,
    [r.caseId, r.workflowType, r.department ?? null, r.activity, r.kind, r.error, r.code ?? null, r.attempts, r.firstFailedAt],
  );
}

/** A later attempt succeeded: the incident is over. */
export async function resolveIncident(db: Db, caseId: string, activity: string): Promise<void> {
  await db('activity_incidents').where({ case_id: caseId, activity }).whereNull('resolved_at').update({ resolved_at: db.fn.now() });
}

/** Open incidents, newest first; `department` scopes them (undefined: all); `caseId` narrows to one case. */
export async function openIncidents(db: Db, opts: { department?: string; caseId?: string; limit?: number; stuckAfterMs: number }): Promise<IncidentRow[]> {
  const failing = db('activity_incidents as i')
    .leftJoin('cases as c', 'c.id', 'i.case_id')
    .whereNull('i.resolved_at')
    .select('i.case_id', 'i.workflow_type', db.raw('coalesce(c.department, i.department) as department'), 'i.activity', 'i.kind', 'i.error', 'i.code', 'i.attempts', 'i.first_failed_at', 'i.last_failed_at', 'c.type as case_type');
  // A case claimed by the API whose workflow never wrote its first state.
  const stuck = db('cases as c')
    .where('c.status', 'starting')
    .where('c.created_at', '<', new Date(Date.now() - opts.stuckAfterMs))
    .whereNotExists((s) => s.from('activity_incidents as i').whereRaw('i.case_id = c.id').whereNull('i.resolved_at'))
    .select('c.id as case_id', db.raw("'' as workflow_type"), 'c.department', db.raw("'' as activity"), db.raw("'stuck_starting' as kind"), db.raw("'the case has not taken its first step' as error"), db.raw('null as code'), db.raw('0 as attempts'), 'c.created_at as first_failed_at', 'c.created_at as last_failed_at', 'c.type as case_type');
  if (opts.department) {
    failing.whereRaw('coalesce(c.department, i.department) = ?', [opts.department]);
    stuck.where('c.department', opts.department);
  }
  if (opts.caseId) {
    failing.where('i.case_id', opts.caseId);
    stuck.where('c.id', opts.caseId);
  }
  return db.select('*').from(db.union([failing, stuck], true).as('u')).orderBy('first_failed_at', 'desc').limit(opts.limit ?? 500);
}

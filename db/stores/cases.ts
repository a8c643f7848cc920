import type { Knex } from 'knex';
import type { CaseProjection, CaseView } from '../../shared/cases';
import { toCaseView } from '../../shared/cases';
import type { CaseType } from '../../shared/domain';
import type { Db } from '../knex';
import type { Trx } from '..';
import { appendAudit } from './audit';
import { raiseEscalation, sendReminder, type DeadlineNotice } from './deadline-notices';
import { recordDocumentStates, storeDocuments, type DocumentRow } from './documents';

/**
 * Writes a case's state to the projection: the case row, its deadlines, resolved escalations and an audit event
 * per new case event, in one transaction. A write older than the stored revision changes nothing, so retries and
 * out-of-order activity completions are harmless.
 */
export async function projectCase(db: Db, state: CaseProjection): Promise<void> {
  await db.transaction((trx) => projectCaseIn(trx, state));
}

/** The projection write inside a transaction the caller holds (a step's other writes commit with it). */
export async function projectCaseIn(trx: Knex.Transaction, state: CaseProjection): Promise<void> {
  const row = {
    id: state.id,
    type: state.type,
    status: state.status,
    subject_id: state.subjectId,
    department: state.department,
    handler: state.handler ?? null,
    record_id: state.recordId ?? null,
    matter_key: state.matterKey ?? null,
    open: state.open,
    revision: state.revision,
    view: JSON.stringify(toCaseView(state)),
    created_at: state.createdAt,
    updated_at: trx.fn.now(),
  };
  const written = await trx('cases')
    .insert(row)
    .onConflict('id')
    .merge()
    .where('cases.revision', '<', state.revision)
    .returning('id');
  if (written.length === 0) return;

  await trx('case_deadlines').where({ case_id: state.id }).delete();
  if (state.deadlines.length > 0) {
    await trx('case_deadlines').insert(
      state.deadlines.map((d) => ({
        case_id: state.id,
        deadline_id: d.id,
        case_type: state.type,
        department: state.department,
        handler: d.handler ?? state.handler ?? null,
        kind: d.kind,
        state: d.state,
        escalates: d.escalates,
        due_at: d.dueAt,
        remind_at: d.remindAt ?? null,
        computation: JSON.stringify(d),
      })),
    );
  }
  const handled = state.deadlines.filter((d) => d.state !== 'overdue').map((d) => d.id);
  if (handled.length > 0) {
    await trx('escalations')
      .where({ case_id: state.id })
      .whereIn('deadline_id', handled)
      .whereNull('resolved_at')
      .update({ resolved_at: trx.fn.now() });
  }
  await appendAudit(
    trx,
    state.events.map((e) => ({
      key: `${state.id}#${e.seq}`,
      at: e.at,
      actor: e.actor,
      role: e.role,
      action: `${state.type}.${e.action}`,
      caseId: state.id,
      recordId: state.recordId,
      subjectId: state.subjectId,
      after: { status: state.status, ...(e.details ?? {}) },
    })),
  );
}

/** Claims a matter for a new case before its workflow starts: the unique index refuses a second open case. */
export async function claimCase(
  trx: Knex.Transaction,
  c: { id: string; type: string; subjectId: string; department: string; matterKey?: string; recordId?: string; handler?: string },
): Promise<'claimed' | 'duplicate'> {
  const now = new Date().toISOString();
  const inserted = await trx.raw(
    `INSERT INTO cases (id, type, status, subject_id, department, handler, record_id, matter_key, open, revision, view, created_at, updated_at)
     VALUES (?, ?, 'starting', ?, ?, ?, ?, ?, true, 0, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING id`,
    [c.id, c.type, c.subjectId, c.department, c.handler ?? null, c.recordId ?? null, c.matterKey ?? null, JSON.stringify(startingView(c, now)), now, now],
  );
  return inserted.rows.length === 1 ? 'claimed' : 'duplicate';
}

/**
 * The case as it reads between its claim and its first projection write (or after a crash there): the full shape of
 * a case, with nothing computed yet. Its time limits are fixed by its first step, so their version is 0 until then.
 */
function startingView(c: Parameters<typeof claimCase>[1], createdAt: string): CaseView {
  return {
    id: c.id,
    type: c.type as CaseType,
    status: 'starting',
    subjectId: c.subjectId,
    department: c.department,
    ...(c.handler ? { handler: c.handler } : {}),
    ...(c.recordId ? { recordId: c.recordId } : {}),
    createdAt,
    timeLimitsVersion: 0,
    deadlines: [],
    documents: [],
    events: [],
    allowedActions: {},
    details: {},
  };
}

export interface CaseRow {
  id: string;
  type: string;
  status: string;
  subject_id: string;
  department: string;
  handler: string | null;
  record_id: string | null;
  open: boolean;
  view: Record<string, unknown>;
}

export async function findCase(db: Db, id: string): Promise<CaseRow | undefined> {
  return db('cases').where({ id }).first();
}

/**
 * Everything one step of a case writes, in one transaction (ARCHITECTURE.md "One step, one activity, one
 * transaction"): the documents it issued, their service and acknowledgement, the reminders and escalations its
 * deadlines raised, and the projection. Every part is keyed, so a retried step writes nothing twice.
 */
export async function commitCaseStep(
  db: Db,
  step: { projection: CaseProjection; documents: DocumentRow[]; reminders: DeadlineNotice[]; escalations: DeadlineNotice[] },
): Promise<void> {
  await db.transaction(async (trx) => {
    await storeDocuments(trx, step.documents);
    await recordDocumentStates(trx, step.projection.id, step.projection.documents);
    for (const n of step.reminders) await sendReminder(trx, n);
    for (const n of step.escalations) await raiseEscalation(trx, n);
    await projectCaseIn(trx, step.projection);
  });
}

/** Whether a case with this ID was claimed (a retried start finds its own claim). */
export async function caseExists(db: Trx, id: string): Promise<boolean> {
  return !!(await db('cases').where({ id }).first('id'));
}

export interface CaseFilter {
  type?: string;
  status?: string;
  department?: string;
  subjectId?: string;
  /** Only cases with an overdue deadline. */
  overdue?: boolean;
  /** Only cases with a running deadline due before this day (Asia/Shanghai). */
  dueBefore?: string;
}

/** A page of cases, newest first, after the cursor (created at, ID); one more than `limit` tells there is a next page. */
export async function listCases(db: Db, filter: CaseFilter, page: { limit: number; cursor?: [string, string] }): Promise<Array<{ id: string; subject_id: string; view: Record<string, unknown>; created_at: Date }>> {
  const q = db('cases as c').select('c.id', 'c.subject_id', 'c.view', 'c.created_at').orderBy([{ column: 'c.created_at', order: 'desc' }, { column: 'c.id', order: 'desc' }]).limit(page.limit + 1);
  if (filter.type) q.where('c.type', filter.type);
  if (filter.status) q.where('c.status', filter.status);
  if (filter.department) q.where('c.department', filter.department);
  if (filter.subjectId) q.where('c.subject_id', filter.subjectId);
  if (filter.overdue) q.whereExists((s) => s.from('case_deadlines as d').whereRaw('d.case_id = c.id').where('d.state', 'overdue'));
  if (filter.dueBefore) {
    q.whereExists((s) =>
      s.from('case_deadlines as d').whereRaw('d.case_id = c.id').whereIn('d.state', ['pending', 'due_soon', 'overdue']).where('d.due_at', '<', `${filter.dueBefore}T00:00:00+08:00`),
    );
  }
  if (page.cursor) {
    const [at, id] = page.cursor;
    q.whereRaw('(c.created_at, c.id) < (?, ?)', [at, id]);
  }
  return q;
}

/** The views of a subject's cases, oldest first (its file). */
export async function caseViewsOf(db: Db, subjectId: string): Promise<Array<Record<string, unknown>>> {
  const rows = await db('cases').where({ subject_id: subjectId }).orderBy('created_at').select('view');
  return rows.map((r: { view: Record<string, unknown> }) => r.view);
}

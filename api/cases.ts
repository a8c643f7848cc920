/**
 * What every case route shares: finding the case in the projection, checking the caller may see or act on it,
 * starting its workflow after claiming its matter, sending it an Update, and presenting it to the caller.
 */
import { ActivityFailure, ApplicationFailure, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type WorkflowUpdateHandle } from '@temporalio/client';
import type { UpdateDefinition, Workflow } from '@temporalio/common';
import { createHash, randomUUID } from 'node:crypto';
import { appendAudit, type AuditEvent } from '../db/stores/audit';
import { caseExists, claimCase, findCase, type CaseRow } from '../db/stores/cases';
import { openIncidents } from '../db/stores/incidents';
import { NON_RETRYABLE_FAILURES } from '../shared/errors';
import type { Actor, CaseView } from '../shared/cases';
import type { CaseType, Role } from '../shared/domain';
import { FIRST_STEPS_UPDATE_ID, firstStepsUpdate } from '../shared/case-messages';
import { isComprehensiveSupervisor } from './auth';
import { forbidden, notFound, refusal } from './errors';
import { z } from 'zod';
import { route, type Deps, type Reply, type Route } from './http';
import { purposeQuery } from './schemas';
import { logInquiry } from '../db/stores/inquiries';

/** A case as the API returns it (API.md "A case as returned"); `details` depend on the case type. */
export const CaseViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  subjectId: z.string(),
  department: z.string(),
  handler: z.string().optional(),
  recordId: z.string().optional(),
  createdAt: z.string(),
  timeLimitsVersion: z.number(),
  deadlines: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      startsFrom: z.object({ event: z.string(), at: z.string() }),
      startDate: z.string(),
      dueDate: z.string(),
      dueAt: z.string(),
      remindAt: z.string().optional(),
      rule: z.string(),
      workingDays: z.number(),
      timeLimitsVersion: z.number(),
      calendarVersion: z.number(),
      state: z.enum(['pending', 'due_soon', 'overdue', 'met', 'suspended', 'cancelled']),
      extension: z.object({ workingDays: z.number(), reason: z.string(), by: z.string(), at: z.string() }).optional(),
      suspendedWorkingDays: z.number(),
      moves: z.array(z.object({ at: z.string(), reason: z.string(), fromDueDate: z.string(), toDueDate: z.string() })),
    }),
  ),
  documents: z.array(z.object({ id: z.string(), kind: z.string(), sha256: z.string(), createdAt: z.string(), servedAt: z.string().optional(), serviceMethod: z.string().optional(), acknowledgedAt: z.string().optional() })),
  events: z.array(z.object({ seq: z.number(), at: z.string(), actor: z.string(), role: z.string(), action: z.string(), details: z.record(z.string(), z.unknown()).optional() })),
  allowedActions: z.array(z.string()).describe('what the caller may do now'),
  details: z.record(z.string(), z.unknown()),
});

export async function loadCase(deps: Deps, id: string, type?: CaseType): Promise<CaseRow> {
  const row = await findCase(deps.db, id);
  if (!row || (type && row.type !== type)) throw notFound('case');
  return row;
}

/** Officers and supervisors of the owning department (the comprehensive department's supervisors: all); the subject its own. */
export function assertCaseAccess(actor: Actor, row: { department: string | null; subject_id: string | null }): void {
  if (actor.role === 'subject') {
    if (actor.subjectId !== row.subject_id) throw notFound('case');
    return;
  }
  if (actor.role !== 'officer' && actor.role !== 'supervisor') throw forbidden();
  if (actor.department !== row.department && !isComprehensiveSupervisor(actor)) throw forbidden(`this case belongs to the ${row.department} department`);
}

/** The case with `allowedActions` narrowed to what this caller may do now. */
export function presentCase(view: CaseView | Record<string, unknown>, actor: Actor) {
  const v = view as CaseView;
  const mine = v.allowedActions?.[actor.role as Role] ?? [];
  return { ...v, allowedActions: mine };
}

export function caseIdFor(type: CaseType, actor: Actor, idempotencyKey?: string): string {
  if (!idempotencyKey) return `${type}-${randomUUID()}`;
  // A retried request with the same key names the same case, so a crash between start and reply starts nothing twice.
  const h = createHash('sha256').update(`${actor.id}\n${type}\n${idempotencyKey}`).digest('hex');
  return `${type}-${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Claims the matter (a second open case on it is refused) and starts the workflow with its first-steps update
 * (Update-with-Start) in the same transaction: if the start fails nothing stays claimed. The transaction commits
 * once the update is accepted (the workflow's first writes wait for the claim), then the answer is the update's
 * result: the case after its first steps, as the projection now holds it.
 */
export async function startCase<W extends Workflow>(
  deps: Deps,
  c: {
    id: string;
    type: CaseType;
    /** The workflow's name; its type gives the arguments (API code never imports workflow code). */
    workflow: string;
    args: Parameters<W>;
    subjectId: string;
    department: string;
    handler?: string;
    recordId?: string;
    matterKey?: string;
    duplicate: () => Error;
    /** Audit events that belong to the start (e.g. an officer's JS Art 62 confirmation), keyed for a retried start. */
    audit?: AuditEvent[];
  },
): Promise<CaseView> {
  let firstSteps: WorkflowUpdateHandle<CaseView> | undefined;
  await deps.db.transaction(async (trx) => {
    const claimed = await claimCase(trx, c);
    if (claimed === 'duplicate') {
      if (!(await caseExists(trx, c.id))) throw c.duplicate();
    }
    await appendAudit(trx, c.audit ?? []);
    // A retry with the same Idempotency-Key names the same case: it joins the running one and gets the same
    // answer (the update's ID is fixed); a case that has ended already is never started again.
    const startWorkflowOperation = new WithStartWorkflowOperation(c.workflow, {
      workflowId: c.id,
      taskQueue: deps.taskQueue,
      args: c.args,
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    } as never);
    try {
      firstSteps = await deps.temporal.workflow.startUpdateWithStart(firstStepsUpdate, { updateId: FIRST_STEPS_UPDATE_ID, waitForStage: 'ACCEPTED', startWorkflowOperation });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  });
  if (firstSteps) return firstSteps.result().catch((err: unknown) => refuseAsIncident(deps, c.id, err));
  const row = await findCase(deps.db, c.id);
  if (!row) throw notFound('case');
  return row.view as CaseView;
}

/** Starts the case and answers 201 with it as it stands after its first steps (e.g. the prior notice issued). */
export async function startCaseReply<W extends Workflow>(
  deps: Deps,
  actor: Actor,
  c: Parameters<typeof startCase<W>>[1] & { path: string; present?: typeof presentCase },
): Promise<Reply> {
  const view = await startCase<W>(deps, c);
  const present = c.present ?? presentCase;
  return { status: 201, body: present(view, actor), headers: { Location: `/api/v1/${c.path}/${c.id}` } };
}

/** Sends a human step to the case's workflow; the validator's refusal comes back with its code. */
export async function caseUpdate<Args extends [any, ...any[]]>(
  deps: Deps,
  row: CaseRow,
  update: UpdateDefinition<CaseView, Args>,
  args: Args,
): Promise<CaseView> {
  if (!row.open) throw refusal('case_closed', `the case is ${row.status}`);
  await refuseIfIncident(deps, row.id);
  const handle = deps.temporal.workflow.getHandle(row.id);
  return handle.executeUpdate(update, { args }).catch((err: unknown) => refuseAsIncident(deps, row.id, err));
}

/** A step whose write the database refused (the activity failed for good) is answered as the incident it opened. */
async function refuseAsIncident(deps: Deps, caseId: string, err: unknown): Promise<never> {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ActivityFailure) {
    const failure = err.cause.cause;
    if (failure instanceof ApplicationFailure && NON_RETRYABLE_FAILURES.includes(failure.type ?? '')) {
      await refuseIfIncident(deps, caseId);
      throw refusal('case_incident', `the case cannot take this step: ${failure.message}`, { caseId });
    }
  }
  throw err;
}

/** How long a claimed case may stay before its first step before it counts as stuck. */
export const STUCK_STARTING_MS = 5 * 60_000;

/** A case whose work is failing takes no step until the incident is resolved: the caller is told why at once. */
export async function refuseIfIncident(deps: Deps, caseId: string): Promise<void> {
  const incidents = await openIncidents(deps.db, { caseId, stuckAfterMs: STUCK_STARTING_MS });
  if (incidents.length === 0) return;
  throw refusal('case_incident', 'the case cannot take this step: its work is failing and it is listed among the incidents supervisors see (GET /api/v1/supervision/incidents)', {
    caseId,
    incidents: incidents.map((i) => ({ kind: i.kind, activity: i.activity || undefined, error: i.error, since: new Date(i.first_failed_at).toISOString() })),
  });
}

/**
 * A human step on a case, as a route: the caller must be allowed on the case (its department, or its own subject),
 * then `send` passes the step to the workflow; the reply is the case after it, narrowed to the caller.
 */
export function caseStep<B>(spec: {
  type: CaseType;
  /** Path of the case collection, e.g. `inclusion-cases`. */
  collection: string;
  tag: string;
  params: z.ZodType<{ id: string }>;
  path: string;
  summary: string;
  roles: Array<'officer' | 'supervisor' | 'subject'>;
  body?: z.ZodType<B>;
  responses?: Record<number, string>;
  send: (deps: Deps, row: CaseRow, actor: Actor, body: B) => Promise<unknown>;
}): Route {
  return route({
    method: 'post',
    path: `/api/v1/${spec.collection}/{id}/${spec.path}`,
    tag: spec.tag,
    summary: spec.summary,
    access: spec.roles,
    params: spec.params,
    body: spec.body,
    responses: { 200: 'the case after the step', 400: 'invalid body', 401: 'no token', 403: 'wrong role or department', 404: 'no such case', 409: 'refused in this state', ...spec.responses },
    returns: CaseViewSchema,
    async handle({ actor, params, body, deps }) {
      const row = await loadCase(deps, params.id, spec.type);
      assertCaseAccess(actor, row);
      const view = await spec.send(deps, row, actor, body as B);
      return { body: presentCase(view as Record<string, unknown>, actor) };
    },
  });
}

/** Reading a case from the projection, as a route: its department, or the subject its own. */
export function caseRead(spec: {
  type: CaseType;
  collection: string;
  tag: string;
  params: z.ZodType<{ id: string }>;
  summary: string;
  assertAccess?: (actor: Actor, row: CaseRow) => void;
  present?: typeof presentCase;
}): Route {
  return route({
    method: 'get',
    path: `/api/v1/${spec.collection}/{id}`,
    tag: spec.tag,
    summary: spec.summary,
    access: ['officer', 'supervisor', 'subject'],
    params: spec.params,
    query: z.strictObject(purposeQuery),
    responses: { 200: 'the case', 401: 'no token', 403: 'other department', 404: 'no such case' },
    returns: CaseViewSchema,
    async handle({ actor, params, query, deps }) {
      const row = await loadCase(deps, params.id, spec.type);
      (spec.assertAccess ?? assertCaseAccess)(actor, row);
      // A case about a subject is part of its file (JS Art 39).
      await logInquiry(deps.db, actor, row.subject_id, `case ${row.id}`, query.purpose);
      return { body: (spec.present ?? presentCase)(row.view, actor) };
    },
  });
}

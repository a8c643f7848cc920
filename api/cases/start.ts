/** Starting a case: its matter claimed and its workflow started with its first steps, answered with their result. */
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type WorkflowUpdateHandle } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { appendAudit, type AuditEvent } from '../../db/stores/audit';
import { caseExists, claimCase, findCase } from '../../db/stores/cases';
import { FIRST_STEPS_UPDATE_ID, firstStepsUpdate } from '../../shared/case-messages';
import type { Actor, CaseView } from '../../shared/cases';
import type { CaseType } from '../../shared/domain';
import { notFound } from '../errors';
import type { Deps, Reply } from '../http';
import { presentCase } from '../presenters';
import { refuseAsIncident } from './steps';

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

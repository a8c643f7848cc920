/**
 * One step, one activity, one transaction (ARCHITECTURE.md): each human step of a case, read back from its
 * workflow history, runs one activity, its commit, which writes the step's documents, their service and the
 * projection together. The commit and the reads of the calendar run as local activities on the worker, in the
 * workflow task that took the step (markers, not tasks of the server's queue).
 */
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../db/knex';
import { acknowledgeUpdate, decideUpdate, feedbackUpdate, recordServiceUpdate, submitStatementUpdate } from '../shared/inclusion';
import { inclusionCase } from '../workflows';
import { officer, subjectActor, until } from './helpers/cases';
import { inclusionInput, registerOrganisation } from './helpers/fixtures';
import { withTimeSkippingWorker } from './helpers/temporal';

let env: TestWorkflowEnvironment;
let db: Db;
let taskQueue: string;
withTimeSkippingWorker((ctx) => {
  ({ env, db, taskQueue } = ctx);
});

const { EventType } = temporal.api.enums.v1;

/**
 * The case's history as its steps (updates taken, timers fired) and the activities they ran, in order: a task of the
 * server's queue by its name, a step's commit on the worker (a local activity's marker) as `commitStep (local)`.
 */
async function timeline(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).flatMap((e) => {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) return [`step: ${e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.name}`];
    if (e.eventType === EventType.EVENT_TYPE_TIMER_FIRED) return ['step: a period ended'];
    if (e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) return [e.activityTaskScheduledEventAttributes!.activityType!.name!];
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_local_activity') {
      const { activity_type } = JSON.parse(Buffer.from(marker.details!.data!.payloads![0].data!).toString('utf8'));
      return activity_type === 'commitStep' ? ['commitStep (local)'] : [];
    }
    return [];
  });
}

test('every step of an inclusion case, from its start to the list entry, commits once, on the worker', async () => {
  const org = await registerOrganisation(db);
  const input = inclusionInput(org);
  const handle = await env.client.workflow.start(inclusionCase, { args: [input], workflowId: input.caseId, taskQueue });
  await until(handle, (x) => x.status === 'notice_issued');
  const subject = subjectActor(org.id);
  const now = async () => new Date(await env.currentTimeMs()).toISOString();

  await handle.executeUpdate(recordServiceUpdate, { args: [{ actor: officer, document: 'notice', method: 'in_person', servedAt: await now() }] });
  await handle.executeUpdate(submitStatementUpdate, { args: [{ actor: subject, text: '我公司已整改', evidence: [] }] });
  let c = await handle.executeUpdate(feedbackUpdate, { args: [{ actor: officer, accepted: false, text: '整改不影响违法事实的认定' }] });
  const window = c.deadlines.find((d) => d.id === 'statement_window')!;
  await env.sleep(Date.parse(window.dueAt) - (await env.currentTimeMs()) + 60_000);
  await until(handle, (x) => x.status === 'awaiting_decision');
  c = await handle.executeUpdate(decideUpdate, { args: [{ actor: officer, outcome: 'include', reasons: '违法事实清楚，情节严重' }] });
  expect(c.documents.map((d) => d.kind)).toEqual(['prior_notice', 'statement_feedback', 'inclusion_decision', 'credit_repair_notice']);
  // The SHA-256 each document was stored with is what the case says.
  const stored = await db('documents').where({ case_id: input.caseId }).select('id', 'sha256', 'served_at');
  expect(c.documents.map((d) => [d.id, d.sha256])).toEqual(expect.arrayContaining(stored.map((r) => [r.id, r.sha256])));
  c = await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: subject, document: 'decision' }] });
  await until(handle, (x) => x.status === 'listed');

  expect(await timeline(handle)).toEqual([
    'loadCaseSetup', 'commitStep (local)', // started, the prior notice issued
    'step: recordService', 'commitStep (local)',
    'step: submitStatement', 'commitStep (local)',
    'step: feedback', 'commitStep (local)',
    'step: a period ended', 'commitStep (local)', // the window ended: the case awaits the decision
    'step: decide', 'commitStep (local)', // the decision and the credit-repair notice issued with it
    // Served electronically by the acknowledgement, which the process sees at once: the list entry is created
    // while the acknowledgement commits (a local activity's marker is written as its workflow task completes, after
    // the activity that task scheduled), and the listing commits after it.
    'step: acknowledge', 'createListEntry', 'commitStep (local)', 'commitStep (local)',
  ]);
  // Service and acknowledgement reached the documents with the step's commit.
  const decision = c.documents.find((d) => d.kind === 'inclusion_decision')!;
  expect(await db('documents').where({ id: decision.id }).first('service_method', 'acknowledged_at')).toMatchObject({ service_method: 'electronic', acknowledged_at: expect.any(Date) });
});

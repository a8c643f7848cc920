/**
 * The inclusion process under the time-skipping test server: deadlines really elapse (working days, holidays),
 * against real PostgreSQL and real activities.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../db/knex';
import { loadCalendarSnapshot } from '../db/stores/calendar';
import { addWorkingDays, addYears, shanghaiDate } from '../shared/calendar';
import {
  acknowledgeUpdate,
  approveUpdate,
  decideUpdate,
  feedbackUpdate,
  recordServiceUpdate,
  submitStatementUpdate,
  waiveUpdate,
  withdrawUpdate,
} from '../shared/inclusion';
import { inclusionCase } from '../workflows';
import { nextDecember30, officer, refusalOf, subjectActor, supervisor, until } from './helpers/cases';
import { inclusionInput, registerOrganisation, registerPerson } from './helpers/fixtures';
import { recordHistoryIfAsked, withTimeSkippingWorker } from './helpers/temporal';

let env: TestWorkflowEnvironment;
let db: Db;
let taskQueue: string;
withTimeSkippingWorker((ctx) => {
  ({ env, db, taskQueue } = ctx);
});

async function start(input: ReturnType<typeof inclusionInput>) {
  return env.client.workflow.start(inclusionCase, { args: [input], workflowId: input.caseId, taskQueue });
}

test('no statement: the window closes after 5 working days across New Year’s Day, then inclusion, then removal after the 3-year term', async () => {
  const person = await registerPerson(db, '李四');
  const org = await registerOrganisation(db, '南京某某建材有限公司', [{ role: 'legal_representative', subjectId: person.id }]);
  await env.sleep(nextDecember30(await env.currentTimeMs()) - (await env.currentTimeMs()));

  const input = inclusionInput(org);
  input.subject.responsiblePersons = [{ personId: person.id, role: 'legal_representative' }];
  const handle = await start(input);
  let c = await until(handle, (x) => x.status === 'notice_issued');
  expect(c.documents.map((d) => d.kind)).toEqual(['prior_notice']);

  const servedAt = new Date(await env.currentTimeMs()).toISOString();
  c = await handle.executeUpdate(recordServiceUpdate, { args: [{ actor: officer, document: 'notice', method: 'in_person', servedAt }] });
  const window = c.deadlines.find((d) => d.id === 'statement_window')!;
  const calendar = await loadCalendarSnapshot(db);
  const servedOn = shanghaiDate(Date.parse(servedAt));
  expect(window.startDate).toBe(servedOn);
  expect(window.workingDays).toBe(5);
  expect(window.rule).toBe('inclusion.statementWindowWorkingDays');
  expect(window.dueDate).toBe(addWorkingDays(servedOn, 5, calendar));
  // New Year's Day is not counted: the window ends later than five weekdays would.
  expect(window.dueDate > addWorkingDays(servedOn, 5, { version: 0, overrides: {} })).toBe(true);
  if (servedOn === '2026-12-30') expect(window.dueDate).toBe('2027-01-07');
  // The period ends at 24:00 of its last day.
  expect(Date.parse(window.dueAt)).toBe(Date.parse(`${window.dueDate}T00:00:00+08:00`) + 86_400_000);
  expect(c.allowedActions.subject).toEqual(['submit_statement', 'waive']);
  expect(c.allowedActions.officer).not.toContain('decide');

  // An early decision is refused while the window is open.
  expect(await refusalOf(handle.executeUpdate(decideUpdate, { args: [{ actor: officer, outcome: 'include', reasons: '过早' }] }))).toBe('case_not_awaiting_decision');

  // The window runs out.
  await env.sleep(Date.parse(window.dueAt) - (await env.currentTimeMs()) + 60_000);
  c = await until(handle, (x) => x.status === 'awaiting_decision');
  const eventsBefore = c.events.length;
  expect(await refusalOf(handle.executeUpdate(submitStatementUpdate, { args: [{ actor: subjectActor(org.id), text: '迟到的陈述', evidence: [] }] }))).toBe('objection_window_closed');
  c = await until(handle, (x) => x.status === 'awaiting_decision');
  expect(c.events.length).toBe(eventsBefore);

  c = await handle.executeUpdate(decideUpdate, { args: [{ actor: officer, outcome: 'include', reasons: '当事人在规定期限内未提出陈述申辩，违法事实清楚' }] });
  expect(c.status).toBe('decision_issued');
  expect(c.documents.map((d) => d.kind)).toEqual(['prior_notice', 'inclusion_decision', 'credit_repair_notice']);

  await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: subjectActor(org.id), document: 'decision' }] });
  await until(handle, (x) => x.status === 'listed');
  const entry = await db('list_entries').where({ case_id: input.caseId }).first();
  const includedOn = shanghaiDate(await env.currentTimeMs());
  expect(entry).toMatchObject({ subject_id: org.id, field: 'health_safety', included_on: includedOn, removal_due_on: addYears(includedOn, 3), removed_on: null });
  const record = await db('credit_records').where({ id: entry.record_id }).first();
  expect(record).toMatchObject({ category: 'dishonest', severity: 'serious', state: 'active', subject_id: org.id });
  const mark = await db('credit_records').where({ marks_record_id: entry.record_id }).first();
  expect(mark).toMatchObject({ subject_id: person.id, state: 'active' });

  // The term ends: the entry is removed, publicity stops, a removal notice is generated.
  await env.sleep(Date.parse(`${entry.removal_due_on}T00:00:00+08:00`) - (await env.currentTimeMs()) + 60_000);
  await handle.result();
  c = await until(handle, (x) => x.status === 'removed');
  expect(c.documents.map((d) => d.kind)).toContain('removal_notice');
  const removed = await db('list_entries').where({ case_id: input.caseId }).first();
  expect(removed).toMatchObject({ removed_on: entry.removal_due_on, removal_reason: 'term_ended' });
  expect((await db('credit_records').where({ id: entry.record_id }).first()).state).toBe('publicity_stopped');
  expect((await db('credit_records').where({ id: mark.id }).first()).state).toBe('publicity_stopped');
  await recordHistoryIfAsked(handle, 'inclusion-listed-then-removed');
  const audit = await db('audit_events').where({ case_id: input.caseId }).pluck('action');
  expect(audit).toEqual(expect.arrayContaining(['inclusion.started', 'inclusion.served', 'inclusion.period_ended', 'inclusion.decided', 'list_entry.created', 'list_entry.removed', 'inclusion.removed_from_list']));
});

test('a statement within the window, verified with feedback, then not included', async () => {
  const org = await registerOrganisation(db);
  const handle = await start(inclusionInput(org));
  await until(handle, (x) => x.status === 'notice_issued');
  await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: subjectActor(org.id), document: 'notice' }] });
  let c = await handle.executeUpdate(submitStatementUpdate, { args: [{ actor: subjectActor(org.id), text: '我公司已全部召回涉案产品并赔偿消费者', evidence: [] }] });
  const verification = c.deadlines.find((d) => d.id === 'verification-1')!;
  expect(verification).toMatchObject({ kind: 'statement_verification', workingDays: 5, escalates: true, state: 'pending' });
  expect(c.allowedActions.officer).toEqual(expect.arrayContaining(['feedback']));
  expect(await refusalOf(handle.executeUpdate(decideUpdate, { args: [{ actor: officer, outcome: 'not_include', reasons: 'x' }] }))).toBe('case_not_awaiting_decision');

  c = await handle.executeUpdate(feedbackUpdate, { args: [{ actor: officer, accepted: true, text: '经核实，当事人已主动消除危害后果' }] });
  expect(c.deadlines.find((d) => d.id === 'verification-1')!.state).toBe('met');
  expect(c.documents.map((d) => d.kind)).toContain('statement_feedback');
  c = await handle.executeUpdate(recordServiceUpdate, { args: [{ actor: officer, document: 'feedback', method: 'electronic', servedAt: new Date(await env.currentTimeMs()).toISOString(), electronicConsent: { agreedOn: '2026-11-02', document: '电子送达地址确认书' } }] });
  expect(c.documents.find((d) => d.kind === 'statement_feedback')!.servedAt).toBeDefined();
  await handle.executeUpdate(waiveUpdate, { args: [{ actor: subjectActor(org.id) }] });
  await until(handle, (x) => x.status === 'awaiting_decision');

  c = await handle.executeUpdate(decideUpdate, { args: [{ actor: officer, outcome: 'not_include', reasons: '当事人已主动消除危害后果，不予列入' }] });
  expect(c.status).toBe('not_included');
  expect(c.documents.map((d) => d.kind)).toContain('non_inclusion_notice');
  await handle.result();
  expect(await db('list_entries').where({ case_id: handle.workflowId })).toHaveLength(0);
});

test('verification overdue raises an escalation that supervisors see, and the case can still finish', async () => {
  const org = await registerOrganisation(db);
  const handle = await start(inclusionInput(org));
  await until(handle, (x) => x.status === 'notice_issued');
  await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: subjectActor(org.id), document: 'notice' }] });
  let c = await handle.executeUpdate(submitStatementUpdate, { args: [{ actor: subjectActor(org.id), text: '事实认定有误', evidence: [] }] });
  const verification = c.deadlines.find((d) => d.id === 'verification-1')!;

  await env.sleep(Date.parse(verification.remindAt!) - (await env.currentTimeMs()) + 60_000);
  await until(handle, (x) => x.deadlines.find((d) => d.id === 'verification-1')!.state === 'due_soon');
  expect(await db('notifications').where({ case_id: handle.workflowId, kind: 'deadline_reminder' })).toHaveLength(1);

  await env.sleep(Date.parse(verification.dueAt) - (await env.currentTimeMs()) + 60_000);
  c = await until(handle, (x) => x.deadlines.find((d) => d.id === 'verification-1')!.state === 'overdue');
  // Overdue escalates but never closes the case: it still waits for the feedback.
  expect(c.status).toBe('objection_window');
  expect(c.allowedActions.officer).toContain('feedback');
  const escalation = await db('escalations').where({ case_id: handle.workflowId, deadline_id: 'verification-1' }).first();
  expect(escalation).toMatchObject({ department: 'market-regulation', case_type: 'inclusion', resolved_at: null });
  expect(await db('notifications').where({ case_id: handle.workflowId, kind: 'deadline_overdue', recipient_role: 'supervisor' })).toHaveLength(1);
  expect((await db('case_deadlines').where({ case_id: handle.workflowId, deadline_id: 'verification-1' }).first()).state).toBe('overdue');

  // Handling late resolves the escalation; the case goes on.
  c = await handle.executeUpdate(feedbackUpdate, { args: [{ actor: officer, accepted: false, text: '经核实，事实认定无误' }] });
  expect(c.deadlines.find((d) => d.id === 'verification-1')!.state).toBe('met');
  await until(handle, () => true);
  const resolved = await db('escalations').where({ case_id: handle.workflowId }).first();
  expect(resolved.resolved_at).not.toBeNull();
});

test('withdrawal before a decision ends the case with its own notice', async () => {
  const org = await registerOrganisation(db);
  const handle = await start(inclusionInput(org));
  await until(handle, (x) => x.status === 'notice_issued');
  const c = await handle.executeUpdate(withdrawUpdate, { args: [{ actor: officer, reason: '据以认定的处罚决定已被撤销' }] });
  expect(c.status).toBe('withdrawn');
  expect(c.documents.map((d) => d.kind)).toEqual(['prior_notice', 'withdrawal_notice']);
  expect(c.allowedActions).toEqual({ officer: [], supervisor: [], subject: [] });
  await handle.result();
  // The workflow has completed: the step is refused by the server, not taken again.
  expect(await refusalOf(handle.executeUpdate(withdrawUpdate, { args: [{ actor: officer, reason: 'again' }] }))).toMatch(/WorkflowNotFoundError|already completed/i);
  expect(await db('documents').where({ case_id: handle.workflowId, kind: 'withdrawal_notice' })).toHaveLength(1);
});

test('a minor at the time of the act waits for a supervisor’s approval before any notice', async () => {
  const minor = await registerPerson(db, '王小明', '2010-03-01');
  const input = inclusionInput({ ...minor }, { needsApproval: true });
  input.subject = { ...input.subject, kind: 'natural_person', identifierType: 'citizen_id' };
  const handle = await start(input);
  let c = await until(handle, (x) => x.status === 'awaiting_approval');
  expect(c.documents).toHaveLength(0);
  expect(c.allowedActions.supervisor).toContain('approve');
  expect(await refusalOf(handle.executeUpdate(approveUpdate, { args: [{ actor: officer }] }))).toBe('forbidden');
  await env.sleep(10 * 86_400_000);
  c = await until(handle, (x) => x.status === 'awaiting_approval');
  expect(c.documents).toHaveLength(0);

  await handle.executeUpdate(approveUpdate, { args: [{ actor: supervisor }] });
  c = await until(handle, (x) => x.status === 'notice_issued');
  expect(c.documents.map((d) => d.kind)).toEqual(['prior_notice']);
});

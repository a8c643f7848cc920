/**
 * Supervision through the API while real cases run under the time-skipping server: the overdue list is the
 * projection of the cases' own deadlines, scoped to the supervisor's department, in due-date order, with the
 * escalations raised; handled items leave it.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { acknowledgeUpdate, feedbackUpdate, submitStatementUpdate } from '../shared/inclusion';
import { tokens, type TestApi, withTimeSkippingApi } from './helpers/api';
import { officer, subjectActor, until } from './helpers/cases';
import { inclusionInput, registerOrganisation } from './helpers/fixtures';
import type { Db } from '../db/knex';
import type { Department } from '../shared/domain';

let env: TestWorkflowEnvironment;
let db: Db;
let taskQueue: string;
let api: TestApi;
withTimeSkippingApi((ctx) => {
  ({ env, db, taskQueue, api } = ctx);
});

async function caseWithStatement(department: Department, handler: string) {
  const org = await registerOrganisation(db);
  const input = inclusionInput(org, { department, handler });
  const handle = await env.client.workflow.start('inclusionCase', { args: [input], workflowId: input.caseId, taskQueue });
  await until(handle, (c) => c.status === 'notice_issued');
  await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: subjectActor(org.id), document: 'notice' }] });
  await handle.executeUpdate(submitStatementUpdate, { args: [{ actor: subjectActor(org.id), text: '异议', evidence: [] }] });
  return handle;
}

test('the overdue list matches the cases’ deadlines, per department, by due date, with escalations', async () => {
  const market1 = await caseWithStatement('market-regulation', 'officer-a');
  await env.sleep(86_400_000); // the second case's deadline is a working day or more later
  const market2 = await caseWithStatement('market-regulation', 'officer-b');
  const tax = await caseWithStatement('tax', 'officer-c');
  const dueOf = async (h: typeof market1) => (await until(h, () => true)).deadlines.find((d) => d.id === 'verification-1')!;
  const last = await dueOf(tax);
  await env.sleep(Date.parse(last.dueAt) - (await env.currentTimeMs()) + 3_600_000);
  for (const h of [market1, market2, tax]) await until(h, (c) => c.deadlines.find((d) => d.id === 'verification-1')!.state === 'overdue');

  const marketSupervisor = await tokens.supervisor('market-regulation');
  const list = await api.call('GET', '/api/v1/supervision/overdue?state=overdue&type=inclusion', { token: marketSupervisor });
  expect(list.status).toBe(200);
  const ids = list.body.items.map((i: any) => i.caseId);
  expect(ids).toEqual(expect.arrayContaining([market1.workflowId, market2.workflowId]));
  expect(ids).not.toContain(tax.workflowId);
  expect(list.body.items.every((i: any) => i.department === 'market-regulation')).toBe(true);
  const dues = list.body.items.map((i: any) => Date.parse(i.dueAt));
  expect(dues).toEqual([...dues].sort((a, b) => a - b));
  const item = list.body.items.find((i: any) => i.caseId === market1.workflowId);
  const deadline = await dueOf(market1);
  expect(item).toMatchObject({ type: 'inclusion', handler: 'officer-a', dueAt: deadline.dueAt, deadline: { id: 'verification-1', kind: 'statement_verification', state: 'overdue' } });
  expect(item.overdueBy).toMatch(/^P\d+DT\d+H\d+M$/);
  expect(item.escalations).toHaveLength(1);
  expect(item.escalations[0].resolvedAt).toBeNull();
  // Every instant of the answer is written alike: Asia/Shanghai, to the millisecond, as the due instant is.
  expect(item.escalations[0].raisedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
  expect(Date.parse(item.escalations[0].raisedAt)).toBeGreaterThanOrEqual(Date.parse(item.dueAt));

  expect((await api.call('GET', '/api/v1/supervision/overdue?department=tax', { token: marketSupervisor })).status).toBe(403);
  expect((await api.call('GET', '/api/v1/supervision/overdue', { token: await tokens.officer('market-regulation') })).status).toBe(403);
  const taxList = await api.call('GET', '/api/v1/supervision/overdue', { token: await tokens.supervisor('tax') });
  expect(taxList.body.items.map((i: any) => i.caseId)).toContain(tax.workflowId);
  expect(taxList.body.items.map((i: any) => i.caseId)).not.toContain(market1.workflowId);
  // An agency's stop-use acknowledgement past its limit is the comprehensive department's item.
  const agencyId = '00000000-0000-4000-8000-00000000b001';
  const [notice] = await db('agency_notices')
    .insert({ agency_id: agencyId, record_id: '00000000-0000-4000-8000-00000000b002', subject_id: '00000000-0000-4000-8000-00000000b003', reason: 'publicity_ended', effective_on: '2001-01-02', due_at: '2001-01-10T00:00:00+08:00' })
    .returning('id');
  const comprehensive = await api.call('GET', '/api/v1/supervision/overdue?type=agency_notice&limit=500', { token: await tokens.supervisor('credit-comprehensive') });
  expect(comprehensive.body.items.every((i: any) => i.type === 'agency_notice')).toBe(true);
  expect(comprehensive.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ caseId: `agency-notice-${notice.id}`, type: 'agency_notice', department: 'credit-comprehensive', handler: agencyId, deadline: expect.objectContaining({ state: 'overdue' }) })]));
  expect((await api.call('GET', '/api/v1/supervision/overdue', { token: marketSupervisor })).body.items.map((i: any) => i.type)).not.toContain('agency_notice');

  const all = await api.call('GET', '/api/v1/supervision/overdue?limit=1', { token: await tokens.supervisor('credit-comprehensive') });
  expect(all.body.items).toHaveLength(1);
  const next = await api.call('GET', `/api/v1/supervision/overdue?limit=500&cursor=${all.body.nextCursor}`, { token: await tokens.supervisor('credit-comprehensive') });
  expect(next.body.items.map((i: any) => i.caseId)).not.toContain(all.body.items[0].caseId);

  // Handled late: the item leaves the list and its escalation is resolved.
  await market1.executeUpdate(feedbackUpdate, { args: [{ actor: officer, accepted: false, text: '经核实，维持原认定' }] });
  await until(market1, (c) => c.deadlines.find((d) => d.id === 'verification-1')!.state === 'met');
  const after = await api.call('GET', '/api/v1/supervision/overdue', { token: marketSupervisor });
  expect(after.body.items.map((i: any) => i.caseId)).not.toContain(market1.workflowId);
  const summary = await api.call('GET', '/api/v1/supervision/summary', { token: marketSupervisor });
  expect(summary.body.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ department: 'market-regulation', type: 'inclusion', state: 'overdue' })]));
  expect(summary.body.escalations[0]).toMatchObject({ department: 'market-regulation' });
  expect(summary.body.escalations[0].raised).toBeGreaterThan(summary.body.escalations[0].open);
});

/**
 * Inclusion as the law has it (DOMAIN.md §2, §3, §4.1), under the time-skipping server with real cases: service by
 * public announcement, a revoked basis taking the subject off the public list, an undecided case told of it, and
 * the marks on responsible persons following the organisation's entry (JS Art 32).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { loadCalendarSnapshot } from '../db/stores/calendar';
import { addDays, addWorkingDays, addYears, shanghaiDate, startOfDay, toShanghaiIso } from '../shared/calendar';
import { acknowledgeUpdate, decideUpdate, recordServiceUpdate, waiveUpdate, type InclusionDetails } from '../shared/inclusion';
import { decideRepairUpdate } from '../shared/repair';
import { confirmRevocationUpdate, revocationMatterKey, type RevocationInput } from '../shared/revocation';
import { type TestApi, withTimeSkippingApi } from './helpers/api';
import type { Actor } from '../shared/cases';
import { officer, refusalOf, subjectActor, until } from './helpers/cases';
import { inclusionInput, registerOrganisation, registerPerson } from './helpers/fixtures';
import { insertCreditRecord } from './helpers/records';
import { applyForRepair } from './helpers/repairs';

let env: TestWorkflowEnvironment;
let db: Db;
let taskQueue: string;
let api: TestApi;
withTimeSkippingApi((ctx) => {
  ({ env, db, taskQueue, api } = ctx);
});

const now = async () => env.currentTimeMs();
const platformOfficer: Actor = { id: 'officer-chen', role: 'officer', department: 'credit-comprehensive' };

/** An organisation with a legal representative, a penalty record and an inclusion case resting on that record. */
async function caseOnRecord() {
  const person = await registerPerson(db, '吴十');
  const org = await registerOrganisation(db, '南京某某环保科技有限公司', [{ role: 'legal_representative', subjectId: person.id }]);
  const basisRecord = await insertCreditRecord(db, org.id);
  const { basis_number: number } = await db('credit_records').where({ id: basisRecord.id }).first();
  const input = inclusionInput(org, {
    basis: [{ kind: 'administrative_penalty', number, issuer: '南京市市场监督管理局', effectiveOn: '2026-03-02' }],
    basisRecordIds: [basisRecord.id],
  });
  input.subject.responsiblePersons = [{ personId: person.id, role: 'legal_representative' }];
  const handle = await env.client.workflow.start('inclusionCase', { args: [input], workflowId: input.caseId, taskQueue });
  await until(handle, (c) => c.status === 'notice_issued');
  return { person, org, basisRecord, input, handle };
}

async function list(c: Awaited<ReturnType<typeof caseOnRecord>>) {
  const subject = subjectActor(c.org.id);
  await c.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: subject, document: 'notice' }] });
  await c.handle.executeUpdate(waiveUpdate, { args: [{ actor: subject }] });
  await until(c.handle, (x) => x.status === 'awaiting_decision');
  await c.handle.executeUpdate(decideUpdate, { args: [{ actor: officer, outcome: 'include', reasons: '违法事实清楚' }] });
  await c.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: subject, document: 'decision' }] });
  await until(c.handle, (x) => x.status === 'listed');
  return db('list_entries').where({ case_id: c.input.caseId }).first();
}

async function revoke(recordId: string, subjectId: string) {
  const input: RevocationInput = {
    caseId: `revocation-${randomUUID()}`, department: 'market-regulation', reportedBy: officer.id, recordId, subjectId, change: 'revoked',
    document: { number: '宁行复〔2027〕12号', effectiveOn: shanghaiDate(await now()) }, matterKey: revocationMatterKey(recordId),
  };
  const handle = await env.client.workflow.start('revocationCase', { args: [input], workflowId: input.caseId, taskQueue });
  await until(handle, (x) => x.deadlines.length === 2);
  return handle.executeUpdate(confirmRevocationUpdate, { args: [{ actor: platformOfficer }] });
}

test('a notice served by public announcement takes effect 30 days after publication; the window counts from then', async () => {
  const org = await registerOrganisation(db);
  const input = inclusionInput(org);
  const handle = await env.client.workflow.start('inclusionCase', { args: [input], workflowId: input.caseId, taskQueue });
  await until(handle, (c) => c.status === 'notice_issued');
  const publishedAt = await now();
  const c = await handle.executeUpdate(recordServiceUpdate, { args: [{ actor: officer, document: 'notice', method: 'announcement', servedAt: new Date(publishedAt).toISOString() }] });
  const effectiveOn = addDays(shanghaiDate(publishedAt), 30);
  const notice = c.documents.find((d) => d.kind === 'prior_notice')!;
  expect(notice).toMatchObject({ serviceMethod: 'announcement', serviceEffectiveAt: toShanghaiIso(startOfDay(effectiveOn)) });
  const window = c.deadlines.find((d) => d.id === 'statement_window')!;
  expect(window.startsFrom.event).toBe('announcement_period_ended');
  expect(window.startDate).toBe(effectiveOn);
  expect(window.dueDate).toBe(addWorkingDays(effectiveOn, 5, await loadCalendarSnapshot(db)));
});

test('a revoked basis takes the listed organisation off the public list, with the marks on its responsible persons', async () => {
  const c = await caseOnRecord();
  const entry = await list(c);
  expect(entry.basis_record_ids).toEqual([c.basisRecord.id]);
  const search = () => api.call('GET', `/api/v1/public/serious-dishonesty-list?q=${c.org.identifier}`);
  expect((await search()).body.items.map((i: any) => i.subject.name)).toEqual([c.org.name]);

  const confirmed = await revoke(c.basisRecord.id, c.org.id);
  expect((confirmed.details as { confirmation: { listEntriesRemoved: string[] } }).confirmation.listEntriesRemoved).toEqual([c.input.caseId]);
  const removed = await until(c.handle, (x) => x.status === 'removed');
  expect((removed.details as InclusionDetails).removal?.reason).toBe('basis_revoked');
  expect(await db('list_entries').where({ id: entry.id }).first()).toMatchObject({ removal_reason: 'basis_revoked' });
  expect((await search()).body.items).toEqual([]);
  const mark = await db('credit_records').where({ marks_record_id: entry.record_id }).first();
  expect(mark.state).toBe('publicity_stopped');
});

test('an undecided case is told when its basis is revoked, and can then only end without inclusion', async () => {
  const c = await caseOnRecord();
  await c.handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: subjectActor(c.org.id), document: 'notice' }] });
  await revoke(c.basisRecord.id, c.org.id);
  const told = await until(c.handle, (x) => !!(x.details as InclusionDetails).basisWithdrawn);
  expect((told.details as InclusionDetails).basisWithdrawn).toMatchObject({ reason: 'basis_revoked' });
  expect(told.events.map((e) => e.action)).toContain('basis_withdrawn');
  expect(told.allowedActions.officer).toEqual(expect.arrayContaining(['decide', 'withdraw']));
  expect(await refusalOf(c.handle.executeUpdate(decideUpdate, { args: [{ actor: officer, outcome: 'include', reasons: '仍拟列入' }] }))).toBe('basis_withdrawn');
  const ended = await c.handle.executeUpdate(decideUpdate, { args: [{ actor: officer, outcome: 'not_include', reasons: '列入依据已被撤销' }] });
  expect(ended.status).toBe('not_included');
  expect(await db('list_entries').where({ case_id: c.input.caseId })).toHaveLength(0);
});

test('a responsible person’s mark is repaired only with the organisation, once the list’s early-removal time has passed', async () => {
  const c = await caseOnRecord();
  const entry = await list(c);
  const mark = await db('credit_records').where({ marks_record_id: entry.record_id }).first();
  const includedOn = entry.included_on;
  expect(mark.minimum_publicity_end).toBe(addYears(includedOn, 1));
  const deps = { db, client: env.client, taskQueue };

  // The day after inclusion: neither the person's mark nor the entry is repairable.
  expect(await applyForRepair(deps, { subjectId: c.person.id, recordId: mark.id, today: addDays(includedOn, 1) })).toEqual({ refusal: 'mark_follows_organisation' });
  // The repair notice says "from the day after one year from service": on the anniversary itself still refused.
  expect(await applyForRepair(deps, { subjectId: c.org.id, recordId: entry.record_id, today: addYears(includedOn, 1) })).toEqual({ refusal: 'minimum_publicity_not_elapsed' });
  await env.sleep(startOfDay(addDays(addYears(includedOn, 1), 1)) + 3_600_000 - (await now()));
  expect(await applyForRepair(deps, { subjectId: c.person.id, recordId: mark.id, today: shanghaiDate(await now()) })).toEqual({ refusal: 'mark_follows_organisation' });
  const applied = await applyForRepair(deps, { subjectId: c.org.id, recordId: entry.record_id, today: shanghaiDate(await now()) });
  if (!('caseId' in applied)) throw new Error(`refused: ${applied.refusal}`);
  const repair = env.client.workflow.getHandle(applied.caseId);
  await until(repair, (x) => x.deadlines.length === 1);
  await repair.executeUpdate(decideRepairUpdate, { args: [{ actor: officer, outcome: 'granted', reasons: '已履行义务并作出信用承诺' }] });
  await until(c.handle, (x) => x.status === 'removed');
  expect((await db('credit_records').where({ id: mark.id }).first()).state).toBe('publicity_stopped');
  expect((await db('list_entries').where({ id: entry.id }).first()).removal_reason).toBe('credit_repair');
});

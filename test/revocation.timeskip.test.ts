/**
 * Revocation of a basis document under the time-skipping test server: the notification deadline counted from the
 * revoking document's effect (the report late or on time), the platform's change, and a list entry removed
 * through its inclusion case.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { loadCalendarSnapshot } from '../db/stores/calendar';
import type { Actor, CaseView } from '../shared/cases';
import { addDays, addWorkingDays, shanghaiDate, workingDaysBetween } from '../shared/calendar';
import { type RevocationDetails, type RevocationInput, confirmRevocationUpdate, revocationMatterKey } from '../shared/revocation';
import { revocationCase } from '../workflows';
import { eventually, listedInclusionCase, officer, refusalOf, subjectActor, until } from './helpers/cases';
import { registerOrganisation, registerPerson } from './helpers/fixtures';
import { insertCreditRecord } from './helpers/records';
import { recordHistoryIfAsked, withTimeSkippingWorker } from './helpers/temporal';
import type { Department } from '../shared/domain';

let env: TestWorkflowEnvironment;
let db: Db;
let taskQueue: string;
withTimeSkippingWorker((ctx) => {
  ({ env, db, taskQueue } = ctx);
});

const platformOfficer: Actor = { id: 'officer-chen', role: 'officer', department: 'credit-comprehensive' };
const deadline = (c: CaseView, id: string) => c.deadlines.find((d) => d.id === id)!;
const details = (c: CaseView) => c.details as RevocationDetails;

async function report(record: { id: string; subjectId: string; department: Department }, overrides: Partial<RevocationInput>) {
  const input: RevocationInput = {
    caseId: `revocation-${randomUUID()}`,
    department: record.department,
    reportedBy: officer.id,
    recordId: record.id,
    subjectId: record.subjectId,
    change: 'revoked',
    document: { number: '宁行复〔2026〕45号', effectiveOn: shanghaiDate(await env.currentTimeMs()) },
    matterKey: revocationMatterKey(record.id),
    ...overrides,
  };
  const handle = await env.client.workflow.start(revocationCase, { args: [input], workflowId: input.caseId, taskQueue });
  const c = await until(handle, (x) => x.deadlines.length === 2);
  return { handle, c, input };
}

test('reported on time: the record and the marks on responsible persons are revoked when the platform confirms', async () => {
  const person = await registerPerson(db, '钱七');
  const org = await registerOrganisation(db);
  const record = await insertCreditRecord(db, org.id);
  const mark = await insertCreditRecord(db, person.id, { marksRecordId: record.id });
  const today = shanghaiDate(await env.currentTimeMs());
  const effectiveOn = addDays(today, -1);
  const calendar = await loadCalendarSnapshot(db);

  const { handle, c } = await report({ ...record, subjectId: org.id }, { document: { number: '宁行复〔2026〕45号', effectiveOn } });
  const notification = deadline(c, 'notification');
  expect(notification).toMatchObject({ kind: 'revocation_notification', rule: 'revocation.notifyWorkingDays', workingDays: 5, startDate: effectiveOn, state: 'met' });
  expect(notification.dueDate).toBe(addWorkingDays(effectiveOn, 5, calendar));
  expect(details(c).report).toMatchObject({ late: false, workingDaysLate: 0, notificationDueDate: notification.dueDate });
  const change = deadline(c, 'platform_change');
  expect(change).toMatchObject({ kind: 'revocation_platform_change', rule: 'revocation.changeWorkingDays', workingDays: 2, startDate: today, escalates: true, state: 'pending' });
  expect(change.dueDate).toBe(addWorkingDays(today, 2, calendar));
  expect(c.events[0]).toMatchObject({ action: 'reported', details: { late: false, change: 'revoked' } });
  expect(c.status).toBe('awaiting_platform_change');

  // Only the comprehensive department changes the platform.
  expect(await refusalOf(handle.executeUpdate(confirmRevocationUpdate, { args: [{ actor: officer }] }))).toBe('forbidden_department');
  expect(await refusalOf(handle.executeUpdate(confirmRevocationUpdate, { args: [{ actor: subjectActor(org.id) }] }))).toBe('forbidden');
  expect((await db('credit_records').where({ id: record.id }).first()).state).toBe('active');

  const done = await handle.executeUpdate(confirmRevocationUpdate, { args: [{ actor: platformOfficer }] });
  expect(done.status).toBe('applied');
  expect(deadline(done, 'platform_change').state).toBe('met');
  await handle.result();
  await recordHistoryIfAsked(handle, 'revocation-confirmed');
  expect((await db('credit_records').where({ id: record.id }).first()).state).toBe('revoked');
  expect((await db('credit_records').where({ id: mark.id }).first()).state).toBe('revoked');
  const history = await db('credit_record_history').where({ record_id: record.id });
  expect(history).toEqual([expect.objectContaining({ change: 'basis_revoked', before: expect.objectContaining({ state: 'active' }), after: expect.objectContaining({ state: 'revoked' }), case_id: handle.workflowId })]);
  expect(await db('escalations').where({ case_id: handle.workflowId })).toHaveLength(0);
  const audit = await db('audit_events').where({ case_id: handle.workflowId }).pluck('action');
  expect(audit).toEqual(expect.arrayContaining(['revocation.reported', 'revocation.confirmed', 'credit_record.basis_revoked']));
});

test('reported late: the lateness is recorded; an altered basis changes the content after the platform’s change itself went overdue', async () => {
  const org = await registerOrganisation(db);
  const record = await insertCreditRecord(db, org.id);
  const today = shanghaiDate(await env.currentTimeMs());
  const effectiveOn = addDays(today, -30);
  const calendar = await loadCalendarSnapshot(db);
  const newContent = '未按规定公示年度报告，经复议变更为警告';

  const { handle, c } = await report({ ...record, subjectId: org.id }, { change: 'altered', newContent, document: { number: '宁行复〔2026〕46号', effectiveOn } });
  const notification = deadline(c, 'notification');
  expect(notification.dueDate).toBe(addWorkingDays(effectiveOn, 5, calendar));
  expect(notification.dueDate < today).toBe(true);
  const workingDaysLate = workingDaysBetween(notification.dueDate, today, calendar);
  expect(workingDaysLate).toBeGreaterThan(10);
  expect(details(c).report).toEqual({ at: expect.any(String), late: true, workingDaysLate, notificationDueDate: notification.dueDate });
  expect(c.events[0]).toMatchObject({ action: 'reported', details: { late: true, workingDaysLate } });
  // The late report meets the notification deadline: nothing stays overdue for it.
  expect(notification.state).toBe('met');

  const change = deadline(c, 'platform_change');
  await env.sleep(Date.parse(change.dueAt) - (await env.currentTimeMs()) + 60_000);
  await until(handle, (x) => deadline(x, 'platform_change').state === 'overdue');
  await eventually(async () => expect(await db('escalations').where({ case_id: handle.workflowId, deadline_id: 'platform_change', resolved_at: null })).toHaveLength(1));

  await handle.executeUpdate(confirmRevocationUpdate, { args: [{ actor: platformOfficer }] });
  await handle.result();
  expect(await db('credit_records').where({ id: record.id }).first()).toMatchObject({ state: 'active', content: newContent });
  const [history] = await db('credit_record_history').where({ record_id: record.id });
  expect(history).toMatchObject({ change: 'basis_altered', before: { content: record.content }, after: { content: newContent } });
  expect((await db('escalations').where({ case_id: handle.workflowId }).first()).resolved_at).not.toBeNull();
});

test('a revoked basis removes the list entry resting on it through its inclusion case', async () => {
  const person = await registerPerson(db, '孙八');
  const org = await registerOrganisation(db, '南京某某食品有限公司', [{ role: 'legal_representative', subjectId: person.id }]);
  const { handle: inclusion, input, entry } = await listedInclusionCase({ client: env.client, taskQueue, db }, org, [{ personId: person.id, role: 'legal_representative' }]);
  const mark = await db('credit_records').where({ marks_record_id: entry.record_id }).first();

  await env.sleep(3 * 86_400_000);
  const { handle } = await report(
    { id: entry.record_id, subjectId: org.id, department: 'market-regulation' },
    { document: { number: '（2026）苏01行终88号', effectiveOn: shanghaiDate(await env.currentTimeMs()) } },
  );
  const done = await handle.executeUpdate(confirmRevocationUpdate, { args: [{ actor: platformOfficer }] });
  expect(details(done).confirmation).toMatchObject({ recordState: 'revoked', listEntriesRemoved: [input.caseId] });
  await handle.result();

  const removed = await until(inclusion, (x) => x.status === 'removed');
  expect(removed.documents.map((d) => d.kind)).toContain('removal_notice');
  // Removed on the day the platform applied the revocation, not at the term's end. (Not the clock read now: the
  // time-skipping server may have jumped far ahead while the test waited.)
  const removedOn = shanghaiDate(Date.parse(details(done).confirmation!.at));
  await inclusion.result();
  expect(await db('list_entries').where({ id: entry.id }).first()).toMatchObject({ removed_on: removedOn, removal_reason: 'basis_revoked' });
  expect((await db('credit_records').where({ id: entry.record_id }).first()).state).toBe('revoked');
  expect((await db('credit_records').where({ id: mark.id }).first()).state).toBe('revoked');
  expect((await db('cases').where({ id: input.caseId }).first()).status).toBe('removed');
});

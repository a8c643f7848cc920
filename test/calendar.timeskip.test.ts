/**
 * The calendar for every year a deadline can reach (DOMAIN.md §3), under the time-skipping server with real cases:
 * beyond the published years the statutory holidays (Spring Festival included) are counted provisionally and say
 * so; importing a year's published arrangement moves every running deadline over a changed day; a case opens each
 * deadline on the calendar as it is then, not as it was when the case started.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../db/knex';
import { enterCalendarDay } from '../db/stores/calendar';
import { recordServiceUpdate } from '../shared/inclusion';
import { tokens, type TestApi, withTimeSkippingApi } from './helpers/api';
import { eventually, officer, until } from './helpers/cases';
import { inclusionInput, registerOrganisation } from './helpers/fixtures';

let env: TestWorkflowEnvironment;
let db: Db;
let taskQueue: string;
let api: TestApi;
withTimeSkippingApi((ctx) => {
  ({ env, db, taskQueue, api } = ctx);
});

async function sleepUntil(iso: string) {
  const wait = Date.parse(iso) - (await env.currentTimeMs());
  if (wait > 0) await env.sleep(wait);
}

/** An inclusion case whose prior notice is served now; returns its handle and its statement window. */
async function servedCase() {
  const org = await registerOrganisation(db);
  const input = inclusionInput(org);
  const handle = await env.client.workflow.start('inclusionCase', { args: [input], workflowId: input.caseId, taskQueue });
  await until(handle, (c) => c.status === 'notice_issued');
  const servedAt = new Date(await env.currentTimeMs()).toISOString();
  const c = await handle.executeUpdate(recordServiceUpdate, { args: [{ actor: officer, document: 'notice', method: 'in_person', servedAt }] });
  return { handle, window: c.deadlines.find((d) => d.id === 'statement_window')! };
}

const STATE_COUNCIL_2027 = {
  // 元旦 1月1日; 春节 2月5日至12日, 2月14日（周日）、2月20日（周六）上班; 清明 4月5日; 劳动节 5月1日至5日, 4月25日（周日）上班;
  // 端午 6月9日; 中秋 9月15日; 国庆节 10月1日至7日, 9月26日（周日）、10月9日（周六）上班 (a test arrangement).
  holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-04-05', '2027-05-03', '2027-05-04', '2027-05-05', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'],
  workdays: ['2027-02-14', '2027-02-20', '2027-04-25', '2027-09-26', '2027-10-09'],
  source: { document: '国务院办公厅关于2027年部分节假日安排的通知（测试）', publishedOn: '2026-11-20' },
};

test('a window across the 2027 Spring Festival counts its provisional holidays and says so; the imported arrangement moves it', async () => {
  await sleepUntil('2027-02-03T10:00:00+08:00');
  const { handle, window } = await servedCase();
  // Weekdays alone would end it on 2027-02-10, in the middle of the Spring Festival. The statutory days (the eve,
  // the first three days, and the days in lieu of the two that fall on the weekend) are not counted.
  expect(window.startDate).toBe('2027-02-03');
  expect(window.dueDate).toBe('2027-02-16');
  expect(window.provisional).toEqual({ years: [2027], daysOff: ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'] });

  const supervisorToken = await tokens.supervisor('market-regulation');
  const listed = await eventually(async () => {
    const res = await api.call('GET', '/api/v1/supervision/provisional-deadlines?limit=500', { token: supervisorToken });
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: any) => i.caseId === handle.workflowId);
    expect(item).toMatchObject({ type: 'inclusion', department: 'market-regulation', link: `/api/v1/inclusion-cases/${handle.workflowId}` });
    return item;
  });
  expect(listed.deadline).toMatchObject({ id: 'statement_window', dueDate: '2027-02-16', provisional: { years: [2027] } });

  const imported = await api.call('PUT', '/api/v1/calendar/years/2027', { token: await tokens.supervisor('credit-comprehensive'), body: STATE_COUNCIL_2027 });
  expect(imported.status).toBe(200);
  expect(imported.body.changedDays).toEqual(expect.arrayContaining(['2027-02-11', '2027-02-12', '2027-02-14']));
  expect(imported.body.moved).toContainEqual({ caseId: handle.workflowId, deadlineId: 'statement_window', kind: 'statement_window', fromDueDate: '2027-02-16', toDueDate: '2027-02-17' });

  // 02-04 is the first working day; 02-05..02-13 are off; Sunday 02-14 is a make-up working day.
  const moved = await until(handle, (c) => c.deadlines.find((d) => d.id === 'statement_window')!.dueDate === '2027-02-17');
  const after = moved.deadlines.find((d) => d.id === 'statement_window')!;
  expect(after.provisional).toBeUndefined();
  expect(after.moves).toEqual([expect.objectContaining({ fromDueDate: '2027-02-16', toDueDate: '2027-02-17' })]);
  expect(moved.events.map((e) => e.action)).toContain('calendar_applied');
  await eventually(async () => {
    const res = await api.call('GET', '/api/v1/supervision/provisional-deadlines?limit=500', { token: supervisorToken });
    expect(res.body.items.map((i: any) => i.caseId)).not.toContain(handle.workflowId);
  });
  const year = await api.call('GET', '/api/v1/calendar?year=2027', { token: supervisorToken });
  expect(year.body.source).toBe('entered');
  expect(year.body.days.find((d: any) => d.date === '2027-02-14')).toMatchObject({ workday: true, source: 'entered' });
});

test('a deadline in 2031 rests on the provisional calendar and is flagged for supervisors', async () => {
  await sleepUntil('2031-09-29T10:00:00+08:00');
  const { handle, window } = await servedCase();
  // From Monday 29 September 2031: 30 September counts; National Day 1-3 October and the day in lieu of
  // Mid-Autumn, which falls on 1 October, are off (Monday 6 October); then 7-10 October.
  expect(window.dueDate).toBe('2031-10-10');
  expect(window.provisional).toEqual({ years: [2031], daysOff: ['2031-10-01', '2031-10-02', '2031-10-03', '2031-10-06'] });
  const token = await tokens.supervisor('credit-comprehensive');
  await eventually(async () => {
    const res = await api.call('GET', '/api/v1/supervision/provisional-deadlines?department=market-regulation&limit=500', { token });
    expect(res.body.items.map((i: any) => i.caseId)).toContain(handle.workflowId);
  });
});

test('a case opens its window on the calendar as it is when the notice is served, not as it was at its start', async () => {
  await sleepUntil('2031-11-03T10:00:00+08:00');
  const org = await registerOrganisation(db);
  const input = inclusionInput(org);
  const handle = await env.client.workflow.start('inclusionCase', { args: [input], workflowId: input.caseId, taskQueue });
  await until(handle, (c) => c.status === 'notice_issued');
  // A day off entered after the case started (it has no deadline yet, so no propagation reaches it).
  await enterCalendarDay(db, { date: '2031-11-05', workday: false, note: '测试：临时休息日', actor: { id: 'supervisor-test', role: 'supervisor' } });
  const servedAt = new Date(await env.currentTimeMs()).toISOString();
  const c = await handle.executeUpdate(recordServiceUpdate, { args: [{ actor: officer, document: 'notice', method: 'in_person', servedAt }] });
  // Monday 3 November: 4, (5 off), 6, 7, 10, 11.
  expect(c.deadlines.find((d) => d.id === 'statement_window')!.dueDate).toBe('2031-11-11');
});

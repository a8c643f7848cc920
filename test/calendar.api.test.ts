/**
 * The calendar through the API against the dev server with a real worker: a year's published arrangement imported
 * at once (bad input refused naming the day, nothing changed), a day entered moving the due dates of unacknowledged
 * agency notices over it.
 */
import { randomUUID } from 'node:crypto';
import { calendarVersion } from '../db/stores/calendar';
import { startTestApi, tokens, type TestApi } from './helpers/api';
import { eventually } from './helpers/cases';
import { registerOrganisation } from './helpers/fixtures';
import { insertCreditRecord } from './helpers/records';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

const arrangement = (over: Record<string, unknown> = {}) => ({
  holidays: ['2038-01-01', '2038-02-03'],
  workdays: ['2038-02-06'],
  source: { document: '国务院办公厅关于2038年部分节假日安排的通知（测试）', publishedOn: '2037-11-01' },
  ...over,
});

test('an imported year refuses a date outside it, a day both holiday and working day, and a malformed year; nothing changes', async () => {
  const token = await tokens.supervisor('credit-comprehensive');
  const version = await calendarVersion(api.db);
  const days = await api.db('calendar_days').whereBetween('date', ['2038-01-01', '2038-12-31']).select();

  const outside = await api.call('PUT', '/api/v1/calendar/years/2038', { token, body: arrangement({ holidays: ['2038-01-01', '2039-01-03'] }) });
  expect(outside.status).toBe(400);
  expect(outside.body.error.code).toBe('validation_failed');
  expect(outside.body.error.details.fields).toEqual([expect.objectContaining({ path: 'body.holidays.1', message: '2039-01-03 is not in 2038' })]);

  const both = await api.call('PUT', '/api/v1/calendar/years/2038', { token, body: arrangement({ holidays: ['2038-02-06'], workdays: ['2038-02-06'] }) });
  expect(both.status).toBe(400);
  expect(both.body.error.details.fields).toEqual([expect.objectContaining({ path: 'body.workdays.0', message: '2038-02-06 is both a holiday and a working day' })]);

  for (const year of ['38', '20x8', '02038', '0000']) {
    const res = await api.call('PUT', `/api/v1/calendar/years/${year}`, { token, body: arrangement() });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('params.year');
  }
  const badDate = await api.call('PUT', '/api/v1/calendar/years/2038', { token, body: arrangement({ holidays: ['2038-02-30'] }) });
  expect(badDate.status).toBe(400);

  const officer = await api.call('PUT', '/api/v1/calendar/years/2038', { token: await tokens.officer(), body: arrangement() });
  expect(officer.status).toBe(403);
  const departmentSupervisor = await api.call('PUT', '/api/v1/calendar/years/2038', { token: await tokens.supervisor('tax'), body: arrangement() });
  expect(departmentSupervisor.status).toBe(403);

  expect(await calendarVersion(api.db)).toBe(version);
  expect(await api.db('calendar_days').whereBetween('date', ['2038-01-01', '2038-12-31']).select()).toEqual(days);
  expect((await api.db('calendar_years').where({ year: 2038 }).first()).source).toBe('provisional');
});

test('an imported year replaces the provisional one and answers what changed', async () => {
  const token = await tokens.supervisor('credit-comprehensive');
  const res = await api.call('PUT', '/api/v1/calendar/years/2038', { token, body: arrangement() });
  expect(res.status).toBe(200);
  expect(res.body.changedDays).not.toContain('2038-02-03'); // already a (provisional) Spring Festival day
  expect(res.body).toMatchObject({ year: 2038, changedDays: expect.arrayContaining(['2038-02-06', '2038-05-03']), moved: expect.any(Array) });
  const year = await api.call('GET', '/api/v1/calendar?year=2038', { token: await tokens.officer() });
  expect(year.body).toMatchObject({ source: 'entered', document: arrangement().source.document });
  expect(year.body.days.find((d: any) => d.date === '2038-02-06')).toMatchObject({ workday: true, source: 'entered' });
  // Provisional holidays the arrangement does not list are working days now (e.g. Labour Day 2038 was not imported).
  expect(year.body.days.find((d: any) => d.date === '2038-05-03')).toMatchObject({ workday: true });
  const audit = await api.db('audit_events').where({ action: 'calendar.year_imported' }).orderBy('id', 'desc').first();
  expect(audit.after).toMatchObject({ year: 2038 });
});

test('a day entered moves the due dates of unacknowledged agency notices over it', async () => {
  const org = await registerOrganisation(api.db);
  const record = await insertCreditRecord(api.db, org.id);
  const agencyId = randomUUID();
  await api.db('agencies').insert({ id: agencyId, name: '南京某某信用服务有限公司', uscc: `CAL${randomUUID().slice(0, 8)}` });
  // Effective Monday 7 March 2039: due at the end of the 5th working day, Monday 14 March.
  await api.db('agency_notices').insert({ agency_id: agencyId, record_id: record.id, subject_id: org.id, reason: 'publicity_ended', effective_on: '2039-03-07', due_at: '2039-03-15T00:00:00.000+08:00' });
  const res = await api.call('PUT', '/api/v1/calendar/2039-03-09', { token: await tokens.supervisor('credit-comprehensive'), body: { workday: false, note: '测试：临时休息日' } });
  expect(res.status).toBe(200);
  await eventually(async () => {
    const notice = await api.db('agency_notices').where({ agency_id: agencyId, record_id: record.id }).first();
    expect(new Date(notice.due_at).toISOString()).toBe(new Date('2039-03-16T00:00:00+08:00').toISOString());
  }, 20_000);
});

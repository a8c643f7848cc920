/**
 * Working-day arithmetic on the official calendar as seeded from the chinese-days package (the real table, read
 * from PostgreSQL), and the deadline computations built on it.
 */
import { createDb, type Db } from '../db/knex';
import { calendarYears, officialArrangement, packagedYear, provisionalArrangement } from '../db/calendar-sources';
import { calendarVersion, enterCalendarDay, loadCalendarSnapshot, refreshPackagedCalendar } from '../db/stores/calendar';
import { addWorkingDays, endOfDay, isWorkingDay, provisionalPart, shanghaiDate, workingDaysBetween, type CalendarSnapshot } from '../shared/calendar';
import { extend, openDeadline, reschedule, resume, suspend } from '../shared/deadlines';

let db: Db;
let calendar: CalendarSnapshot;
beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL!);
  calendar = await loadCalendarSnapshot(db);
});
afterAll(() => db.destroy());

test('Spring Festival 2026: the holiday week is skipped and the make-up Saturdays count', () => {
  expect(isWorkingDay('2026-02-14', calendar)).toBe(true); // Saturday, make-up working day
  expect(isWorkingDay('2026-02-16', calendar)).toBe(false); // New Year's Eve (lunar)
  expect(isWorkingDay('2026-02-23', calendar)).toBe(false);
  expect(isWorkingDay('2026-02-28', calendar)).toBe(true); // Saturday, make-up working day
  // From Friday 13 February: Saturday 14 counts, the holiday 15-23 does not.
  expect(addWorkingDays('2026-02-13', 1, calendar)).toBe('2026-02-14');
  expect(addWorkingDays('2026-02-13', 2, calendar)).toBe('2026-02-24');
  expect(addWorkingDays('2026-02-13', 5, calendar)).toBe('2026-02-27');
  expect(addWorkingDays('2026-02-13', 6, calendar)).toBe('2026-02-28');
  expect(workingDaysBetween('2026-02-13', '2026-02-28', calendar)).toBe(6);
});

test('National Day 2026 and an ordinary week', () => {
  expect(addWorkingDays('2026-09-30', 1, calendar)).toBe('2026-10-08');
  expect(isWorkingDay('2026-10-10', calendar)).toBe(true); // Saturday, make-up working day
  expect(addWorkingDays('2026-11-16', 5, calendar)).toBe('2026-11-23');
  // Without the calendar, weekdays alone would be wrong.
  expect(addWorkingDays('2026-09-30', 1, { version: 0, overrides: {} })).toBe('2026-10-01');
});

test('year boundary: New Year’s Day is not counted (2025/2026 from the package, 2026/2027 statutory)', () => {
  expect(isWorkingDay('2026-01-01', calendar)).toBe(false);
  expect(addWorkingDays('2025-12-31', 1, calendar)).toBe(addWorkingDays('2026-01-01', 1, calendar));
  expect(isWorkingDay('2027-01-01', calendar)).toBe(false);
  expect(addWorkingDays('2026-12-30', 5, calendar)).toBe('2027-01-07');
});

test('a deadline ends at 24:00 of its last day in Shanghai; the event day is not counted', () => {
  const servedAt = Date.parse('2026-11-20T23:30:00+08:00'); // Friday evening
  const d = openDeadline({ id: 'w', kind: 'window', startsFrom: { event: 'served', at: servedAt }, rule: 'r', timeLimitsVersion: 1, workingDays: 5, escalates: true, reminderPercent: 80 }, calendar);
  expect(d.startDate).toBe('2026-11-20');
  expect(d.dueDate).toBe('2026-11-27');
  expect(Date.parse(d.dueAt)).toBe(endOfDay('2026-11-27'));
  expect(d.dueAt).toBe('2026-11-28T00:00:00.000+08:00');
  expect(d.remindAt).toBe('2026-11-27T00:00:00.000+08:00'); // end of the 4th working day (80% of 5)
  expect(shanghaiDate(Date.parse('2026-11-20T16:30:00Z'))).toBe('2026-11-21');
});

test('suspension adds back the suspended working days; an extension moves the due date once; a calendar change records why', () => {
  const start = Date.parse('2026-11-02T09:00:00+08:00');
  let d = openDeadline({ id: 'v', kind: 'verification', startsFrom: { event: 'accepted', at: start }, rule: 'objection.verificationWorkingDays', timeLimitsVersion: 1, workingDays: 10, escalates: true, reminderPercent: 80 }, calendar);
  expect(d.dueDate).toBe('2026-11-16');
  d = suspend(d, '等待补充材料', Date.parse('2026-11-04T10:00:00+08:00'));
  expect(d.state).toBe('suspended');
  d = resume(d, calendar, Date.parse('2026-11-09T10:00:00+08:00')); // 5, 6, 9 November: 3 working days
  expect(d.suspendedWorkingDays).toBe(3);
  expect(d.dueDate).toBe('2026-11-19');
  d = extend(d, { workingDays: 2, reason: '案情复杂', by: 'supervisor' }, calendar, Date.parse('2026-11-10T10:00:00+08:00'));
  expect(d.dueDate).toBe('2026-11-23');
  const withHoliday: CalendarSnapshot = { version: calendar.version + 1, overrides: { ...calendar.overrides, '2026-11-20': false } };
  d = reschedule(d, withHoliday, 'calendar changed', Date.parse('2026-11-11T10:00:00+08:00'));
  expect(d.dueDate).toBe('2026-11-24');
  expect(d.moves.map((m) => m.toDueDate)).toEqual(['2026-11-19', '2026-11-23', '2026-11-24']);
  expect(d.moves[2].reason).toBe('calendar changed');
});

describe('where the calendar comes from (DOMAIN.md §3)', () => {
  const provisional2027: CalendarSnapshot = {
    version: 1,
    overrides: Object.fromEntries(provisionalArrangement(2027).map((d) => [d.date, d.workday])),
    provisionalYears: [2027],
  };

  test('beyond the published years the statutory holidays are counted, lunar ones and days in lieu included', () => {
    expect(officialArrangement(2027)).toBeUndefined(); // the package has not published 2027
    expect(packagedYear(2026).source).toBe('official');
    expect(packagedYear(2027).source).toBe('provisional');
    const off = provisionalArrangement(2027).map((d) => d.date);
    // Spring Festival 2027: the eve (Friday 5 February), the first day (Saturday 6), then days in lieu of the two
    // weekend days after Monday 8 (the third day).
    expect(off).toEqual(expect.arrayContaining(['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']));
    expect(off).toEqual(expect.arrayContaining(['2027-01-01', '2027-04-05', '2027-06-09', '2027-09-15', '2027-10-01']));
    // Weekdays alone would end 5 working days from 3 February on 10 February, in the middle of the festival.
    expect(addWorkingDays('2027-02-03', 5, { version: 0, overrides: {} })).toBe('2027-02-10');
    expect(addWorkingDays('2027-02-03', 5, provisional2027)).toBe('2027-02-16');
    expect(provisionalPart('2027-02-03', '2027-02-16', provisional2027)).toEqual({ years: [2027], daysOff: ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'] });
    expect(provisionalPart('2026-11-02', '2026-11-16', provisional2027)).toBeUndefined();
  });

  test('every year a limit can reach is covered, and each day says its source', async () => {
    const today = shanghaiDate(Date.now());
    const years = calendarYears(today);
    expect(years[years.length - 1]).toBeGreaterThanOrEqual(Number(today.slice(0, 4)) + 10);
    const rows = await db('calendar_years').select('year', 'source');
    expect(rows.map((r) => r.year)).toEqual(expect.arrayContaining(years));
    expect(rows.find((r) => r.year === 2026)?.source).toBe('official');
    expect(rows.find((r) => r.year === years[years.length - 1])?.source).toBe('provisional');
    const sources = await db('calendar_days').distinct('source').pluck('source');
    expect(sources.every((s: string) => ['entered', 'official', 'provisional'].includes(s))).toBe(true);
  });

  test('refreshing the packaged sources changes nothing twice and never overrides an entered day', async () => {
    await refreshPackagedCalendar(db, shanghaiDate(Date.now()));
    const version = await calendarVersion(db);
    expect(await refreshPackagedCalendar(db, shanghaiDate(Date.now()))).toBeUndefined();
    // 2039-10-01 is a provisional National Day; a supervisor enters it as a working day.
    await enterCalendarDay(db, { date: '2039-10-01', workday: true, note: '测试：调整为工作日', actor: { id: 'supervisor-test', role: 'supervisor' } });
    expect(await refreshPackagedCalendar(db, shanghaiDate(Date.now()))).toBeUndefined();
    const day = await db('calendar_days').where({ date: '2039-10-01' }).first();
    expect(day).toMatchObject({ workday: true, source: 'entered' });
    expect(await calendarVersion(db)).toBe(version + 1);
  });
});

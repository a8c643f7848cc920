/** The deadline arithmetic of shared/deadlines.ts on a synthetic calendar: pure, no servers. */
import { type CalendarSnapshot, endOfDay } from '../shared/calendar';
import { extend, hasEnded, isOpen, openDeadline, reschedule, resume, suspend } from '../shared/deadlines';

// November 2026 with Wednesday 11 a day off, Saturday 14 a make-up working day; 2027 not published yet.
const calendar: CalendarSnapshot = { version: 3, overrides: { '2026-11-11': false, '2026-11-14': true, '2027-01-01': false }, provisionalYears: [2027] };
const at = (iso: string) => Date.parse(iso);
const open = (workingDays: number, from = '2026-11-09T16:00:00+08:00', escalates = true) =>
  openDeadline({ id: 'd', kind: 'k', startsFrom: { event: 'served', at: at(from) }, rule: 'x.y', timeLimitsVersion: 2, workingDays, escalates, reminderPercent: 80 }, calendar);

test('counted in working days from the day after the event, ending at 24:00 of the last day', () => {
  const d = open(5); // from Monday 9 November: 10, (11 off), 12, 13, Saturday 14, 16
  expect(d).toMatchObject({ startDate: '2026-11-09', dueDate: '2026-11-16', calendarVersion: 3, timeLimitsVersion: 2, rule: 'x.y', state: 'pending' });
  expect(Date.parse(d.dueAt)).toBe(endOfDay('2026-11-16'));
  expect(d.remindAt).toBe('2026-11-15T00:00:00.000+08:00'); // end of the 4th working day, Saturday 14
  expect(d.provisional).toBeUndefined();
  expect(hasEnded(d, endOfDay('2026-11-16') - 1)).toBe(false);
  expect(hasEnded(d, endOfDay('2026-11-16'))).toBe(true);
});

test('a period too short for a reminder has none; a window (not escalating) has none', () => {
  expect(open(1).remindAt).toBeUndefined();
  expect(open(10, undefined, false).remindAt).toBeUndefined();
});

test('a period into a provisional year says so, with the provisional days off it skipped', () => {
  const d = open(5, '2026-12-29T10:00:00+08:00');
  expect(d.dueDate).toBe('2027-01-06');
  expect(d.provisional).toEqual({ years: [2027], daysOff: ['2027-01-01'] });
  // Once 2027 is published, rescheduling clears the flag.
  const published = reschedule(d, { ...calendar, version: 4, provisionalYears: [] }, 'calendar changed', at('2026-12-30T10:00:00+08:00'));
  expect(published.provisional).toBeUndefined();
  expect(published.moves).toEqual([]);
});

test('suspension adds back the working days suspended; resuming after the due date keeps it overdue', () => {
  let d = suspend(open(5), 'awaiting documents', at('2026-11-10T09:00:00+08:00'));
  expect(d.state).toBe('suspended');
  expect(suspend(d, 'again', at('2026-11-10T10:00:00+08:00'))).toBe(d);
  d = resume(d, calendar, at('2026-11-13T09:00:00+08:00')); // 11 off, 12, 13: 2 working days
  expect(d).toMatchObject({ suspendedWorkingDays: 2, state: 'pending', dueDate: '2026-11-18' });
  expect(d.moves.at(-1)).toMatchObject({ fromDueDate: '2026-11-16', toDueDate: '2026-11-18' });
  const overdue = { ...open(1), state: 'overdue' as const, overdueAt: 'x' };
  expect(resume(suspend(overdue, 'r', at('2026-11-20T09:00:00+08:00')), calendar, at('2026-11-20T10:00:00+08:00')).state).toBe('overdue');
});

test('an extension moves the due date; a calendar change moves it and records why; a move past now lifts overdue', () => {
  const d = extend(open(5), { workingDays: 3, reason: 'complex', by: 'supervisor' }, calendar, at('2026-11-12T10:00:00+08:00'));
  expect(d.dueDate).toBe('2026-11-19');
  expect(d.extension).toMatchObject({ workingDays: 3, reason: 'complex', by: 'supervisor' });
  const overdue = { ...open(1), state: 'overdue' as const };
  const moved = reschedule(overdue, { ...calendar, version: 4, overrides: { ...calendar.overrides, '2026-11-10': false } }, 'calendar changed (version 4)', at('2026-11-10T20:00:00+08:00'));
  expect(moved).toMatchObject({ dueDate: '2026-11-12', state: 'pending', calendarVersion: 4 });
  expect(moved.moves).toEqual([{ at: expect.any(String), reason: 'calendar changed (version 4)', fromDueDate: '2026-11-10', toDueDate: '2026-11-12' }]);
  expect(isOpen(moved)).toBe(true);
  expect(isOpen({ ...moved, state: 'met' })).toBe(false);
});

/**
 * How the API writes instants and days (API.md: instants in Asia/Shanghai, +08:00, to the millisecond). Every list
 * writes one or two per item, so the formatting is hand-written arithmetic; these pin it to the ISO form that
 * `Date.prototype.toISOString` gives, across the day, month, year and leap-day boundaries.
 */
import { addDays, shanghaiDate, toShanghaiIso } from '../shared/calendar';

const EIGHT_HOURS = 8 * 3600_000;
/** What the API wrote before the arithmetic: the runtime's own ISO form, shifted to +08:00. */
const reference = (ms: number) => new Date(ms + EIGHT_HOURS).toISOString().replace('Z', '+08:00');

test('an instant is written in Asia/Shanghai to the millisecond, from milliseconds, a Date or stored text', () => {
  // 16:00 UTC is midnight in Shanghai: the day turns there.
  expect(toShanghaiIso(Date.UTC(2026, 11, 9, 16, 0, 0, 22))).toBe('2026-12-10T00:00:00.022+08:00');
  expect(toShanghaiIso(Date.UTC(2026, 11, 9, 15, 59, 59, 999))).toBe('2026-12-09T23:59:59.999+08:00');
  expect(toShanghaiIso(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01T00:00:00.000+08:00');
  // PostgreSQL's JSON writes timestamptz in the session's offset, to the microsecond.
  expect(toShanghaiIso('2026-12-09T16:00:00.022123+00:00')).toBe('2026-12-10T00:00:00.022+08:00');
  expect(toShanghaiIso('2028-02-29T07:05:09.5+08:00')).toBe('2028-02-29T07:05:09.500+08:00');
  expect(toShanghaiIso(0)).toBe('1970-01-01T08:00:00.000+08:00');
});

test('every boundary agrees with the ISO form: day ends, month ends, leap days, centuries, before 1970', () => {
  const instants: number[] = [];
  for (const year of [1900, 1969, 1970, 1999, 2000, 2024, 2025, 2026, 2027, 2028, 2100, 2400, 9999]) {
    for (let month = 0; month < 12; month++) {
      for (const day of [1, 28, 29, 30, 31]) {
        for (const ms of [0, 1, 999]) {
          const midnightShanghai = Date.UTC(year, month, day) - EIGHT_HOURS;
          instants.push(midnightShanghai - 1000 + ms, midnightShanghai + ms, midnightShanghai + 12 * 3600_000 + 59 * 60_000 + 59_000 + ms);
        }
      }
    }
  }
  // And a spread of ordinary instants, seeded so a failure can be replayed.
  let seed = 20261202;
  for (let i = 0; i < 20_000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    instants.push(Date.UTC(1950, 0, 1) + Math.floor((seed / 2 ** 31) * 200 * 365.25 * 86_400_000));
  }
  const wrong = instants.filter((ms) => toShanghaiIso(ms) !== reference(ms) || shanghaiDate(ms) !== reference(ms).slice(0, 10));
  expect(wrong.map((ms) => [ms, toShanghaiIso(ms), reference(ms)])).toEqual([]);
});

test('an instant that is no instant is refused, not written as NaN', () => {
  expect(() => toShanghaiIso('not a time')).toThrow(RangeError);
  expect(() => toShanghaiIso(Number.NaN)).toThrow(RangeError);
  expect(() => toShanghaiIso(new Date(Number.NaN))).toThrow(RangeError);
  expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
});

test('calendar days move across month, year and leap-day ends', () => {
  expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  expect(addDays('2026-03-01', 365)).toBe('2027-03-01');
});

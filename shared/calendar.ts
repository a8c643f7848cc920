/**
 * Working-day arithmetic on the official calendar (DOMAIN.md §3). Pure and deterministic, so workflows use it
 * directly: the calendar comes in as data (a snapshot of the calendar table), never from the clock or a package.
 *
 * Dates are `YYYY-MM-DD` in Asia/Shanghai (UTC+8, no daylight saving). The day of the triggering event is not
 * counted; a deadline ends at 24:00 of its last day.
 */

export type IsoDate = string;

export interface CalendarSnapshot {
  /** Increases with every change of the calendar table. */
  version: number;
  /** Dates that differ from the Monday-to-Friday rule: `true` a working day (调休), `false` a day off. */
  overrides: Record<IsoDate, boolean>;
  /**
   * Years whose arrangement is not published yet: their days off are the statutory holidays alone, and bridging
   * and make-up days are unknown (DOMAIN.md §3, "provisional").
   */
  provisionalYears?: number[];
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * The calendar day `day` days after 1970-01-01, by integer arithmetic (H. Hinnant's days-to-civil): every list
 * writes an instant or two per item, and `Date.prototype.toISOString` costs about a microsecond each.
 */
function civilDate(day: number): IsoDate {
  if (!Number.isFinite(day)) throw new RangeError('Invalid time value');
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(day * DAY_MS).toISOString().slice(0, -14); // ±YYYYYY, as ISO writes it
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${pad2(month)}-${pad2(dayOfYear - Math.floor((153 * mp + 2) / 5) + 1)}`;
}

/** The wall-clock reading in Asia/Shanghai of an instant in epoch milliseconds: its day and the milliseconds into it. */
function shanghaiClock(instantMs: number): { day: number; ms: number } {
  const local = instantMs + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, ms: local - day * DAY_MS };
}

export function shanghaiDate(instantMs: number): IsoDate {
  return civilDate(shanghaiClock(instantMs).day);
}

/** 00:00 of the date in Asia/Shanghai, as epoch milliseconds. */
export function startOfDay(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS;
}

/** 24:00 of the date in Asia/Shanghai: the instant a deadline whose last day it is ends. */
export function endOfDay(date: IsoDate): number {
  return startOfDay(date) + DAY_MS;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return civilDate(Date.parse(`${date}T00:00:00.000Z`) / DAY_MS + days);
}

/** ISO instant with the +08:00 offset, as the API shows instants: of epoch milliseconds, or of a stored instant (a Date, or text in any offset). */
export function toShanghaiIso(instant: number | Date | string): string {
  const { day, ms } = shanghaiClock(typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime());
  const seconds = Math.floor(ms / 1000);
  return `${civilDate(day)}T${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}.${pad3(ms % 1000)}+08:00`;
}

export function isWorkingDay(date: IsoDate, calendar: CalendarSnapshot): boolean {
  const override = calendar.overrides[date];
  if (override !== undefined) return override;
  const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The Nth working day after `date` (the day itself not counted). N = 0 gives `date`. */
export function addWorkingDays(date: IsoDate, workingDays: number, calendar: CalendarSnapshot): IsoDate {
  if (!Number.isInteger(workingDays) || workingDays < 0) throw new RangeError(`workingDays must be a non-negative integer: ${workingDays}`);
  let day = date;
  let left = workingDays;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) left--;
  }
  return day;
}

/**
 * What of the period (from, to] rests on the provisional calendar: its provisional years and the provisional days
 * off it skipped; undefined when none of it does.
 */
export function provisionalPart(from: IsoDate, to: IsoDate, calendar: CalendarSnapshot): { years: number[]; daysOff: IsoDate[] } | undefined {
  const provisional = new Set(calendar.provisionalYears ?? []);
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (provisional.has(y)) years.push(y);
  if (years.length === 0) return undefined;
  const daysOff = Object.keys(calendar.overrides)
    .filter((d) => d > from && d <= to && !calendar.overrides[d] && provisional.has(Number(d.slice(0, 4))))
    .sort();
  return { years, daysOff };
}

/** Working days in (from, to]: what a suspension from `from` to `to` takes out of a period. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, calendar: CalendarSnapshot): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (isWorkingDay(day, calendar)) count++;
  }
  return count;
}

/** Calendar days: for limits counted in days, months or years rather than working days. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

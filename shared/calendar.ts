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

export function shanghaiDate(instantMs: number): IsoDate {
  return new Date(instantMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
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
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO instant with the +08:00 offset, as the API shows instants: of epoch milliseconds, or of a stored instant (a Date, or text in any offset). */
export function toShanghaiIso(instant: number | Date | string): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
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

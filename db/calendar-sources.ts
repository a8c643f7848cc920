/**
 * Where the working-day calendar comes from (DOMAIN.md §3), for every year a deadline can reach:
 * - `official`: the State Council's published arrangements as the `chinese-days` package carries them
 *   (refreshed at every migration, so upgrading the package brings new years in);
 * - `provisional`: beyond the published years, the statutory holidays of the Regulations on National Annual
 *   Festivals and Memorial Holidays (as amended 2024), lunar dates computed by the same package;
 * - `entered` (a supervisor's days or imported years) is kept in the table and never produced here.
 * Each source gives the days that differ from the Monday-to-Friday rule.
 */
import { getDayDetail, getHolidaysInRange, getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';
import { addDays, isWorkingDay, type IsoDate } from '../shared/calendar';

export type CalendarSource = 'entered' | 'official' | 'provisional';

export interface CalendarDay {
  date: IsoDate;
  workday: boolean;
  note: string;
}

const WEEKDAYS_ONLY = { version: 0, overrides: {} };
const isWeekend = (date: IsoDate) => !isWorkingDay(date, WEEKDAYS_ONLY);

/** The published arrangement of `year` as the package carries it, or undefined when it has none yet. */
export function officialArrangement(year: number): CalendarDay[] | undefined {
  if (getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length === 0) return undefined;
  const days: CalendarDay[] = [];
  for (let day = `${year}-01-01`; day <= `${year}-12-31`; day = addDays(day, 1)) {
    const detail = getDayDetail(day);
    if (detail.work !== !isWeekend(day)) days.push({ date: day, workday: detail.work, note: detail.name });
  }
  return days;
}

const lunar = (year: number, monthDay: string): IsoDate => getSolarDateFromLunar(`${year}-${monthDay}`).date;

/** The statutory holidays of `year` (Art 2 of the Regulations as amended 2024), each with its name. */
export function statutoryHolidays(year: number): Array<{ date: IsoDate; name: string }> {
  const springFestival = lunar(year, '01-01');
  const named = (name: string, ...dates: IsoDate[]) => dates.map((date) => ({ date, name }));
  return [
    ...named("New Year's Day,元旦", `${year}-01-01`),
    ...named('Spring Festival,春节', addDays(springFestival, -1), springFestival, addDays(springFestival, 1), addDays(springFestival, 2)),
    ...named('Tomb-sweeping Day,清明', getSolarTermDate(year, 4, 'pure_brightness')),
    ...named('Labour Day,劳动节', `${year}-05-01`, `${year}-05-02`),
    ...named('Dragon Boat Festival,端午', lunar(year, '05-05')),
    ...named('Mid-autumn Festival,中秋', lunar(year, '08-15')),
    ...named('National Day,国庆节', `${year}-10-01`, `${year}-10-02`, `${year}-10-03`),
  ];
}

/**
 * The days off of `year` as far as the law alone fixes them: each statutory holiday, and for one that falls on a
 * weekend or on another holiday (Mid-Autumn on National Day) the next free working day instead (Art 6:
 * "适逢星期六、星期日，应当在工作日补假"). The bridging days and make-up working days of the State Council's
 * arrangement cannot be known before it is published.
 */
export function provisionalArrangement(year: number): CalendarDay[] {
  const off = new Map<IsoDate, string>();
  const holidays = statutoryHolidays(year).sort((a, b) => a.date.localeCompare(b.date));
  for (const h of holidays) {
    if (!isWeekend(h.date) && !off.has(h.date)) {
      off.set(h.date, `${h.name} (statutory, provisional)`);
      continue;
    }
    let day = addDays(h.date, 1);
    while (isWeekend(day) || off.has(day)) day = addDays(day, 1);
    off.set(day, `${h.name} (statutory day in lieu, provisional)`);
  }
  return [...off]
    .filter(([date]) => date.startsWith(`${year}-`))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, note]) => ({ date, workday: false, note }));
}

/** The arrangement of a year that no supervisor entered: the published one when the package has it. */
export function packagedYear(year: number): { source: Exclude<CalendarSource, 'entered'>; days: CalendarDay[] } {
  const official = officialArrangement(year);
  return official ? { source: 'official', days: official } : { source: 'provisional', days: provisionalArrangement(year) };
}

/** The years the calendar covers: from the first year cases may reach back to, to as far as any limit reaches. */
export function calendarYears(today: IsoDate): number[] {
  const year = Number(today.slice(0, 4));
  const years: number[] = [];
  // The list term (3 years), publicity (up to 3) and retention (5) reach about 11 years ahead; 15 leaves margin.
  for (let y = 2020; y <= year + 15; y++) years.push(y);
  return years;
}

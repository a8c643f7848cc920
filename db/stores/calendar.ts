/**
 * The working-day calendar table (DOMAIN.md §3): days that differ from Monday-to-Friday, each with its source
 * (`entered` > `official` > `provisional`), the source of each year, and a version per change with the span of days
 * it changed. All calendar SQL lives here.
 */
import type { Knex } from 'knex';
import { addDays, isWorkingDay, type CalendarSnapshot, type IsoDate } from '../../shared/calendar';
import { calendarYears, packagedYear, type CalendarDay, type CalendarSource } from '../calendar-sources';
import type { Db } from '../knex';
import { appendAudit } from './audit';

type Trx = Db | Knex.Transaction;

export async function loadCalendarSnapshot(db: Trx): Promise<CalendarSnapshot> {
  // One after the other: inside a transaction they share one connection.
  const version = await calendarVersion(db);
  const rows: Array<{ date: string; workday: boolean }> = await db('calendar_days').select('date', 'workday');
  const provisionalYears: number[] = await db('calendar_years').where({ source: 'provisional' }).orderBy('year').pluck('year');
  return { version, overrides: Object.fromEntries(rows.map((r) => [r.date, r.workday])), provisionalYears };
}

export async function calendarVersion(db: Trx): Promise<number> {
  const [{ version }] = await db('calendar_versions').max<{ version: number }[]>('version as version');
  return version ?? 0;
}

/** The span of days a calendar version changed (what its propagation must look at). */
export async function calendarChange(db: Trx, version: number): Promise<{ from: IsoDate; to: IsoDate } | undefined> {
  const row = await db('calendar_versions').where({ version }).first('changed_from', 'changed_to');
  return row?.changed_from ? { from: row.changed_from, to: row.changed_to } : undefined;
}

export interface CalendarYearView {
  year: number;
  version: number;
  source: CalendarSource;
  document?: string;
  publishedOn?: IsoDate;
  days: Array<{ date: IsoDate; workday: boolean; note?: string; source: CalendarSource }>;
}

/** Every day of a year, whether it is a working day, and from which source that comes. */
export async function calendarYear(db: Trx, year: number): Promise<CalendarYearView> {
  const [rows, meta, version] = await Promise.all([
    db('calendar_days').whereBetween('date', [`${year}-01-01`, `${year}-12-31`]).select('date', 'workday', 'note', 'source'),
    db('calendar_years').where({ year }).first(),
    calendarVersion(db),
  ]);
  const byDate = new Map(rows.map((r) => [r.date as string, r]));
  const yearSource: CalendarSource = meta?.source ?? 'provisional';
  const days: CalendarYearView['days'] = [];
  for (let day = `${year}-01-01`; day <= `${year}-12-31`; day = addDays(day, 1)) {
    const set = byDate.get(day);
    days.push(set ? { date: day, workday: set.workday, note: set.note ?? undefined, source: set.source } : { date: day, workday: isWorkingDay(day, { version: 0, overrides: {} }), source: yearSource });
  }
  return { year, version, source: yearSource, document: meta?.document ?? undefined, publishedOn: meta?.published_on ?? undefined, days };
}

async function newVersion(trx: Knex.Transaction, change: string, actor: string, changed: IsoDate[]): Promise<number> {
  const sorted = [...changed].sort();
  const [{ version }] = await trx('calendar_versions')
    .insert({ change, actor, changed_from: sorted[0] ?? null, changed_to: sorted[sorted.length - 1] ?? null })
    .returning('version');
  return version;
}

/** Dates whose working-day status differs between two sets of overrides of the same span. */
function changedDates(before: Map<IsoDate, boolean>, after: Map<IsoDate, boolean>): IsoDate[] {
  const dates = new Set([...before.keys(), ...after.keys()]);
  const weekday = (d: IsoDate) => isWorkingDay(d, { version: 0, overrides: {} });
  return [...dates].filter((d) => (before.get(d) ?? weekday(d)) !== (after.get(d) ?? weekday(d))).sort();
}

/**
 * Brings the packaged sources up to date (run at every migration): each year no supervisor imported gets the
 * published arrangement when the package has it, else the provisional one; days a supervisor entered stay.
 * Returns the new version when anything changed.
 */
export async function refreshPackagedCalendar(db: Db, today: IsoDate): Promise<number | undefined> {
  return db.transaction(async (trx) => {
    await trx.raw('LOCK TABLE calendar_days IN SHARE ROW EXCLUSIVE MODE');
    const years = new Map<number, string>((await trx('calendar_years').select('year', 'source')).map((r) => [r.year, r.source]));
    const rows: Array<{ date: string; workday: boolean; source: string }> = await trx('calendar_days').select('date', 'workday', 'source');
    const entered = new Set(rows.filter((r) => r.source === 'entered').map((r) => r.date));
    const writes: Array<{ year: number; source: string; days: CalendarDay[] }> = [];
    const changed: IsoDate[] = [];
    for (const year of calendarYears(today)) {
      if (years.get(year) === 'entered') continue;
      const packaged = packagedYear(year);
      const days = packaged.days.filter((d) => !entered.has(d.date));
      const before = new Map(rows.filter((r) => r.source !== 'entered' && r.date.startsWith(`${year}-`)).map((r) => [r.date, r.workday]));
      const moved = changedDates(before, new Map(days.map((d) => [d.date, d.workday])));
      if (moved.length === 0 && years.get(year) === packaged.source) continue;
      // A year whose source changes counts as changed throughout: its deadlines stop (or start) being provisional.
      const sourceChanged = years.has(year) && years.get(year) !== packaged.source;
      changed.push(...(sourceChanged ? [`${year}-01-01`, `${year}-12-31`] : moved));
      writes.push({ year, source: packaged.source, days });
    }
    if (writes.length === 0) return undefined;
    const version = await newVersion(trx, `packaged calendar refreshed (${writes.map((w) => `${w.year} ${w.source}`).join(', ')})`, 'system', changed);
    for (const w of writes) {
      await trx('calendar_days').whereBetween('date', [`${w.year}-01-01`, `${w.year}-12-31`]).whereNot({ source: 'entered' }).delete();
      if (w.days.length) await trx('calendar_days').insert(w.days.map((d) => ({ ...d, source: w.source, version, updated_by: 'system' })));
      await trx('calendar_years').insert({ year: w.year, source: w.source, updated_by: 'system', updated_at: trx.fn.now() }).onConflict('year').merge();
    }
    return version;
  });
}

/** One day entered by a supervisor. */
export async function enterCalendarDay(db: Db, a: { date: IsoDate; workday: boolean; note: string; actor: { id: string; role: string } }): Promise<number> {
  return db.transaction(async (trx) => {
    const before = await trx('calendar_days').where({ date: a.date }).first();
    const wasWorkday = before ? before.workday : isWorkingDay(a.date, { version: 0, overrides: {} });
    const version = await newVersion(trx, `${a.date}: ${a.workday ? 'working day' : 'holiday'} (${a.note})`, a.actor.id, wasWorkday === a.workday ? [] : [a.date]);
    await trx('calendar_days')
      .insert({ date: a.date, workday: a.workday, note: a.note, source: 'entered', version, updated_by: a.actor.id, updated_at: trx.fn.now() })
      .onConflict('date')
      .merge();
    await appendAudit(trx, [{ actor: a.actor.id, role: a.actor.role, action: 'calendar.changed', before: before ?? null, after: { date: a.date, workday: a.workday, note: a.note, version } }]);
    return version;
  });
}

export interface PublishedArrangement {
  year: number;
  holidays: IsoDate[];
  workdays: IsoDate[];
  source: { document: string; publishedOn: IsoDate };
}

/**
 * A year's published arrangement imported at once: it replaces every day of the year (and the year is `entered`
 * from then on, so no package refresh overrides it). Returns the version and the days whose status changed.
 */
export async function importCalendarYear(db: Db, a: PublishedArrangement & { actor: { id: string; role: string } }): Promise<{ version: number; changed: IsoDate[] }> {
  return db.transaction(async (trx) => {
    await trx.raw('LOCK TABLE calendar_days IN SHARE ROW EXCLUSIVE MODE');
    const span = [`${a.year}-01-01`, `${a.year}-12-31`] as const;
    const before = new Map<IsoDate, boolean>((await trx('calendar_days').whereBetween('date', span).select('date', 'workday')).map((r) => [r.date, r.workday]));
    const weekday = (d: IsoDate) => isWorkingDay(d, { version: 0, overrides: {} });
    const days = [
      ...a.holidays.filter((d) => weekday(d)).map((date) => ({ date, workday: false, note: `holiday (${a.source.document})` })),
      ...a.workdays.filter((d) => !weekday(d)).map((date) => ({ date, workday: true, note: `working day (${a.source.document})` })),
    ];
    const changed = changedDates(before, new Map(days.map((d) => [d.date, d.workday])));
    const wasProvisional = (await trx('calendar_years').where({ year: a.year }).first())?.source !== 'entered';
    const version = await newVersion(trx, `${a.year} arrangement imported (${a.source.document}, published ${a.source.publishedOn})`, a.actor.id, wasProvisional ? [...span] : changed);
    await trx('calendar_days').whereBetween('date', span).delete();
    if (days.length) await trx('calendar_days').insert(days.map((d) => ({ ...d, source: 'entered', version, updated_by: a.actor.id })));
    await trx('calendar_years')
      .insert({ year: a.year, source: 'entered', document: a.source.document, published_on: a.source.publishedOn, updated_by: a.actor.id, updated_at: trx.fn.now() })
      .onConflict('year')
      .merge();
    await appendAudit(trx, [{ actor: a.actor.id, role: a.actor.role, action: 'calendar.year_imported', after: { year: a.year, version, source: a.source, changed } }]);
    return { version, changed };
  });
}

/** Running deadlines whose period contains a day of [from, to] (or are suspended, or rest on the provisional calendar there). */
export async function casesWithDeadlinesOver(db: Trx, a: { from: IsoDate; to: IsoDate; after?: string; limit: number }): Promise<string[]> {
  const rows = await db('case_deadlines')
    .distinct('case_id')
    .whereIn('state', ['pending', 'due_soon', 'overdue', 'suspended'])
    .where((q) =>
      q.where('state', 'suspended').orWhere((r) => r.whereRaw("computation->>'startDate' < ?", [a.to]).whereRaw("computation->>'dueDate' >= ?", [a.from])),
    )
    .modify((q) => (a.after ? q.where('case_id', '>', a.after) : q))
    .orderBy('case_id')
    .limit(a.limit);
  return rows.map((r: { case_id: string }) => r.case_id);
}

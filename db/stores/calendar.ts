import type { CalendarSnapshot } from '../../shared/calendar';
import type { Db } from '../knex';

export async function loadCalendarSnapshot(db: Db): Promise<CalendarSnapshot> {
  const [{ version }] = await db('calendar_versions').max<{ version: number }[]>('version as version');
  const rows: Array<{ date: string; workday: boolean }> = await db('calendar_days').select('date', 'workday');
  return { version: version ?? 0, overrides: Object.fromEntries(rows.map((r) => [r.date, r.workday])) };
}

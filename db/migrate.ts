import { getDayDetail, getHolidaysInRange } from 'chinese-days';
import type { Knex } from 'knex';
import { DEFAULT_TIME_LIMITS } from '../shared/time-limits';
import { addDays, isWorkingDay } from '../shared/calendar';
import { createDb, type Db } from './knex';
import * as foundation from './migrations/001_foundation';
import * as agencyNotices from './migrations/002_agency_notices';
import * as supervisionDisclosure from './migrations/003_supervision_disclosure';
import * as historyWithoutForeignKey from './migrations/004_history_without_foreign_key';
import * as personalInformation from './migrations/007_personal_information';

/** Migrations are imported, not globbed, so they run the same under tsx, jest and a bundled deployment. */
const MIGRATIONS: Record<string, Knex.Migration> = {
  '001_foundation': foundation,
  '002_agency_notices': agencyNotices,
  '003_supervision_disclosure': supervisionDisclosure,
  '004_history_without_foreign_key': historyWithoutForeignKey,
  '007_personal_information': personalInformation,
};

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name],
};

export async function migrate(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl, { min: 0, max: 2 });
  try {
    await db.migrate.latest({ migrationSource });
    await seed(db);
  } finally {
    await db.destroy();
  }
}

/** Seeds are idempotent: a restart or a second `npm start` adds nothing twice. */
export async function seed(db: Db): Promise<void> {
  await db.transaction(async (trx) => {
    const limits = await trx('time_limits').first();
    if (!limits) {
      await trx('time_limits').insert({ limits: JSON.stringify(DEFAULT_TIME_LIMITS), note: 'defaults of DOMAIN.md §3', created_by: 'system' });
    }
    const calendar = await trx('calendar_versions').first();
    if (!calendar) await seedCalendar(trx);
  });
}

/**
 * The official calendar from the `chinese-days` package: the holidays and make-up working days (调休) that differ
 * from the Monday-to-Friday rule, for every year the package knows. Stored as version 1.
 */
async function seedCalendar(trx: Knex.Transaction): Promise<void> {
  const [{ version }] = await trx('calendar_versions')
    .insert({ change: 'seeded from the chinese-days package', actor: 'system' })
    .returning('version');
  const rows: Array<{ date: string; workday: boolean; note: string; source: string; version: number }> = [];
  const noOverrides = { version: 0, overrides: {} };
  for (let year = 2020; year <= new Date().getUTCFullYear() + 1; year++) {
    if (getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length === 0) continue;
    for (let day = `${year}-01-01`; day <= `${year}-12-31`; day = addDays(day, 1)) {
      const detail = getDayDetail(day);
      if (detail.work !== isWorkingDay(day, noOverrides)) {
        rows.push({ date: day, workday: detail.work, note: detail.name, source: 'chinese-days', version });
      }
    }
  }
  // Years the package does not know yet (their schedule is published each winter) get the fixed-date statutory
  // holidays of the national holiday rules, so that long terms and early-year deadlines are not counted through
  // New Year's Day or National Day. A supervisor completes them when the State Council publishes the year.
  const known = new Set(rows.map((r) => r.date.slice(0, 4)));
  for (let year = new Date().getUTCFullYear(); year <= new Date().getUTCFullYear() + 3; year++) {
    if (known.has(String(year))) continue;
    for (const [md, name] of PROVISIONAL_HOLIDAYS) {
      const day = `${year}-${md}`;
      if (isWorkingDay(day, noOverrides)) {
        rows.push({ date: day, workday: false, note: `${name} (statutory, provisional)`, source: 'statutory', version });
      }
    }
  }
  await trx.batchInsert('calendar_days', rows, 500);
}

const PROVISIONAL_HOLIDAYS: Array<[string, string]> = [
  ['01-01', "New Year's Day,元旦"],
  ['05-01', 'Labour Day,劳动节'],
  ['05-02', 'Labour Day,劳动节'],
  ['10-01', 'National Day,国庆节'],
  ['10-02', 'National Day,国庆节'],
  ['10-03', 'National Day,国庆节'],
];

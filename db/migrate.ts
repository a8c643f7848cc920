import { getDayDetail, getHolidaysInRange } from 'chinese-days';
import type { Knex } from 'knex';
import { DEFAULT_TIME_LIMITS } from '../shared/time-limits';
import { addDays, isWorkingDay } from '../shared/calendar';
import { createDb, type Db } from './knex';
import * as foundation from './migrations/001_foundation';
import * as agencyNotices from './migrations/002_agency_notices';
import * as supervisionDisclosure from './migrations/003_supervision_disclosure';
import * as historyWithoutForeignKey from './migrations/004_history_without_foreign_key';
import * as incidentsLeastPrivilege from './migrations/006_incidents_least_privilege';

/** Migrations are imported, not globbed, so they run the same under tsx, jest and a bundled deployment. */
const MIGRATIONS: Record<string, Knex.Migration> = {
  '001_foundation': foundation,
  '002_agency_notices': agencyNotices,
  '003_supervision_disclosure': supervisionDisclosure,
  '004_history_without_foreign_key': historyWithoutForeignKey,
  '006_incidents_least_privilege': incidentsLeastPrivilege,
};

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name],
};

/**
 * Migrates and seeds as the schema owner (`ownerUrl`); with `appRole`, grants that role what the API and the
 * worker need and no more (ARCHITECTURE.md "Least privilege"), again at every migration so new tables are covered.
 */
export async function migrate(ownerUrl: string, opts: { appRole?: string } = {}): Promise<void> {
  const db = createDb(ownerUrl, { min: 0, max: 2 });
  try {
    await db.migrate.latest({ migrationSource });
    await seed(db);
    if (opts.appRole) await grantAppRole(db, opts.appRole);
  } finally {
    await db.destroy();
  }
}

/** Tables the application may only add to (JS Art 39: who read what, and every change, are kept as they happened). */
export const APPEND_ONLY_TABLES = ['audit_events', 'inquiry_log', 'credit_record_history', 'list_checks'];

/**
 * Reading and writing the records and the read model; only INSERT into the append-only tables; nothing on the
 * migrations' own tables; no DDL (the role owns nothing, and may not create in the schema).
 */
async function grantAppRole(db: Db, role: string): Promise<void> {
  const { rows } = await db.raw('SELECT rolsuper FROM pg_roles WHERE rolname = ?', [role]);
  if (rows.length === 0) throw new Error(`the application role ${role} does not exist: create it first (README, "Database roles")`);
  if (rows[0].rolsuper) throw new Error(`the application role ${role} is a superuser: it could switch the audit trail's triggers off`);
  await db.transaction(async (trx) => {
    await trx.raw('GRANT USAGE ON SCHEMA public TO ??', [role]);
    await trx.raw('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ??', [role]);
    await trx.raw('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ??', [role]);
    await trx.raw(`REVOKE UPDATE, DELETE, TRUNCATE ON ${APPEND_ONLY_TABLES.map(() => '??').join(', ')} FROM ??`, [...APPEND_ONLY_TABLES, role]);
    await trx.raw('REVOKE ALL ON knex_migrations, knex_migrations_lock FROM ??', [role]);
  });
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

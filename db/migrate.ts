import type { Knex } from 'knex';
import { DEFAULT_TIME_LIMITS } from '../shared/time-limits';
import { shanghaiDate } from '../shared/calendar';
import { refreshPackagedCalendar } from './stores/calendar';
import { createDb, type Db } from './knex';
import * as foundation from './migrations/001_foundation';
import * as agencyNotices from './migrations/002_agency_notices';
import * as supervisionDisclosure from './migrations/003_supervision_disclosure';
import * as historyWithoutForeignKey from './migrations/004_history_without_foreign_key';
import * as calendarSources from './migrations/005_calendar_sources';
import * as incidentsLeastPrivilege from './migrations/006_incidents_least_privilege';
import * as personalInformation from './migrations/007_personal_information';
import * as departments from './migrations/009_departments';
import * as consentAndBasisLinks from './migrations/010_consent_and_basis_links';

/** Migrations are imported, not globbed, so they run the same under tsx, jest and a bundled deployment. */
const MIGRATIONS: Record<string, Knex.Migration> = {
  '001_foundation': foundation,
  '002_agency_notices': agencyNotices,
  '003_supervision_disclosure': supervisionDisclosure,
  '004_history_without_foreign_key': historyWithoutForeignKey,
  '005_calendar_sources': calendarSources,
  '006_incidents_least_privilege': incidentsLeastPrivilege,
  '007_personal_information': personalInformation,
  '009_departments': departments,
  '010_consent_and_basis_links': consentAndBasisLinks,
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
export const APPEND_ONLY_TABLES = ['audit_events', 'inquiry_log', 'credit_record_history', 'list_checks', 'credit_reports'];

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

/**
 * Seeds are idempotent: a restart or a second `npm start` adds nothing twice. The packaged calendar is refreshed
 * every time, so that a newer `chinese-days` brings the years it has published in (entered days stay).
 */
export async function seed(db: Db): Promise<void> {
  await db.transaction(async (trx) => {
    const limits = await trx('time_limits').first();
    if (!limits) {
      await trx('time_limits').insert({ limits: JSON.stringify(DEFAULT_TIME_LIMITS), note: 'defaults of DOMAIN.md §3', created_by: 'system' });
    }
  });
  await refreshPackagedCalendar(db, shanghaiDate(Date.now()));
}

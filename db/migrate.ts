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
import * as departments from './migrations/009_departments';
import * as consentAndBasisLinks from './migrations/010_consent_and_basis_links';

/** Migrations are imported, not globbed, so they run the same under tsx, jest and a bundled deployment. */
const MIGRATIONS: Record<string, Knex.Migration> = {
  '001_foundation': foundation,
  '002_agency_notices': agencyNotices,
  '003_supervision_disclosure': supervisionDisclosure,
  '004_history_without_foreign_key': historyWithoutForeignKey,
  '005_calendar_sources': calendarSources,
  '009_departments': departments,
  '010_consent_and_basis_links': consentAndBasisLinks,
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

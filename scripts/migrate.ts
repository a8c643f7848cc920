/**
 * `npm run migrate`: brings the database up to the latest schema and seeds it, as the owner (MIGRATION_DATABASE_URL,
 * else DATABASE_URL), and grants the application role (DATABASE_APP_ROLE, else DATABASE_URL's user) its privileges.
 */
import { migrate } from '../db/migrate';
import { loadConfig } from '../lib/config';
import { ensureAppRole } from '../lib/servers';

async function main(): Promise<void> {
  const { migrationDatabaseUrl: databaseUrl, databaseAppRole, databaseAppPassword: password } = loadConfig();
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set: `npm run migrate` needs the database to migrate (postgres://user:password@host:port/database). `npm start` migrates its own embedded database.');
  }
  // DATABASE_APP_PASSWORD: create the application role (or reset its password) first, as docker-compose.yml does.
  if (password && databaseAppRole) await ensureAppRole(databaseUrl, databaseAppRole, password);
  await migrate(databaseUrl, { appRole: databaseAppRole });
  console.log(`migrated ${new URL(databaseUrl).pathname.slice(1) || databaseUrl}${databaseAppRole ? `; ${databaseAppRole} granted the application's privileges` : ''}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

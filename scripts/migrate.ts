/** `npm run migrate`: brings the database at DATABASE_URL up to the latest schema and seeds it. */
import { migrate } from '../db/migrate';
import { loadConfig } from '../lib/config';

async function main(): Promise<void> {
  const { databaseUrl } = loadConfig();
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set: `npm run migrate` needs the database to migrate (postgres://user:password@host:port/database). `npm start` migrates its own embedded database.');
  }
  await migrate(databaseUrl);
  console.log(`migrated ${new URL(databaseUrl).pathname.slice(1) || databaseUrl}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

/**
 * Jest global setup: real servers for the whole test run, handed to the tests through process.env:
 * - DATABASE_URL: a fresh, migrated database: a new embedded PostgreSQL in a temporary directory, or, when
 *   DATABASE_URL is already set, a new database `credit_test_<random>` on that server; as the application's
 *   least-privileged role (MIGRATION_DATABASE_URL: as the owner who migrated it);
 * - TEMPORAL_ADDRESS: an in-memory Temporal dev server, unless TEMPORAL_ADDRESS is already set;
 * - TEMPORAL_TEST_SERVER_PATH: the time-skipping test server's wrapper script;
 * - TEMPORAL_CLI_PATH: the Temporal CLI.
 * It also builds the pages (web/dist) when they are missing or stale.
 * test/global-teardown.ts stops what was started here.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../db/migrate';
import globalTeardown from './global-teardown';
import { ensureWebBuilt } from '../scripts/build-web';
import { createDatabase, ensureAppRole, obtainTemporalCli, obtainTestServer, startEmbeddedPostgres, startTemporalDevServer } from '../lib/servers';

export interface TestServers {
  tmpDir?: string;
  /** External server and database created on it, dropped at teardown. */
  createdDatabase?: { serverUrl: string; name: string };
  stops: { name: string; stop: () => Promise<void> }[];
}

declare global {
  var __creditTestServers: TestServers | undefined;
}

export default async function globalSetup(): Promise<void> {
  const servers: TestServers = { stops: [] };
  globalThis.__creditTestServers = servers;
  const started = Date.now();

  // Obtain first: a missing binary is reported before anything is started.
  process.env.TEMPORAL_CLI_PATH = await obtainTemporalCli();
  process.env.TEMPORAL_TEST_SERVER_PATH = await obtainTestServer();
  // The pages the browser tests open (a few seconds; skipped when the last build had the same inputs).
  ensureWebBuilt({ log: (line) => process.stderr.write(`[global-setup] ${line}\n`) });

  try {
    await startServers(servers);
  } catch (err) {
    // Jest does not run the global teardown when the setup fails: clean up here.
    await globalTeardown().catch(() => undefined);
    throw err;
  }
  process.stderr.write(`\n[global-setup] servers ready in ${Date.now() - started} ms (Temporal ${process.env.TEMPORAL_ADDRESS})\n`);
}

async function startServers(servers: TestServers): Promise<void> {
  const external = process.env.DATABASE_URL;
  // Both start in parallel; both are waited for, so that whatever did start is known to the teardown.
  const [db, temporal] = await Promise.allSettled([
    (async () => {
      if (external) {
        const name = `credit_test_${randomBytes(5).toString('hex')}`;
        servers.createdDatabase = { serverUrl: external, name };
        const url = await createDatabase(external, name);
        return { url, appUrl: await ensureAppRole(url, 'credit_test_app', 'credit_test_app') };
      }
      servers.tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'credit-test-'));
      // PostgreSQL may run as the unprivileged `postgres` user (when tests run as root): let it in.
      await fs.chmod(servers.tmpDir, 0o755);
      const pg = await startEmbeddedPostgres({ dataDir: path.join(servers.tmpDir, 'postgres'), disposable: true });
      servers.stops.push({ name: 'PostgreSQL', stop: pg.stop });
      return { url: pg.url, appUrl: pg.appUrl };
    })(),
    (async () => {
      if (process.env.TEMPORAL_ADDRESS) return process.env.TEMPORAL_ADDRESS;
      const server = await startTemporalDevServer({ headless: true, namespace: process.env.TEMPORAL_NAMESPACE || 'default' });
      servers.stops.push({ name: 'Temporal', stop: server.stop });
      return server.address;
    })(),
  ]);
  if (db.status === 'rejected') throw db.reason;
  if (temporal.status === 'rejected') throw temporal.reason;
  const { url: ownerUrl, appUrl } = db.value;
  const temporalAddress = temporal.value;

  // Migrated as the owner; the tests, like the API and the worker, connect as the least-privileged role.
  await migrate(ownerUrl, { appRole: decodeURIComponent(new URL(appUrl).username) });
  process.env.MIGRATION_DATABASE_URL = ownerUrl;
  process.env.DATABASE_URL = appUrl;
  process.env.TEMPORAL_ADDRESS = temporalAddress;
}

/**
 * `npm start`: the whole system on one machine. Starts what is not given by the environment (an embedded
 * PostgreSQL with data in `<DATA_DIR>/postgres` unless DATABASE_URL is set; the Temporal dev server with
 * state in `<DATA_DIR>/temporal.sqlite` unless TEMPORAL_ADDRESS is set), migrates the database, then runs
 * a worker and the API, which also serves the pages (built first when missing or stale). Ctrl-C stops the API, the worker, Temporal and PostgreSQL, in that order.
 */
import path from 'node:path';
import { migrate } from '../db/migrate';
import { startApi } from '../api/main';
import { runWorker } from '../worker/main';
import { loadConfig } from '../lib/config';
import { APP_ROLE, startEmbeddedPostgres, startTemporalDevServer } from '../lib/servers';
import { ensureWebBuilt } from './build-web';

type Stop = { name: string; stop: () => Promise<void> };

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${name}=${raw} is not a TCP port`);
  return port;
}

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Stopped in reverse order of starting: API, worker, Temporal, PostgreSQL.
  const started: Stop[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const part of [...started].reverse()) {
        say(`stopping ${part.name}…`);
        try {
          await part.stop();
        } catch (err) {
          console.error(`stopping ${part.name} failed:`, err);
        }
      }
    })());

  // A terminal's Ctrl-C reaches this process twice (directly, and relayed by the tsx launcher): a repeat
  // within a second is the same keypress. A later one means "exit now".
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < 1000) return;
      console.error(`${signal} again: exiting without waiting (child servers are stopped by their guards)`);
      process.exit(130);
    }
    firstSignalAt = Date.now();
    say(`\n${signal}: shutting down (press Ctrl-C again to exit at once)`);
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    let databaseUrl = config.databaseUrl;
    let ownerUrl = config.migrationDatabaseUrl;
    let appRole = config.databaseAppRole;
    if (!databaseUrl) {
      const dataDir = path.join(config.dataDir, 'postgres');
      const port = process.env.POSTGRES_PORT ? portFromEnv('POSTGRES_PORT', 0) : undefined;
      say(`starting PostgreSQL (embedded, data in ${dataDir})…`);
      const pg = await startEmbeddedPostgres({ dataDir, port });
      started.push({ name: 'PostgreSQL', stop: pg.stop });
      databaseUrl = pg.appUrl;
      ownerUrl = pg.url;
      appRole = APP_ROLE;
    }

    let temporalAddress = config.temporalAddress;
    let temporalUi: string | undefined;
    if (!temporalAddress) {
      const dbFile = path.join(config.dataDir, 'temporal.sqlite');
      say(`starting the Temporal dev server (state in ${dbFile})…`);
      const temporal = await startTemporalDevServer({
        dbFile,
        port: portFromEnv('TEMPORAL_PORT', 7233),
        uiPort: portFromEnv('TEMPORAL_UI_PORT', 8233),
        namespace: config.namespace,
        // The dev server's start banner repeats what is printed below.
        log: (line) => {
          if (!/^(CLI|Server:|UI:|Metrics:)/.test(line)) console.error(`[temporal] ${line}`);
        },
      });
      started.push({ name: 'Temporal', stop: temporal.stop });
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl;
    }

    ensureWebBuilt({ log: say });

    say('migrating the database…');
    await migrate(ownerUrl ?? databaseUrl, { appRole });

    say('starting the worker…');
    const worker = await runWorker({ temporalAddress, databaseUrl, namespace: config.namespace, taskQueue: config.taskQueue });
    started.push({ name: 'worker', stop: () => worker.shutdown() });

    const api = await startApi({ temporalAddress, databaseUrl, port: config.port, namespace: config.namespace });
    started.push({ name: 'API', stop: () => api.close() });

    const shownDb = new URL(databaseUrl);
    if (shownDb.password) shownDb.password = '***';
    say();
    say('credit-cases is running');
    say(`  Pages:             ${api.url}/  (sign in locally: choose a role)`);
    say(`  API:               ${api.url}/api/v1`);
    say(`  API docs:          ${api.url.replace(/\/$/, '')}/docs`);
    say(`  Temporal Web UI:   ${temporalUi ?? `(external Temporal at ${temporalAddress}: use its own UI)`}`);
    say(`  Temporal gRPC:     ${temporalAddress} (namespace ${config.namespace}, task queue ${config.taskQueue})`);
    say(`  PostgreSQL:        ${shownDb.toString()}${config.databaseUrl ? '' : ` (the API and the worker connect as ${APP_ROLE}; migrations as postgres, password postgres)`}`);
    say('  Get a token:       npm run token -- --role officer --dept market-regulation');
    say('Press Ctrl-C to stop.');
  } catch (err) {
    console.error('start-up failed:', err instanceof Error ? err.message : err);
    await stopAll();
    process.exit(1);
  }
}

void main();

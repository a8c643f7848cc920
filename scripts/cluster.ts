/**
 * `npm run cluster [-- --workers N --apis N]`: the production topology on one machine (lib/cluster.ts): the
 * Temporal server on PostgreSQL (an embedded one with data in `<DATA_DIR>/cluster/postgres`, or DATABASE_URL),
 * two workers and two API copies (ports PORT, PORT+1, …). Ctrl-C stops the API copies, the workers, Temporal and
 * PostgreSQL, in that order.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster, type Cluster } from '../lib/cluster';
import { loadConfig } from '../lib/config';

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function count(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new Error(`--${flag}=${value}: give a number from 1 to 16`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { workers: { type: 'string', default: '2' }, apis: { type: 'string', default: '2' } } });
  const config = loadConfig();
  const temporalPort = process.env.TEMPORAL_PORT ? Number(process.env.TEMPORAL_PORT) : 7233;

  const started: { cluster?: Cluster } = {};
  let stopping = false;
  // A terminal's Ctrl-C reaches this process twice (directly, and relayed by the tsx launcher): once is enough.
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: shutting down`);
    void (started.cluster?.stop() ?? Promise.resolve()).then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const dataDir = path.join(config.dataDir, 'cluster');
  say(config.databaseUrl ? 'starting the cluster on DATABASE_URL…' : `starting the cluster (embedded PostgreSQL, data in ${dataDir}/postgres)…`);
  const cluster = (started.cluster = await startCluster({
    databaseUrl: config.databaseUrl,
    migrationDatabaseUrl: config.migrationDatabaseUrl,
    databaseAppRole: config.databaseAppRole,
    dataDir,
    workers: count(values.workers, 'workers'),
    apis: count(values.apis, 'apis'),
    apiPort: config.port,
    temporalPort,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    jwtSecret: config.jwtSecret,
    logLevel: config.logLevel,
    log: (source, line) => {
      if (!stopping && source !== 'postgres') console.error(`[${source}] ${line}`);
    },
    onStop: (part) => say(`stopping ${part}…`),
  }));

  const shownDb = new URL(cluster.databaseUrl);
  if (shownDb.password) shownDb.password = '***';
  say();
  say('credit-cases cluster is running');
  for (const api of cluster.running('api')) say(`  ${api.name}:  ${api.url}  (docs ${api.url}/docs)`);
  for (const worker of cluster.running('worker')) say(`  ${worker.name}:  pid ${worker.pid}, Temporal identity ${worker.identity}`);
  say(`  Temporal ${cluster.temporalVersion}: ${cluster.temporalAddress} (namespace ${cluster.namespace}, task queue ${cluster.taskQueue}; no Web UI: use the CLI, e.g. temporal workflow list --address ${cluster.temporalAddress})`);
  say(`  PostgreSQL:       ${shownDb.toString()} (workers and APIs as ${decodeURIComponent(shownDb.username)}; Temporal's databases temporal, temporal_visibility on the same server)`);
  say('  Get a token:      npm run token -- --role officer --dept market-regulation');
  say('Press Ctrl-C to stop.');
}

main().catch((err: unknown) => {
  console.error('start-up failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});

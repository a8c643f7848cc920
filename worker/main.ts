import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { classifyActivityFailures, type FailureOptions } from '../activities/failures';
import { createDb } from '../db/knex';
import { loadConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { ensureExpirySchedule } from './schedules';

export interface WorkerConfig {
  temporalAddress: string;
  databaseUrl: string;
  namespace?: string;
  taskQueue?: string;
  /** The workflow code; default `workflows/index.ts` (a test fixture brings a changed one). */
  workflowsPath?: string;
}

export const WORKFLOWS_PATH = require.resolve('../workflows');

/** Options shared by the worker process and the tests' workers (which bring their own connection). */
export function workerOptions(
  db: ReturnType<typeof createDb>,
  taskQueue: string,
  failures: Omit<FailureOptions, 'db'> = {},
  workflowsPath = WORKFLOWS_PATH,
): Omit<WorkerOptions, 'connection'> {
  return {
    taskQueue,
    workflowsPath,
    activities: createActivities({ db }),
    interceptors: { activity: [classifyActivityFailures({ db, ...failures })] },
  };
}

/**
 * The SDK's own log (worker states, bundling) follows LOG_LEVEL like the rest of the process. The SDK's own
 * signal handling is off: on Ctrl-C it would stop the worker at once, before the API has finished the requests
 * under way (which wait on the worker); whoever runs the worker stops it (`npm start`: after the API).
 */
function installRuntime(): void {
  const levels: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR' };
  try {
    Runtime.install({ logger: new DefaultLogger(levels[logger.level] ?? 'INFO'), shutdownSignals: [] });
  } catch {
    // Already installed (another worker in this process, or a test's): keep it.
  }
}

export async function runWorker(cfg: WorkerConfig): Promise<{ shutdown(): Promise<void> }> {
  installRuntime();
  const db = createDb(cfg.databaseUrl);
  const config = loadConfig();
  const connection = await NativeConnection.connect({ address: cfg.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: cfg.namespace ?? 'default',
    ...workerOptions(db, cfg.taskQueue ?? 'credit-cases', { incidentAfterMs: config.incidentAfterMs }, cfg.workflowsPath),
    maxCachedWorkflows: config.workerMaxCachedWorkflows,
  });
  const running = worker.run();
  logger.info({ taskQueue: worker.options.taskQueue, maxCachedWorkflows: worker.options.maxCachedWorkflows }, 'worker running');
  // The daily expiry sweep (DOMAIN.md §4.5) is created once; every later start finds it in place.
  const clientConnection = await Connection.connect({ address: cfg.temporalAddress });
  try {
    const schedule = await ensureExpirySchedule(new Client({ connection: clientConnection, namespace: cfg.namespace ?? 'default' }), { taskQueue: worker.options.taskQueue });
    logger.info({ schedule }, 'expiry sweep schedule in place');
  } finally {
    await clientConnection.close();
  }
  return {
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await db.destroy();
    },
  };
}

/** The worker process (`npm run worker`), configured by the environment; stops on SIGINT or SIGTERM. */
export function runWorkerProcess(overrides: Pick<WorkerConfig, 'workflowsPath'> = {}): void {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) {
    console.error('npm run worker needs DATABASE_URL and TEMPORAL_ADDRESS (npm start runs everything locally).');
    process.exit(1);
  }
  runWorker({ temporalAddress: config.temporalAddress, databaseUrl: config.databaseUrl, namespace: config.namespace, taskQueue: config.taskQueue, ...overrides })
    .then((w) => {
      const stop = () => void w.shutdown().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((err) => {
      logger.error(err, 'worker failed');
      process.exit(1);
    });
}

if (require.main === module) runWorkerProcess();

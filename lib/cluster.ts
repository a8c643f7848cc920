/**
 * The production topology on one machine: the Temporal server on PostgreSQL (lib/temporal-server.ts), the
 * database migrated once, then several worker and API processes, each a separate OS process as in a deployment
 * (`node --import tsx worker/main.ts`, `… api/main.ts`), configured only by the environment variables
 * lib/config.ts reads. Used by `npm run cluster` (scripts/cluster.ts) and the cluster tests (test/cluster/).
 */
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../db/migrate';
import { WORKER_NODE_FLAGS } from './config';
import { APP_ROLE, REPO_ROOT, freePort, portInUse, spawnGuarded, startEmbeddedPostgres, waitUntil, type GuardedProcess } from './servers';
import { startTemporalServer } from './temporal-server';

export interface ClusterOptions {
  /**
   * The application's connection (DATABASE_URL of the workers and API copies); else an embedded PostgreSQL in
   * `<dataDir>/postgres`, where they connect as the least-privileged role and migrations run as the owner.
   */
  databaseUrl?: string;
  /** The schema owner's connection, for the migration and Temporal's own databases; default `databaseUrl`. */
  migrationDatabaseUrl?: string;
  /** The role the migration grants the application's privileges to (lib/config.ts `databaseAppRole`). */
  databaseAppRole?: string;
  /** Embedded PostgreSQL's data, and DATA_DIR of the processes. */
  dataDir: string;
  /** Data that may be lost on a crash (tests). */
  disposable?: boolean;
  workers?: number;
  apis?: number;
  /** Port of the first API copy, the next ones follow; free ports when omitted. */
  apiPort?: number;
  /** Temporal frontend port; a free port when omitted. */
  temporalPort?: number;
  /** An existing Temporal (e.g. the dev server, for a benchmark beside it) instead of starting the server. */
  temporalAddress?: string;
  namespace?: string;
  taskQueue?: string;
  /** JWT_SECRET of every API copy (they must share it). */
  jwtSecret: string;
  /** LOG_LEVEL of the processes; default `info`. */
  logLevel?: string;
  /** Receives every process's output lines, with the process's name. */
  log?: (source: string, line: string) => void;
  /** Told what is being stopped, in order. */
  onStop?: (part: string) => void;
}

export interface AppProcess {
  name: string;
  role: 'worker' | 'api';
  pid: number;
  /** The API's base URL. */
  url?: string;
  /** The worker's Temporal identity (the SDK's default, `<pid>@<host>`), as recorded in workflow histories. */
  identity?: string;
  /** Ends it at once (SIGKILL by default) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops it gracefully (SIGTERM: a worker finishes its tasks in hand) and waits until it is gone. */
  stop(): Promise<void>;
  hasExited(): boolean;
  /** Its last output lines. */
  tail(): string;
}

export interface StartWorkerOptions {
  /** The worker's entry script; default `worker/main.ts` (tests start a changed worker from a fixture). */
  entry?: string;
}

export interface Cluster {
  /** The application's connection (the least-privileged role on the embedded PostgreSQL). */
  databaseUrl: string;
  /** The owner's. */
  migrationDatabaseUrl: string;
  temporalAddress: string;
  /** The server's version (`external` for a given TEMPORAL address). */
  temporalVersion: string;
  namespace: string;
  taskQueue: string;
  /** Every worker and API copy started, in order (stopped and killed ones included). */
  processes: AppProcess[];
  /** The ones still running. */
  running(role: AppProcess['role']): AppProcess[];
  startWorker(opts?: StartWorkerOptions): Promise<AppProcess>;
  startApi(opts?: { port?: number }): Promise<AppProcess>;
  /** Stops the API copies, the workers, Temporal and PostgreSQL, in that order. */
  stop(): Promise<void>;
}

const TSX_ENTRIES = { worker: path.join(REPO_ROOT, 'worker', 'main.ts'), api: path.join(REPO_ROOT, 'api', 'main.ts') };

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const namespace = opts.namespace ?? 'default';
  const taskQueue = opts.taskQueue ?? 'credit-cases';
  const log = opts.log ?? (() => undefined);
  const processes: AppProcess[] = [];
  const counters = { worker: 0, api: 0 };
  let stopping: Promise<void> | undefined;

  const stops: Array<{ part: string; stop: () => Promise<void> }> = [];
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const role of ['api', 'worker'] as const) {
        const running = processes.filter((p) => p.role === role && !p.hasExited());
        if (running.length) opts.onStop?.(running.map((p) => p.name).join(', '));
        await Promise.all(running.map((p) => p.stop()));
      }
      for (const s of stops.reverse()) {
        if (s.part) opts.onStop?.(s.part);
        await s.stop();
      }
    })());

  try {
    let databaseUrl = opts.databaseUrl;
    let ownerUrl = opts.migrationDatabaseUrl ?? opts.databaseUrl;
    let appRole = opts.databaseAppRole;
    if (!databaseUrl || !ownerUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(opts.dataDir, 'postgres'), disposable: opts.disposable, log: (l) => log('postgres', l) });
      stops.push({ part: 'PostgreSQL', stop: pg.stop });
      databaseUrl = pg.appUrl;
      ownerUrl = pg.url;
      appRole = APP_ROLE;
    }
    let temporalAddress = opts.temporalAddress;
    let temporalVersion = 'external';
    if (!temporalAddress) {
      const server = await startTemporalServer({ databaseUrl: ownerUrl, port: opts.temporalPort, namespace, log: (l) => log('temporal', l) });
      stops.push({ part: 'Temporal', stop: server.stop });
      temporalAddress = server.address;
      temporalVersion = server.version;
    }
    // The migration runs once, before any worker or API copy starts.
    await migrate(ownerUrl, { appRole });

    const connection = await Connection.connect({ address: temporalAddress });
    stops.push({ part: '', stop: () => connection.close() });
    const client = new Client({ connection, namespace });

    const baseEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      TASK_QUEUE: taskQueue,
      JWT_SECRET: opts.jwtSecret,
      DATA_DIR: opts.dataDir,
      LOG_LEVEL: opts.logLevel ?? 'info',
    };

    const launch = (role: AppProcess['role'], entry: string, env: NodeJS.ProcessEnv): { name: string; proc: GuardedProcess } => {
      const name = `${role}-${++counters[role]}`;
      // `node --import tsx` runs the TypeScript in this one process: a signal sent to it reaches the worker or
      // API itself, not a launcher in front of it.
      const flags = role === 'worker' ? WORKER_NODE_FLAGS : [];
      const proc = spawnGuarded(process.execPath, [...flags, '--import', 'tsx', entry], { stopSignal: 'TERM', cwd: REPO_ROOT, env, log: (l) => log(name, l) });
      return { name, proc };
    };
    const asAppProcess = (name: string, role: AppProcess['role'], proc: GuardedProcess, extra: Partial<AppProcess>): AppProcess => ({
      name,
      role,
      pid: proc.child.pid!,
      ...extra,
      async kill(signal = 'SIGKILL') {
        if (proc.hasExited()) return;
        proc.child.kill(signal);
        await proc.exited;
      },
      stop: () => proc.stop(30_000),
      hasExited: () => proc.hasExited(),
      tail: () => proc.tail(),
    });

    const startWorker = async (o: StartWorkerOptions = {}): Promise<AppProcess> => {
      const { name, proc } = launch('worker', o.entry ?? TSX_ENTRIES.worker, baseEnv);
      const identity = `${proc.child.pid}@${os.hostname()}`;
      // Ready when it polls both kinds of task (it bundles the workflow code first, which takes a while).
      await waitUntil(`Worker ${name}`, proc, 180_000, async () => {
        for (const taskQueueType of [temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY]) {
          const { pollers } = await client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType });
          if (!pollers?.some((p) => p.identity === identity)) return false;
        }
        return true;
      });
      const worker = asAppProcess(name, 'worker', proc, { identity });
      processes.push(worker);
      return worker;
    };

    let nextApiPort = opts.apiPort;
    const startApi = async (o: { port?: number } = {}): Promise<AppProcess> => {
      const port = o.port ?? (nextApiPort !== undefined ? nextApiPort++ : await freePort());
      if (await portInUse(port)) throw new Error(`Port ${port} (API) is already in use.`);
      const { name, proc } = launch('api', TSX_ENTRIES.api, { ...baseEnv, PORT: String(port) });
      const url = `http://127.0.0.1:${port}`;
      await waitUntil(`API ${name}`, proc, 120_000, async () => (await fetch(`${url}/health`)).ok);
      const api = asAppProcess(name, 'api', proc, { url });
      processes.push(api);
      return api;
    };

    // The workers first (the first creates the expiry schedule), then the API copies.
    await Promise.all(Array.from({ length: opts.workers ?? 2 }, () => startWorker()));
    for (let i = 0; i < (opts.apis ?? 2); i++) await startApi();

    return {
      databaseUrl,
      migrationDatabaseUrl: ownerUrl,
      temporalAddress,
      temporalVersion,
      namespace,
      taskQueue,
      processes,
      running: (role) => processes.filter((p) => p.role === role && !p.hasExited()).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })),
      startWorker,
      startApi,
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

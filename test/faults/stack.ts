/**
 * The system as it runs in production, for the fault suite: the Temporal dev server (state in a SQLite file), the
 * worker and the API each in a process of its own (`npm run worker`, `npm run api`), started, killed and
 * restarted here; PostgreSQL the suite's own, or one of the scenario's that it may stop and start. Every line the
 * API and the workers print is kept, for the test that reads the logs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../db/knex';
import { migrate } from '../../db/migrate';
import { WORKER_NODE_FLAGS } from '../../lib/config';
import { APP_ROLE, REPO_ROOT, freePort, startEmbeddedPostgres, startTemporalDevServer, type EmbeddedPostgres, type TemporalDevServer } from '../../lib/servers';

export const SECRET = 'fault-suite-secret-fault-suite-secret';

/** A `node --import tsx <script>` child with its output kept. */
export class Part {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private readonly out: string[];

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly env: NodeJS.ProcessEnv,
    /** The output of every run of this part, shared with the stack. */
    out: string[],
  ) {
    this.out = out;
  }

  async start(ready: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
    const flags = this.script.startsWith('worker/') ? WORKER_NODE_FLAGS : [];
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', this.script], { cwd: REPO_ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stdout!.on('data', (d: Buffer) => this.out.push(d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => this.out.push(d.toString('utf8')));
    const until = Date.now() + timeoutMs;
    while (!(await ready().catch(() => false))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${this.name} exited while starting:\n${this.out.join('').slice(-3000)}`);
      if (Date.now() > until) throw new Error(`${this.name} not ready in ${timeoutMs / 1000} s`);
      await sleep(200);
    }
  }

  output(): string {
    return this.out.join('');
  }

  /** SIGKILL (a crash) or SIGTERM (a stop); waits for the exit. */
  async kill(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StackOptions {
  /** PostgreSQL of the scenario's own (it stops and starts it), instead of the suite's. */
  ownPostgres?: boolean;
  workers?: number;
}

export interface Stack {
  url: string;
  db: Db;
  temporal: TemporalDevServer;
  api: Part;
  workers: Part[];
  /** What every API and worker run printed. */
  logs(): string;
  startWorker(i: number): Promise<void>;
  startApi(): Promise<void>;
  restartTemporal(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'credit-faults-'));
  await fs.chmod(dir, 0o755);
  const temporalFile = path.join(dir, 'temporal.sqlite');
  const temporalPort = await freePort();
  let temporal = await startTemporalDevServer({ dbFile: temporalFile, port: temporalPort, headless: true });

  let pg: EmbeddedPostgres | undefined;
  let pgPort = 0;
  let databaseUrl = process.env.DATABASE_URL!;
  if (opts.ownPostgres) {
    pgPort = await freePort();
    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: pgPort, disposable: true });
    await migrate(pg.url, { appRole: APP_ROLE });
    databaseUrl = pg.appUrl;
  }

  const apiPort = await freePort();
  const url = `http://127.0.0.1:${apiPort}`;
  const { JEST_WORKER_ID: _jest, ...inherited } = process.env; // the parts log as in production (info), not as tests do
  const env = {
    ...inherited,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TASK_QUEUE: `faults-${randomUUID()}`,
    JWT_SECRET: SECRET,
    PORT: String(apiPort),
    LOG_LEVEL: 'info',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
    RATE_LIMIT_LIST_CHECKS_PER_MINUTE: '0',
  };
  const out: string[] = [];
  const api = new Part('API', 'api/main.ts', env, out);
  const workers = Array.from({ length: opts.workers ?? 1 }, (_, i) => new Part(`worker ${i + 1}`, 'worker/main.ts', env, out));
  const apiReady = async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
  const stack: Stack = {
    url,
    db: createDb(databaseUrl),
    get temporal() {
      return temporal;
    },
    api,
    workers,
    logs: () => out.join(''),
    startWorker: async (i) => {
      const before = out.join('').split('"worker running"').length;
      await workers[i].start(async () => out.join('').split('"worker running"').length > before);
    },
    startApi: () => api.start(apiReady),
    async restartTemporal() {
      temporal = await startTemporalDevServer({ dbFile: temporalFile, port: temporalPort, headless: true });
    },
    async stopPostgres() {
      await pg!.stop();
    },
    async startPostgres() {
      pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: pgPort, disposable: true });
    },
    async close() {
      await Promise.all([api.kill('SIGTERM'), ...workers.map((w) => w.kill('SIGTERM'))]);
      await stack.db.destroy();
      await temporal.stop();
      await pg?.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i < workers.length; i++) await stack.startWorker(i);
    await stack.startApi();
  } catch (err) {
    await stack.close().catch(() => undefined);
    throw err;
  }
  return stack;
}

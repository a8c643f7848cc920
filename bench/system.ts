/**
 * The system as `npm start` runs it, for the benchmarks: `scripts/start.ts` in its own process (the API and the
 * worker), which starts PostgreSQL and the Temporal dev server (SQLite file) on a fresh data directory, or uses
 * the servers DATABASE_URL and TEMPORAL_ADDRESS name, exactly as `npm start` does. The processes are found by
 * the ports they listen on, so their CPU and memory can be read whichever started them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../api/auth';
import { WORKER_NODE_FLAGS } from '../lib/config';
import { REPO_ROOT, freePort } from '../lib/servers';
import type { Role } from '../shared/domain';
import { cpuSeconds, log, pidListeningOn, treeCpuSeconds } from './lib';

export interface RunningSystem {
  apiUrl: string;
  temporalAddress: string;
  /** The application's database connection (the least-privileged role), as the API and the worker use it. */
  databaseUrl: string;
  /** The API+worker process, the Temporal server, the PostgreSQL postmaster. */
  pids: { service: number; temporal?: number; postgres?: number };
  token(claims: { sub: string; role: Role; dept?: string; subjectId?: string }): Promise<string>;
  /** CPU seconds used so far by each process (PostgreSQL: with all its backends). */
  cpu(): { service: number; temporal: number; postgres: number };
  stop(): Promise<void>;
}

const SECRET = 'bench-secret-not-for-production-use-000';

export async function startSystem(opts: { env?: Record<string, string> } = {}): Promise<RunningSystem> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'credit-bench-system-'));
  await fs.chmod(dataDir, 0o755); // PostgreSQL runs as another user when we are root
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    JWT_SECRET: SECRET,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...opts.env,
  };
  log(`starting the system as npm start does (data in ${dataDir})`);
  // BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of the API+worker process, written there when it stops.
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...WORKER_NODE_FLAGS, ...profile, '--import', 'tsx', path.join(REPO_ROOT, 'scripts', 'start.ts')], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop.')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.BENCH_VERBOSE) process.stderr.write(chunk);
    });
  });
  await ready;
  const line = (label: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(output)?.[1];
  const temporalAddress = line('Temporal gRPC')!;
  const shownDb = line('PostgreSQL')!;
  const databaseUrl = process.env.DATABASE_URL ?? shownDb.replace('***', 'credit_app');
  const pids = {
    service: child.pid!,
    temporal: pidListeningOn(Number(temporalAddress.split(':').pop())),
    postgres: pidListeningOn(Number(new URL(databaseUrl).port || 5432)),
  };
  log(`system running: API ${`http://127.0.0.1:${port}`}, Temporal ${temporalAddress} (pid ${pids.temporal}), PostgreSQL pid ${pids.postgres}`);
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    temporalAddress,
    databaseUrl,
    pids,
    token: (claims) => signToken(SECRET, claims, '12h'),
    cpu: () => ({
      service: cpuSeconds(pids.service),
      temporal: pids.temporal ? cpuSeconds(pids.temporal) : NaN,
      postgres: pids.postgres ? treeCpuSeconds(pids.postgres) : NaN,
    }),
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The API in-process against the real dev server and PostgreSQL, with a real worker on its own task queue, and
 * tokens signed like `npm run token` signs them.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { createApp } from '../../api/app';
import { createTokenVerifier, signToken } from '../../api/auth';
import { createRateLimiters, type RateLimits } from '../../api/rate-limits';
import { createDb, type Db } from '../../db/knex';
import { workerOptions } from '../../worker/main';
import { withTimeSkippingWorker, workflowBundle, type TimeSkippingContext } from './temporal';

/** The tests' JWT_SECRET (the cluster tests give it to every API copy they start). */
export const TEST_JWT_SECRET = 'test-secret-for-the-api-tests-only';

export interface ApiReply {
  status: number;
  body: any;
  headers: Headers;
  raw: Buffer;
}

export interface ApiCallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP request to an API at `baseUrl`, its JSON answer parsed. */
export async function callApi(baseUrl: string, method: string, path: string, { token, body, headers }: ApiCallOptions = {}): Promise<ApiReply> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const raw = Buffer.from(await res.arrayBuffer());
  const text = raw.toString('utf8');
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: res.status, body: parsed, headers: res.headers, raw };
}

export interface TestApi {
  url: string;
  db: Db;
  client: Client;
  taskQueue: string;
  call(method: string, path: string, opts?: ApiCallOptions): Promise<ApiReply>;
  close(): Promise<void>;
}

export const tokens = {
  officer: (dept = 'market-regulation', sub = `officer-${dept}`) => signToken(TEST_JWT_SECRET, { sub, role: 'officer', dept }),
  supervisor: (dept = 'market-regulation', sub = `supervisor-${dept}`) => signToken(TEST_JWT_SECRET, { sub, role: 'supervisor', dept }),
  subject: (subjectId: string) => signToken(TEST_JWT_SECRET, { sub: `subject-${subjectId}`, role: 'subject', subjectId }),
  agency: (agencyId: string) => signToken(TEST_JWT_SECRET, { sub: `agency-${agencyId}`, role: 'agency', agencyId }),
};

/**
 * With `temporal`, the API talks to that client (e.g. a time-skipping environment's) on that task queue; with
 * `localSignIn`, the pages' local sign-in signs tokens with the tests' secret; `databaseUrl` another database.
 */
export async function startTestApi(
  opts: { worker?: boolean; temporal?: { client: Client; taskQueue: string }; rateLimits?: RateLimits; localSignIn?: boolean; databaseUrl?: string } = {},
): Promise<TestApi> {
  const db = createDb(opts.databaseUrl ?? process.env.DATABASE_URL!);
  const connection = opts.temporal ? undefined : await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const client = opts.temporal?.client ?? new Client({ connection });
  const taskQueue = opts.temporal?.taskQueue ?? `api-test-${randomUUID()}`;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  if (opts.worker !== false && !opts.temporal) {
    nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    const { workflowsPath: _ignored, ...options } = workerOptions(db, taskQueue);
    worker = await Worker.create({ connection: nativeConnection, ...options, workflowBundle: await workflowBundle() });
    running = worker.run();
  }
  // Rate limits only where a test sets them (all tests come from 127.0.0.1); then clients are told apart by X-Forwarded-For.
  const rateLimiters = opts.rateLimits ? createRateLimiters(db, opts.rateLimits) : undefined;
  const app = createApp({ db, temporal: client, taskQueue, verifier: createTokenVerifier({ secret: TEST_JWT_SECRET }), rateLimiters, trustProxy: !!opts.rateLimits, signIn: opts.localSignIn ? { localSecret: TEST_JWT_SECRET } : undefined });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    db,
    client,
    taskQueue,
    call: (method, path, opts) => callApi(url, method, path, opts),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      worker?.shutdown();
      await running;
      await nativeConnection?.close();
      await connection?.close();
      await db.destroy();
    },
  };
}

/** Counts of the tables a refused request must leave untouched. */
export async function writeCounts(db: Db): Promise<Record<string, number>> {
  const tables = ['subjects', 'credit_records', 'cases', 'documents', 'audit_events', 'list_entries', 'evidence_files', 'calendar_days', 'time_limits', 'idempotency_keys'];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number((await db(t).count('* as n'))[0].n);
  return counts;
}

/** For a test file: the time-skipping server, a real worker, and the API in-process on them, stopped after the file. */
export function withTimeSkippingApi(ready: (ctx: TimeSkippingContext & { api: TestApi }) => void | Promise<void>): void {
  let api: TestApi | undefined;
  withTimeSkippingWorker(async (ctx) => {
    api = await startTestApi({ temporal: { client: ctx.env.client, taskQueue: ctx.taskQueue } });
    await ready({ ...ctx, api });
  });
  afterAll(() => api?.close());
}

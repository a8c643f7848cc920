/** Real Temporal for tests: the time-skipping test server (deadlines) or the dev server, and a real worker. */
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../db/knex';
import { WORKFLOWS_PATH, workerOptions } from '../../worker/main';

// Workers in tests log warnings and errors only (their state changes at INFO drown the test output).
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // A runtime already exists in this module registry: keep it.
}

let bundle: WorkflowBundleWithSourceMap | undefined;

/** Workflow code is bundled once per test file. */
export async function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never });
  return bundle;
}

export function testDb(): Db {
  return createDb(process.env.DATABASE_URL!);
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER_PATH! } },
  });
}

export async function devServerClient(): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  return { client: new Client({ connection }), connection };
}

export async function createTestWorker(connection: TestWorkflowEnvironment['nativeConnection'], db: Db, taskQueue = `test-${randomUUID()}`) {
  const { workflowsPath: _ignored, ...options } = workerOptions(db, taskQueue);
  const worker = await Worker.create({ connection, ...options, workflowBundle: await workflowBundle() });
  return { worker, taskQueue };
}

/**
 * With RECORD_HISTORIES=1, keeps the history of a whole case under test/histories/ for the replay test
 * (test/replay.test.ts): refresh them after an intended change of a workflow.
 */
export async function recordHistoryIfAsked(handle: { fetchHistory(): Promise<unknown> }, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const { temporal } = await import('@temporalio/proto');
  const { writeFileSync } = await import('node:fs');
  const history = temporal.api.history.v1.History.encode((await handle.fetchHistory()) as never).finish();
  writeFileSync(`${__dirname}/../histories/${name}.binpb`, history);
}

export interface TimeSkippingContext {
  env: TestWorkflowEnvironment;
  db: Db;
  taskQueue: string;
}

/**
 * For a test file: the time-skipping server and a real worker on its own task queue, started before the file's
 * tests and stopped after them; `ready` receives them (and may prepare more, e.g. fixtures or an API).
 */
export function withTimeSkippingWorker(ready: (ctx: TimeSkippingContext) => void | Promise<void>): void {
  let ctx: TimeSkippingContext | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    const env = await timeSkippingEnv();
    const db = testDb();
    const created = await createTestWorker(env.nativeConnection, db);
    worker = created.worker;
    running = worker.run();
    ctx = { env, db, taskQueue: created.taskQueue };
    await ready(ctx);
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await ctx?.env.teardown();
    await ctx?.db.destroy();
  });
}

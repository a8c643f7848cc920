/**
 * The production topology, really run (`npm run test:cluster`): the Temporal server built from its Go module on
 * PostgreSQL, two worker processes and two API processes, started by lib/cluster.ts as `npm run cluster` starts
 * them. Cases go through the API copies over HTTP; processes are killed with SIGKILL and replaced; workflow
 * histories show which worker did what. The processes' output goes to a log file named at the start.
 */
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../../lib/cluster';
import { createDb, type Db } from '../../db/knex';
import type { SweepTotals } from '../../shared/expiry';
import { TEST_JWT_SECRET } from '../helpers/api';
import { ApiCopies, driveInclusion, historyFacts, registerThroughApi, startInclusionThroughApi, tasksByProcess, untilNoActivityPending } from '../helpers/cluster';
import { registerOrganisation } from '../helpers/fixtures';
import { registerAgency } from '../helpers/repairs';

const NEXT_RELEASE_WORKER = path.join(__dirname, '..', 'fixtures', 'next-release-worker.ts');
/** The patch of test/fixtures/next-release-workflows.ts. */
const NEXT_RELEASE_PATCH = 'cluster-test-pause-before-notice';

let tmpDir: string;
let logFile: WriteStream;
let cluster: Cluster;
let db: Db;
let connection: Connection;
let client: Client;
let apis: ApiCopies;

beforeAll(async () => {
  tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'credit-cluster-'));
  await fs.chmod(tmpDir, 0o755); // PostgreSQL may run as the `postgres` user
  const logPath = path.join(os.tmpdir(), `credit-cluster-test-${Date.now()}.log`);
  logFile = createWriteStream(logPath);
  process.stderr.write(`[cluster test] the processes' output: ${logPath}\n`);
  const started = Date.now();
  cluster = await startCluster({
    dataDir: tmpDir,
    disposable: true,
    jwtSecret: TEST_JWT_SECRET,
    logLevel: 'warn',
    log: (source, line) => logFile.write(`[${source}] ${line}\n`),
  });
  process.stderr.write(`[cluster test] Temporal ${cluster.temporalVersion} at ${cluster.temporalAddress}, 2 workers and 2 API copies ready in ${Date.now() - started} ms\n`);
  db = createDb(cluster.databaseUrl);
  connection = await Connection.connect({ address: cluster.temporalAddress });
  client = new Client({ connection, namespace: cluster.namespace });
  apis = new ApiCopies(cluster);
}, 600_000);

afterAll(async () => {
  await connection?.close();
  await db?.destroy();
  await cluster?.stop();
  logFile?.end();
  if (tmpDir) await fs.rm(tmpDir, { recursive: true, force: true });
}, 120_000);

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** What a case left in the records: its audit actions and documents (sorted), and its list entries. */
async function caseRecord(caseId: string) {
  const audit = (await db('audit_events').where({ case_id: caseId }).select('action')).map((r) => r.action as string).sort();
  const documents = (await db('documents').where({ case_id: caseId }).select('kind')).map((r) => r.kind as string).sort();
  const listEntries = Number((await db('list_entries').where({ case_id: caseId }).count<{ n: number }[]>('* as n'))[0].n);
  return { audit, documents, listEntries };
}

/** A case as one that nothing went wrong for left it (from the first test). */
let untroubled: Awaited<ReturnType<typeof caseRecord>> | undefined;

test('cases started through one API copy are moved on through the other, and both workers take their tasks', async () => {
  const [first, second] = cluster.running('api');
  const cases = await Promise.all(
    range(8).map(async () => {
      const subjectId = await registerThroughApi(apis, 0);
      const started = await startInclusionThroughApi(apis, 0, subjectId);
      const stepsServedBy = new Set<string>();
      const view = await driveInclusion(apis, 1, started.id, subjectId, { onStep: (_step, servedBy) => stepsServedBy.add(servedBy) });
      return { ...started, stepsServedBy: [...stepsServedBy], status: view.status };
    }),
  );
  for (const c of cases) {
    expect(c).toMatchObject({ servedBy: first.name, stepsServedBy: [second.name], status: 'listed' });
  }

  const facts = await Promise.all(cases.map((c) => historyFacts(client, c.id)));
  const workflowTasks = tasksByProcess(facts.flatMap((f) => f.workflowTasks), cluster.processes);
  const activityTasks = tasksByProcess(facts.flatMap((f) => f.activityTasks), cluster.processes);
  process.stderr.write(`[cluster test] ${cases.length} cases; workflow tasks by worker ${JSON.stringify(workflowTasks)}, activity tasks ${JSON.stringify(activityTasks)}\n`);
  // Every task was done by one of the cluster's workers, and each worker did its share.
  expect(workflowTasks['?']).toBeUndefined();
  expect(activityTasks['?']).toBeUndefined();
  for (const worker of cluster.running('worker')) expect(activityTasks[worker.name]).toBeGreaterThan(0);
  expect(facts.flatMap((f) => f.failedWorkflowTasks)).toEqual([]);

  await untilNoActivityPending(client, cases.map((c) => c.id));
  untroubled = await caseRecord(cases[0].id);
  expect(untroubled.listEntries).toBe(1);
  for (const c of cases.slice(1)) expect(await caseRecord(c.id)).toEqual(untroubled);
}, 600_000);

test('a worker and an API copy killed with SIGKILL mid-flow: every case finishes, none lost, nothing done twice', async () => {
  expect(untroubled?.listEntries).toBe(1); // the case as the test before left it, without faults
  const cases = 8;
  const stepsPerCase = 4;
  const victims = { worker: cluster.running('worker')[0], api: cluster.running('api')[0] };
  let steps = 0;
  let halfway!: () => void;
  const atHalfway = new Promise<void>((resolve) => (halfway = resolve));
  const subjects: string[] = [];
  const flow = Promise.all(
    range(cases).map(async (i) => {
      const subjectId = await registerThroughApi(apis, i);
      subjects.push(subjectId);
      const { id } = await startInclusionThroughApi(apis, i, subjectId);
      await driveInclusion(apis, i, id, subjectId, { onStep: () => ++steps === (cases * stepsPerCase) / 2 && halfway() });
      return id;
    }),
  );
  await Promise.race([atHalfway, flow]);
  const stepsAtKill = steps;
  await Promise.all([victims.worker.kill('SIGKILL'), victims.api.kill('SIGKILL')]);
  let ids: string[];
  try {
    ids = await flow;
    await untilNoActivityPending(client, ids);
  } finally {
    // Two of each again for what follows.
    await Promise.all([cluster.startWorker(), cluster.startApi()]);
  }

  const listed = Number((await db('cases').whereIn('id', ids).where({ status: 'listed' }).count<{ n: number }[]>('* as n'))[0].n);
  const casesOfSubjects = Number((await db('cases').whereIn('subject_id', subjects).count<{ n: number }[]>('* as n'))[0].n);
  const records = await Promise.all(ids.map(caseRecord));
  const lost = cases - listed;
  const duplicated = records.filter((r) => r.audit.length > untroubled!.audit.length || r.documents.length > untroubled!.documents.length || r.listEntries > 1).length + (casesOfSubjects - cases);
  process.stderr.write(
    `[cluster test] faults: ${victims.worker.name} and ${victims.api.name} killed (SIGKILL) after ${stepsAtKill} of ${cases * stepsPerCase} steps; ` +
      `cases ${cases}, listed ${listed}, lost ${lost}, duplicated ${duplicated}; requests retried on another copy ${apis.retries}\n`,
  );
  expect(stepsAtKill).toBeLessThan(cases * stepsPerCase);
  expect(Object.fromEntries(ids.map((id, i) => [id, records[i]]))).toEqual(Object.fromEntries(ids.map((id) => [id, untroubled])));
  expect({ lost, duplicated, casesOfSubjects }).toEqual({ lost: 0, duplicated: 0, casesOfSubjects: cases });
}, 600_000);

test('the expiry sweep run twice at once, on both workers, changes each record once', async () => {
  const today = '2025-09-01';
  const org = await registerOrganisation(db);
  await registerAgency(db, '南京甲信用服务有限公司');
  await registerAgency(db, '苏州乙征信有限公司');
  const agencies = Number((await db('agencies').count<{ n: number }[]>('* as n'))[0].n);
  const ids = range(300).map(() => randomUUID());
  await db.batchInsert(
    'credit_records',
    ids.map((id) => ({
      id, subject_id: org.id, category: 'dishonest', severity: 'general', catalogue_item: 'administrative_penalty', department: 'tax',
      basis_kind: 'administrative_penalty', basis_number: `苏税罚〔2024〕${id.slice(0, 6)}号`, basis_effective_on: '2024-08-01', basis_issuer: '国家税务总局南京市税务局',
      content: '逃避缴纳税款', publicity_start: '2024-08-01', minimum_publicity_end: '2024-11-01', publicity_end: '2025-08-01', retention_end: '2030-08-01',
      state: 'active', recorded_by: 'officer-tax',
    })),
    300,
  );

  const sweeps = await Promise.all(
    [7, 9].map((batchSize) =>
      client.workflow.start('expirySweep', { args: [{ today, batchSize }], workflowId: `expiry-sweep-cluster-${randomUUID()}`, taskQueue: cluster.taskQueue }),
    ),
  );
  const totals: SweepTotals[] = await Promise.all(sweeps.map((s) => s.result()));
  expect(totals[0].publicity + totals[1].publicity).toBe(ids.length);

  const stopped = Number((await db('credit_records').whereIn('id', ids).where({ state: 'publicity_stopped' }).count<{ n: number }[]>('* as n'))[0].n);
  const history = await db('credit_record_history').whereIn('record_id', ids).groupBy('record_id').select('record_id').count<{ count: number }[]>('* as count');
  const audit = Number((await db('audit_events').whereIn('record_id', ids).count<{ n: number }[]>('* as n'))[0].n);
  const notices = await db('agency_notices').whereIn('record_id', ids).groupBy('agency_id').select('agency_id').count<{ count: number }[]>('* as count');
  const facts = await Promise.all(sweeps.map((s) => historyFacts(client, s.workflowId)));
  const batchesByWorker = tasksByProcess(facts.flatMap((f) => f.activityTasks), cluster.processes);
  process.stderr.write(
    `[cluster test] two sweeps at once: ${ids.length} records, ${totals[0].publicity} + ${totals[1].publicity} stopped by each, ` +
      `record changes ${history.length}, audit events ${audit}, agency notices ${notices.map((n) => n.count).join(' + ')}; batches by worker ${JSON.stringify(batchesByWorker)}\n`,
  );
  expect(stopped).toBe(ids.length);
  expect(history).toHaveLength(ids.length);
  expect(history.every((h) => Number(h.count) === 1)).toBe(true);
  expect(audit).toBe(ids.length);
  expect(notices).toHaveLength(agencies);
  expect(notices.every((n) => Number(n.count) === ids.length)).toBe(true);
  for (const worker of cluster.running('worker')) expect(batchesByWorker[worker.name]).toBeGreaterThan(0);
}, 600_000);

test('a rolling restart of the workers onto a changed workflow (behind patched()) keeps the running cases going', async () => {
  const released = cluster.running('worker');
  const startCase = async (i: number) => {
    const subjectId = await registerThroughApi(apis, i);
    const { id } = await startInclusionThroughApi(apis, i, subjectId);
    return { id, subjectId };
  };
  // Cases under way on the released workers: the notice acknowledged, the window open.
  const underWay = await Promise.all(range(4).map(async (i) => {
    const c = await startCase(i);
    await driveInclusion(apis, i, c.id, c.subjectId, { until: 'objection_window' });
    return c;
  }));

  // One worker at a time: a worker of the next release joins, and while both releases run the cases move on;
  // then a released worker leaves (SIGTERM: it finishes the tasks in hand), and so on.
  const next = [await cluster.startWorker({ entry: NEXT_RELEASE_WORKER })];
  await Promise.all(underWay.map((c, i) => driveInclusion(apis, i, c.id, c.subjectId, { until: 'awaiting_decision' })));
  await released[0].stop();
  next.push(await cluster.startWorker({ entry: NEXT_RELEASE_WORKER }));
  await released[1].stop();

  // The rest of those cases runs on the next release only, which replays their histories to go on.
  await Promise.all(underWay.map((c, i) => driveInclusion(apis, i, c.id, c.subjectId)));
  // Cases started now take the changed path.
  const fresh = await Promise.all(range(2).map(async (i) => {
    const c = await startCase(i);
    await driveInclusion(apis, i, c.id, c.subjectId);
    return c;
  }));

  const nextIdentities = next.map((w) => w.identity);
  const underWayFacts = await Promise.all(underWay.map((c) => historyFacts(client, c.id)));
  const freshFacts = await Promise.all(fresh.map((c) => historyFacts(client, c.id)));
  process.stderr.write(
    `[cluster test] rolling restart: ${released.map((w) => w.name).join(', ')} replaced by ${next.map((w) => w.name).join(', ')}; ` +
      `workflow tasks of the cases under way by worker ${JSON.stringify(tasksByProcess(underWayFacts.flatMap((f) => f.workflowTasks), cluster.processes))}\n`,
  );
  for (const f of [...underWayFacts, ...freshFacts]) expect(f.failedWorkflowTasks).toEqual([]);
  for (const f of underWayFacts) {
    expect(f.patches).not.toContain(NEXT_RELEASE_PATCH);
    expect(nextIdentities).toContain(f.workflowTasks.at(-1));
  }
  for (const f of freshFacts) expect(f.patches).toContain(NEXT_RELEASE_PATCH);
  await untilNoActivityPending(client, [...underWay, ...fresh].map((c) => c.id));
  for (const c of [...underWay, ...fresh]) expect(await caseRecord(c.id)).toEqual(untroubled);
}, 600_000);

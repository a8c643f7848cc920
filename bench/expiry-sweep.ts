/**
 * Benchmark of the expiry sweep (DOMAIN.md §4.5), not part of `npm test`: `npx tsx bench/expiry-sweep.ts`.
 *
 * On a fresh embedded PostgreSQL it loads 1,000,000 dishonest records (100,000 past their publicity end) with
 * generate_series into a template database, then, each on its own copy of that database:
 *  - the floor: one hand-written UPDATE of the same rows (state only: no history, audit or notices);
 *  - the real `sweepBatch` activity function in a loop, for several batch sizes;
 *  - the `expirySweep` workflow on a Temporal dev server, run by a worker in its own process (`worker/main.ts`),
 *    whose peak RSS (VmHWM) is read before it stops.
 * Prints records per second, the ratio to the floor and the worker's peak memory. Beside wall time it shows the
 * CPU time of the PostgreSQL backend that ran the floor or the loop (one connection, read from /proc), which a
 * busy machine disturbs much less than wall time.
 *
 * Every stopped record gets one stop-use notice per registered agency, so the work grows with AGENCIES; the loop
 * is also run with fewer agencies (AGENCY_VARIANTS) to show that.
 *
 * `npm run bench -- expiry` runs it into the results table, with only the default batch size and 3 agencies
 * unless BATCH_SIZES / AGENCY_VARIANTS are set.
 *
 * Options (environment): RECORDS (1000000), DUE (100000), AGENCIES (3), AGENCY_VARIANTS (0,1),
 * BATCH_SIZES (1000,5000,20000 and DUE: the same writes in one transaction), WORKFLOW_BATCH_SIZE (the default of shared/expiry.ts), SKIP_WORKFLOW=1.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createExpiryActivities } from '../activities/expiry-activities';
import { createDb, type Db } from '../db/knex';
import { migrate } from '../db/migrate';
import { WORKER_NODE_FLAGS } from '../lib/config';
import { REPO_ROOT, createDatabase, startEmbeddedPostgres, startTemporalDevServer, withDatabase } from '../lib/servers';
import { DEFAULT_SWEEP_BATCH_SIZE, type SweepTotals } from '../shared/expiry';
import type { BenchEntry } from './lib';

const RECORDS = Number(process.env.RECORDS ?? 1_000_000);
const DUE = Number(process.env.DUE ?? 100_000);
const AGENCIES = Number(process.env.AGENCIES ?? 3);
const AGENCY_VARIANTS = (process.env.AGENCY_VARIANTS ?? '0,1').split(',').filter(Boolean).map(Number);
const BATCH_SIZES = (process.env.BATCH_SIZES ?? `1000,5000,20000,${DUE}`).split(',').map(Number);
const WORKFLOW_BATCH_SIZE = Number(process.env.WORKFLOW_BATCH_SIZE ?? DEFAULT_SWEEP_BATCH_SIZE);
const TODAY = '2026-06-01';
const TEMPLATE = 'bench_template';

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/** Subjects, agencies and records, set-based: every 10th record (up to DUE) ended its publicity before TODAY. */
async function load(db: Db): Promise<void> {
  const subjects = Math.max(1, Math.floor(RECORDS / 10));
  const every = Math.floor(RECORDS / DUE);
  await db.raw(
    `INSERT INTO subjects (id, kind, name, identifier_type, identifier_value, registered_by)
     SELECT md5('s' || i)::uuid, 'legal_person', '基准测试企业' || i, 'other', 'BENCH' || lpad(i::text, 10, '0'), 'bench'
       FROM generate_series(1, ?::int) i`,
    [subjects],
  );
  await db.raw(
    `INSERT INTO agencies (id, name, uscc)
     SELECT md5('a' || i)::uuid, '基准信用服务机构' || i, 'BENCHAGENCY' || lpad(i::text, 7, '0') FROM generate_series(1, ?::int) i`,
    [AGENCIES],
  );
  await db.raw(
    `INSERT INTO credit_records (id, subject_id, category, severity, catalogue_item, department, basis_kind, basis_number,
                                 basis_effective_on, basis_issuer, content, publicity_start, minimum_publicity_end, publicity_end,
                                 retention_end, state, recorded_by)
     SELECT md5('r' || i)::uuid, md5('s' || (i % :subjects + 1))::uuid, 'dishonest', 'general', 'administrative_penalty', 'market-regulation',
            'administrative_penalty', '基准罚〔2025〕' || i || '号', e - 365, '南京市市场监督管理局', '基准测试失信信息',
            e - 365, e - 273, e, e + 1826, 'active', 'bench'
       FROM (SELECT i, CASE WHEN i % :every = 0 AND i / :every <= :due
                            THEN :today::date - 1 - (i / :every) % 365
                            ELSE :today::date + (i % 365) END AS e
               FROM generate_series(1, :records::int) i) g`,
    { subjects, every, due: DUE, today: TODAY, records: RECORDS },
  );
  await db.raw('VACUUM ANALYZE');
}

const RUN_DATABASES = ['bench_floor', 'bench_activity', 'bench_workflow'] as const;
type RunDatabase = (typeof RUN_DATABASES)[number];

/**
 * A copy of the loaded database for one run, keeping the first `agencies` agencies, its due rows' pages warmed
 * like the floor's. One connection, so that its backend's CPU time is the run's.
 */
async function copyOfTemplate(admin: Db, serverUrl: string, name: RunDatabase, agencies = AGENCIES): Promise<{ db: Db; backendCpuMs: () => number }> {
  // The earlier runs' copies go first: else autovacuum works through their dead rows while this run is timed.
  for (const earlier of RUN_DATABASES) await admin.raw(`DROP DATABASE IF EXISTS ${earlier} WITH (FORCE)`);
  await admin.raw(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
  const db = createDb(withDatabase(serverUrl, name), { min: 1, max: 1 });
  await db.raw(`DELETE FROM agencies WHERE id NOT IN (SELECT md5('a' || i)::uuid FROM generate_series(1, ?::int) i)`, [agencies]);
  await db.raw(`SELECT count(*), max(content) FROM credit_records WHERE state = 'active' AND publicity_end < ?`, [TODAY]);
  await db.raw('CHECKPOINT');
  const [{ pid }] = (await db.raw('SELECT pg_backend_pid() AS pid')).rows;
  return { db, backendCpuMs: () => cpuMs(pid) };
}

/** User + system CPU time of a process, in ms (Linux, 100 ticks a second). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function counts(db: Db) {
  const [{ stopped }] = (await db.raw(`SELECT count(*)::int AS stopped FROM credit_records WHERE state = 'publicity_stopped'`)).rows;
  const [{ notices }] = (await db.raw(`SELECT count(*)::int AS notices FROM agency_notices`)).rows;
  return { stopped, notices };
}

/** Peak (VmHWM) and current (VmRSS) resident set size of a process, in MiB (Linux). */
function statusMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}
const peakRssMiB = (pid: number) => statusMiB(pid, 'VmHWM');
const rssMiB = (pid: number) => statusMiB(pid, 'VmRSS');

async function runWorkflow(serverUrl: string, admin: Db): Promise<{ ms: number; totals: SweepTotals; rssMiB: number; rssBeforeMiB: number; duringMiB: number }> {
  const { db } = await copyOfTemplate(admin, serverUrl, 'bench_workflow');
  const temporal = await startTemporalDevServer({ headless: true });
  const taskQueue = 'bench-expiry';
  // The worker as deployed (worker/main.ts), in its own process so that its memory is its own.
  const worker = spawn(process.execPath, [...WORKER_NODE_FLAGS, '--import', 'tsx', path.join(REPO_ROOT, 'worker', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: withDatabase(serverUrl, 'bench_workflow'), TEMPORAL_ADDRESS: temporal.address, TASK_QUEUE: taskQueue, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
      worker.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('expiry sweep schedule in place')) resolve();
      });
    });
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection });
    const rssBeforeMiB = rssMiB(worker.pid!);
    // VmHWM includes start-up (bundling the workflow code); sampling shows what the sweep itself holds.
    let duringMiB = rssBeforeMiB;
    const sampler = setInterval(() => (duringMiB = Math.max(duringMiB, rssMiB(worker.pid!))), 50);
    const run = await timed(() =>
      client.workflow.execute('expirySweep', { args: [{ today: TODAY, batchSize: WORKFLOW_BATCH_SIZE }], workflowId: 'bench-expiry-sweep', taskQueue }),
    );
    clearInterval(sampler);
    const peak = peakRssMiB(worker.pid!);
    // Where the workflow's time goes: each activity's run, and the gaps between them (Temporal's round trips).
    const history = await client.workflow.getHandle('bench-expiry-sweep').fetchHistory();
    const at = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null }) => Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
    const events = history.events ?? [];
    const activities: number[] = [];
    for (const e of events) {
      if (!e.activityTaskCompletedEventAttributes) continue;
      const started = events.find((x) => Number(x.eventId) === Number(e.activityTaskCompletedEventAttributes!.startedEventId));
      if (started) activities.push(Math.round(at(e) - at(started)));
    }
    const activityMs = activities.reduce((a, b) => a + b, 0);
    const totalMs = at(events[events.length - 1]) - at(events[0]);
    log(`  workflow history: ${events.length} events, ${Math.round(totalMs)} ms from start to end, ${Math.round(activityMs)} ms in activities (${activities.join(', ')}), ${Math.round(totalMs - activityMs)} ms between them`);
    await connection.close();
    return { ms: run.ms, totals: run.value as SweepTotals, rssMiB: peak, rssBeforeMiB, duringMiB };
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await temporal.stop();
    await db.destroy();
  }
}

/** Runs the benchmark (options from the environment, above); prints its table and returns its entries for `npm run bench`. */
export async function bench(_argv: string[] = []): Promise<BenchEntry[]> {
  const entries: BenchEntry[] = [];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'credit-bench-'));
  await fs.chmod(dir, 0o755);
  log(`PostgreSQL in ${dir} (durable settings: fsync and synchronous commit on)`);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), database: 'postgres' });
  const admin = createDb(withDatabase(pg.url, 'postgres'), { min: 0, max: 1 });
  const rows: Array<{ run: string; records: number; ms: number; cpuMs?: number; extra?: string }> = [];
  try {
    const templateUrl = await createDatabase(pg.url, TEMPLATE);
    await migrate(templateUrl);
    const template = createDb(templateUrl, { min: 0, max: 2 });
    const loaded = await timed(() => load(template));
    await template.destroy();
    log(`loaded ${RECORDS} records (${DUE} due) and ${AGENCIES} agencies in ${(loaded.ms / 1000).toFixed(1)} s`);

    // The floor: the same rows, one statement, state only.
    {
      const { db, backendCpuMs } = await copyOfTemplate(admin, pg.url, 'bench_floor');
      const cpu0 = backendCpuMs();
      const run = await timed(() => db.raw(`UPDATE credit_records SET state = 'publicity_stopped', updated_at = now() WHERE state = 'active' AND publicity_end < ?`, [TODAY]));
      rows.push({ run: 'floor: one UPDATE', records: run.value.rowCount, ms: run.ms, cpuMs: backendCpuMs() - cpu0 });
      await db.destroy();
    }

    // The real activity, batch after batch, as the workflow calls it.
    const variants = [...BATCH_SIZES.map((batchSize) => ({ batchSize, agencies: AGENCIES })), ...AGENCY_VARIANTS.map((agencies) => ({ batchSize: WORKFLOW_BATCH_SIZE, agencies }))];
    for (const { batchSize, agencies } of variants) {
      const { db, backendCpuMs } = await copyOfTemplate(admin, pg.url, 'bench_activity', agencies);
      const sweepBatch = createExpiryActivities({ db }).sweepBatch;
      let records = 0;
      let batches = 0;
      const cpu0 = backendCpuMs();
      const run = await timed(async () => {
        for (;;) {
          const n = await sweepBatch({ today: TODAY, kind: 'publicity', batchSize });
          batches++;
          if (n === 0) break;
          records += n;
        }
      });
      const cpu = backendCpuMs() - cpu0;
      const c = await counts(db);
      if (c.stopped !== DUE || c.notices !== DUE * agencies) throw new Error(`activity run incomplete: ${JSON.stringify(c)}`);
      rows.push({ run: `sweepBatch loop, batch ${batchSize}, ${agencies} agencies`, records, ms: run.ms, cpuMs: cpu, extra: `${batches} batches, ${c.notices} notices` });
      await db.destroy();
    }

    let rss: number | undefined;
    if (!process.env.SKIP_WORKFLOW) {
      const wf = await runWorkflow(pg.url, admin);
      rss = wf.rssMiB;
      rows.push({ run: `expirySweep workflow, batch ${WORKFLOW_BATCH_SIZE}, ${AGENCIES} agencies`, records: wf.totals.publicity, ms: wf.ms, extra: `worker process, all three kinds; RSS ${wf.rssBeforeMiB.toFixed(0)} MiB before the sweep, at most ${wf.duringMiB.toFixed(0)} MiB during it, peak since start ${wf.rssMiB.toFixed(0)} MiB` });
    }

    const floor = rows[0];
    const floorRate = floor.records / (floor.ms / 1000);
    console.log(`\nExpiry sweep benchmark: ${RECORDS.toLocaleString('en')} dishonest records, ${DUE.toLocaleString('en')} past their publicity end, ${AGENCIES} agencies, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}\n`);
    console.log('| run | records | wall s | records/s | × floor (wall) | backend CPU s | × floor (CPU) | notes |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const r of rows) {
      const rate = r.records / (r.ms / 1000);
      const cpu = r.cpuMs === undefined ? ['', ''] : [(r.cpuMs / 1000).toFixed(2), (r.cpuMs / floor.cpuMs!).toFixed(2)];
      console.log(`| ${r.run} | ${r.records} | ${(r.ms / 1000).toFixed(2)} | ${Math.round(rate).toLocaleString('en')} | ${(floorRate / rate).toFixed(2)} | ${cpu[0]} | ${cpu[1]} | ${r.extra ?? ''} |`);
    }
    if (rss !== undefined) console.log(`\nworker peak RSS (VmHWM, start-up included): ${rss.toFixed(0)} MiB (target < 500 MiB)`);
    // For the table: the whole workflow (else the last activity loop) against the floor, in wall time.
    const measured = rows[rows.length - 1];
    if (measured !== floor) {
      const ratio = measured.ms / floor.ms;
      entries.push({
        scenario: `expiry sweep: ${measured.run}`,
        metric: `seconds, ${DUE.toLocaleString('en')} of ${RECORDS.toLocaleString('en')} records due`,
        figure: Number((measured.ms / 1000).toFixed(2)),
        floor: Number((floor.ms / 1000).toFixed(2)),
        ratio: Number(ratio.toFixed(2)),
        target: 'ratio ≤ 3 (3 agencies)',
        met: AGENCIES === 3 ? ratio <= 3 : null,
        better: 'lower',
        details: { runs: rows.map((r) => ({ run: r.run, seconds: Number((r.ms / 1000).toFixed(2)), backendCpuSeconds: r.cpuMs === undefined ? undefined : r.cpuMs / 1000, notes: r.extra })), workerPeakRssMiB: rss },
      });
    }
  } finally {
    await admin.destroy();
    await pg.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
  return entries;
}

if (require.main === module) {
  bench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

/**
 * Benchmark (issue 14): inclusion cases driven through the HTTP API from start to `listed` (subject registered,
 * case started, notice acknowledged, window waived, included, decision served), many at once, on two topologies
 * in one run, each on a fresh embedded PostgreSQL:
 * - dev server: the Temporal CLI's dev server (SQLite file), one worker process, one API process (what `npm start`
 *   runs, as separate processes);
 * - cluster: the Temporal server on PostgreSQL, two worker processes, two API copies (`npm run cluster`).
 *
 *   npx tsx bench/case-throughput.ts [--cases 60] [--concurrency 12]
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster, type Cluster } from '../lib/cluster';
import { startEmbeddedPostgres, startTemporalDevServer } from '../lib/servers';
import { TEST_JWT_SECRET } from '../test/helpers/api';
import { ApiCopies, driveInclusion, registerThroughApi, startInclusionThroughApi } from '../test/helpers/cluster';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '60' }, concurrency: { type: 'string', default: '12' } } });
const CASES = Number(values.cases);
const CONCURRENCY = Number(values.concurrency);

const percentile = (samples: number[], p: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(p * samples.length))];

interface Result {
  topology: string;
  wallS: number;
  casesPerMinute: number;
  caseP50S: number;
  caseP95S: number;
  requestP50Ms: number;
  requestP95Ms: number;
  requests: number;
}

/** Drives CASES cases through the cluster's API copies, CONCURRENCY at a time; times each case and request. */
async function drive(topology: string, cluster: Cluster): Promise<Result> {
  const apis = new ApiCopies(cluster);
  const requests: number[] = [];
  const call = apis.call.bind(apis);
  apis.call = async (...args) => {
    const t = performance.now();
    try {
      return await call(...args);
    } finally {
      requests.push(performance.now() - t);
    }
  };
  const cases: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CASES) {
        const i = next++;
        const t = performance.now();
        const subjectId = await registerThroughApi(apis, i);
        const { id } = await startInclusionThroughApi(apis, i, subjectId);
        await driveInclusion(apis, i, id, subjectId);
        cases.push(performance.now() - t);
      }
    }),
  );
  const wallS = (performance.now() - started) / 1000;
  return {
    topology,
    wallS,
    casesPerMinute: (CASES / wallS) * 60,
    caseP50S: percentile(cases, 0.5) / 1000,
    caseP95S: percentile(cases, 0.95) / 1000,
    requestP50Ms: percentile(requests, 0.5),
    requestP95Ms: percentile(requests, 0.95),
    requests: requests.length,
  };
}

async function onFreshDirectory<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-throughput-'));
  await fs.chmod(dir, 0o755); // PostgreSQL may run as the `postgres` user
  try {
    return await run(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const common = { disposable: false, jwtSecret: TEST_JWT_SECRET, logLevel: 'warn' };

async function main() {
  const results: Result[] = [];
  results.push(
    await onFreshDirectory(async (dir) => {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres') });
      const dev = await startTemporalDevServer({ headless: true, dbFile: path.join(dir, 'temporal.sqlite') });
      const cluster = await startCluster({ ...common, dataDir: dir, databaseUrl: pg.url, temporalAddress: dev.address, workers: 1, apis: 1 });
      try {
        return await drive('dev server, 1 worker, 1 API', cluster);
      } finally {
        await cluster.stop();
        await dev.stop();
        await pg.stop();
      }
    }),
  );
  results.push(
    await onFreshDirectory(async (dir) => {
      const cluster = await startCluster({ ...common, dataDir: dir, workers: 2, apis: 2 });
      try {
        return await drive(`Temporal server ${cluster.temporalVersion} on PostgreSQL, 2 workers, 2 APIs`, cluster);
      } finally {
        await cluster.stop();
      }
    }),
  );

  console.log(`\n${CASES} inclusion cases, ${CONCURRENCY} at a time; 2 CPUs, load average ${os.loadavg()[0].toFixed(1)}\n`);
  console.log('| topology | wall s | cases/min | case p50 s | case p95 s | request p50 ms | request p95 ms | requests |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.topology} | ${r.wallS.toFixed(1)} | ${r.casesPerMinute.toFixed(0)} | ${r.caseP50S.toFixed(2)} | ${r.caseP95S.toFixed(2)} | ` +
        `${r.requestP50Ms.toFixed(0)} | ${r.requestP95Ms.toFixed(0)} | ${r.requests} |`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

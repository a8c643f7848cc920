/**
 * Benchmark (issue 4): GET /api/v1/supervision/overdue with 100,000 open cases in the projection, beside the same
 * SQL run directly with pg (the floor), in one run on a fresh embedded PostgreSQL.
 *
 *   npx tsx bench/supervision-overdue.ts [--cases 100000] [--requests 1000]
 *   npm run bench -- overdue [--overdue-cases 1000000] [--overdue-requests 1000]   (into the results table)
 *
 * Target: the endpoint's first page within 2x of the floor (issue 13: 1.5x at 1,000,000 open cases), p99 under 50 ms.
 */
import { Client as TemporalClient } from '@temporalio/client';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Client as UndiciClient } from 'undici';
import { createApp } from '../api/app';
import { createTokenVerifier, signToken } from '../api/auth';
import { createDb } from '../db/knex';
import { migrate } from '../db/migrate';
import { supervisionSql } from '../db/stores/supervision';
import { startEmbeddedPostgres } from '../lib/servers';
import type { BenchEntry } from './lib';

const SECRET = 'bench-secret';

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { median: at(0.5), p99: at(0.99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

/**
 * A lean keep-alive HTTP client (undici's, as a load generator would use; Node's `http.get` costs the bench process
 * about 60 µs more per request), so the figures are the server's.
 */
function client(http1: UndiciClient, token: string): () => Promise<void> {
  return async () => {
    const res = await http1.request({ method: 'GET', path: '/api/v1/supervision/overdue', headers: { authorization: `Bearer ${token}` } });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
  };
}

/** Runs the two alternately, so that whatever else the machine does weighs on both alike. */
async function timeBoth(n: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number[], number[]]> {
  for (let i = 0; i < 50; i++) await Promise.all([a(), b()]); // warm-up
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < n; i++) {
    for (const [k, run] of [a, b].entries()) {
      const t = process.hrtime.bigint();
      await run();
      samples[k].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return samples;
}

/** Runs the benchmark with these arguments (as on the command line); prints it and returns its entries for the table. */
export async function bench(argv: string[]): Promise<BenchEntry[]> {
  const { values } = parseArgs({ args: argv, options: { cases: { type: 'string', default: '100000' }, requests: { type: 'string', default: '1000' } } });
  const CASES = Number(values.cases);
  const REQUESTS = Number(values.requests);
  const entries: BenchEntry[] = [];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-supervision-'));
  await fs.chmod(dir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), disposable: true });
  try {
    await migrate(postgres.url);
    const db = createDb(postgres.url);
    const t0 = Date.now();
    await db.raw(`INSERT INTO subjects (id, kind, name, identifier_type, identifier_value, registered_by)
      VALUES ('00000000-0000-4000-8000-000000000001', 'legal_person', '基准测试有限公司', 'uscc', 'BENCH', 'bench')`);
    // Open cases across the nine departments; 20 % overdue, 10 % due soon, the rest pending; due dates spread
    // over a year around now, escalations on the overdue ones.
    await db.raw(`
      INSERT INTO cases (id, type, status, subject_id, department, handler, open, revision, view, created_at, updated_at)
      SELECT 'objection-' || lpad(g::text, 8, '0'), (ARRAY['inclusion','objection','revocation','repair'])[1 + g % 4], 'open',
             '00000000-0000-4000-8000-000000000001',
             (ARRAY['credit-comprehensive','market-regulation','tax','ecology-environment','housing-construction','human-resources','transport','emergency-management','court'])[1 + g % 9],
             'officer-' || (g % 100), true, 1, '{}'::jsonb, now(), now()
      FROM generate_series(1, ?) g`, [CASES]);
    await db.raw(`
      INSERT INTO case_deadlines (case_id, deadline_id, case_type, department, handler, kind, state, escalates, due_at, remind_at, computation)
      SELECT c.id, 'verification', c.type, c.department, c.handler, 'verification',
             CASE WHEN g % 10 < 2 THEN 'overdue' WHEN g % 10 = 2 THEN 'due_soon' ELSE 'pending' END, true,
             now() + ((CASE WHEN g % 10 < 2 THEN -1 ELSE 1 END) * (g % 365 + 1)) * interval '1 day', NULL, '{}'::jsonb
      FROM cases c JOIN generate_series(1, ?) g ON c.id = 'objection-' || lpad(g::text, 8, '0')`, [CASES]);
    await db.raw(`
      INSERT INTO escalations (case_id, deadline_id, case_type, department, handler, due_at, raised_at)
      SELECT case_id, deadline_id, case_type, department, handler, due_at, due_at FROM case_deadlines WHERE state = 'overdue'`);
    await db.raw('ANALYZE');
    console.log(`loaded ${CASES} open cases in ${Date.now() - t0} ms`);

    const app = createApp({ db, temporal: new TemporalClient(), taskQueue: 'bench', verifier: createTokenVerifier({ secret: SECRET }) });
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const http1 = new UndiciClient(`http://127.0.0.1:${(server.address() as { port: number }).port}`, { pipelining: 1 });
    const floorClient = new pg.Client({ connectionString: postgres.url });
    await floorClient.connect();

    const scenarios = [
      { name: 'all departments (comprehensive supervisor)', dept: 'credit-comprehensive', filter: {} },
      { name: 'one department (tax supervisor)', dept: 'tax', filter: { department: 'tax' } },
    ];
    for (const s of scenarios) {
      const token = await signToken(SECRET, { sub: 'bench', role: 'supervisor', dept: s.dept });
      const { sql, bindings } = supervisionSql({ ...s.filter, limit: 51 });
      const [endpoint, floor] = await timeBoth(
        REQUESTS,
        client(http1, token),
        () => floorClient.query(sql, bindings),
      );
      const e = stats(endpoint);
      const f = stats(floor);
      console.log(`\n${s.name}, first page of 50, ${REQUESTS} requests`);
      console.log(`  endpoint (HTTP, auth, SQL, JSON): median ${e.median.toFixed(2)} ms, p99 ${e.p99.toFixed(2)} ms`);
      console.log(`  SQL alone (floor):                median ${f.median.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms`);
      console.log(`  ratio (median): ${(e.median / f.median).toFixed(2)}x; p99 under 50 ms: ${e.p99 < 50 ? 'yes' : 'NO'}`);
      const ratio = e.median / f.median;
      entries.push({
        scenario: `overdue list: ${s.name}`,
        metric: `median ms, ${CASES.toLocaleString('en')} open cases`,
        figure: Number(e.median.toFixed(2)),
        floor: Number(f.median.toFixed(2)),
        ratio: Number(ratio.toFixed(2)),
        target: 'ratio ≤ 1.5, p99 < 50 ms',
        met: ratio <= 1.5 && e.p99 < 50,
        better: 'lower',
        details: { p99Ms: Number(e.p99.toFixed(2)), floorP99Ms: Number(f.p99.toFixed(2)), requests: REQUESTS, cases: CASES },
      });
    }
    await floorClient.end();
    await http1.close();
    await new Promise((r) => server.close(r));
    await db.destroy();
  } finally {
    await postgres.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
  return entries;
}

if (require.main === module) {
  bench(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

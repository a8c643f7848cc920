/**
 * Benchmark (issue 12): list checks (JS Art 48) with 1,000,000 registered subjects and 50,000 entries on the list,
 * against the API as deployed (api/main.ts in its own process, a Temporal dev server for /health), on a fresh
 * embedded PostgreSQL.
 *
 *   npx tsx bench/list-checks.ts [--subjects 1000000] [--entries 50000] [--rate 500] [--seconds 20] [--big-runs 5]
 *
 * 1. Single checks over HTTP at a steady rate (open loop: requests are sent on schedule whether or not earlier ones
 *    have answered; latency counts from the scheduled time), beside the same lookup in SQL at the same rate. Each is
 *    first run for 3 s at the rate unmeasured (a cold API answers its first second at 500/s in 100-360 ms while its
 *    connection pool grows).
 *    Target: p99 under 20 ms at 500 requests per second.
 * 2. One check of 100,000 identifiers (10 % listed, 1 % malformed), while /health is asked 50 times a second: by a
 *    client that does not ask for compression (the figure) and by one that accepts a gzipped answer (and decompresses
 *    it as it arrives), in turn, after one unmeasured check.
 *    Target: the check under 0.5 s, /health p99 (over all its answers during the checks) under 50 ms meanwhile.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { Agent as UndiciAgent, request as undiciRequest } from 'undici';
import { signToken } from '../api/auth';
import type { Knex } from 'knex';
import { createDb } from '../db/knex';
import { migrate } from '../db/migrate';
import { checkListAndLogStatement, currentEntriesSql, giveLargeCheckMemory } from '../db/stores/disclosure';
import { REPO_ROOT, freePort, startEmbeddedPostgres, startTemporalDevServer } from '../lib/servers';
import type { BenchEntry } from './lib';
import { type IdentifierInput, citizenIdCheckCharacter, identifyIdentifier, organisationCodeCheckCharacter, usccCheckCharacter } from '../shared/identifiers';

const OPTIONS = {
  subjects: { type: 'string', default: '1000000' },
  entries: { type: 'string', default: '50000' },
  rate: { type: 'string', default: '500' },
  seconds: { type: 'string', default: '20' },
  'big-runs': { type: 'string', default: '5' },
  /** Print the plans of the single and the 100,000-identifier lookup, and stop. */
  explain: { type: 'boolean', default: false },
} as const;
// Set from the arguments by bench(); the loaders below read them.
let values = parseArgs({ args: [], options: OPTIONS }).values;
let SUBJECTS = 0;
let ENTRIES = 0;
let RATE = 0;
let SECONDS = 0;
let BIG_RUNS = 0;
const SECRET = 'bench-secret';

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { n: samples.length, median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}
const ms = (n: number) => `${n.toFixed(2)} ms`;
/** The machine is shared: the figures mean something only beside its load (2 CPUs here). */
const loadAverage = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
/** CPU time (user + system) a process has used, in ms, from /proc: steady on a shared machine where wall time is not. */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await fs.readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** 70 % organisations (codes from the row number), 30 % natural persons (identity numbers from it). */
function identifierOf(i: number): { kind: string; type: string; value: string } {
  if (i % 10 < 7) {
    const body8 = String(i).padStart(8, '0');
    const first17 = `91320100${body8}${organisationCodeCheckCharacter(body8)}`;
    return { kind: 'legal_person', type: 'uscc', value: first17 + usccCheckCharacter(first17) };
  }
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 1000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `320102${birth}${String(i % 1000).padStart(3, '0')}`;
  return { kind: 'natural_person', type: 'citizen_id', value: first17 + citizenIdCheckCharacter(first17) };
}
/** The identifiers of those asked that are valid, typed as the API types them. */
const typedIdentifiers = (values: string[]): IdentifierInput[] => values.flatMap((value) => identifyIdentifier(value).identifier ?? []);

/** Every 20th subject is listed (with 1,000,000 subjects and 50,000 entries). */
const LISTED_EVERY = () => Math.max(1, Math.floor(SUBJECTS / ENTRIES));

async function load(url: string) {
  const db = createDb(url);
  const t0 = Date.now();
  const BATCH = 50_000;
  for (let from = 0; from < SUBJECTS; from += BATCH) {
    const ids: string[] = [];
    const kinds: string[] = [];
    const types: string[] = [];
    const valuesOf: string[] = [];
    for (let i = from; i < Math.min(SUBJECTS, from + BATCH); i++) {
      const s = identifierOf(i);
      ids.push(randomUUID());
      kinds.push(s.kind);
      types.push(s.type);
      valuesOf.push(s.value);
    }
    await db.raw(
      `INSERT INTO subjects (id, kind, name, identifier_type, identifier_value, registered_by)
       SELECT id, kind, '基准主体' || value, type, value, 'bench' FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) AS t(id, kind, type, value)`,
      [ids, kinds, types, valuesOf],
    );
  }
  // The listed: a publicised `serious` record and a list entry each, as an inclusion leaves them.
  const every = LISTED_EVERY();
  await db.raw(`
    INSERT INTO credit_records (id, subject_id, category, severity, catalogue_item, department, basis_kind, basis_number, basis_effective_on,
      basis_issuer, content, publicity_start, minimum_publicity_end, publicity_end, retention_end, state, source_case_id, recorded_by)
    SELECT gen_random_uuid(), s.id, 'dishonest', 'serious', 'local_regulation_other', 'market-regulation', 'administrative_penalty', 'B-' || s.n,
      '2026-01-01', '南京市市场监督管理局', '列入严重失信主体名单：基准', '2026-01-01', '2026-01-01', '2029-01-01', '2034-01-01', 'active', 'inclusion-' || s.id, 'bench'
    FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM subjects) s WHERE s.n % ? = 0 AND s.n / ? <= ?`, [every, every, ENTRIES]);
  await db.raw(`
    INSERT INTO list_entries (id, subject_id, field, case_id, record_id, measures, department, included_on, removal_due_on)
    SELECT gen_random_uuid(), subject_id, 'fair_competition_social_order', source_case_id, id, '["key_supervision","restrict_government_projects"]', department, '2026-01-01', '2029-01-01'
    FROM credit_records WHERE source_case_id LIKE 'inclusion-%'`);
  await db.raw('VACUUM ANALYZE');
  const listed: string[] = (await db('list_entries as e').join('subjects as s', 's.id', 'e.subject_id').select('s.identifier_value')).map((r) => r.identifier_value);
  const [{ n }] = await db('subjects').count('* as n');
  console.log(`loaded ${n} subjects, ${listed.length} list entries in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { db, listed };
}

/** A lean keep-alive HTTP client (undici's, as a load generator would use), so the figures are the server's. */
const agent = new UndiciAgent({ connections: 64 });
/** With `gzip`, the client accepts a compressed answer and decompresses it as it arrives (`bytes` counts the JSON). */
async function request(url: string, opts: { method?: string; token?: string; body?: string; gzip?: boolean }): Promise<{ status: number; bytes: number; sent: number }> {
  const res = await undiciRequest(url, {
    dispatcher: agent,
    method: (opts.method ?? 'GET') as 'GET' | 'POST',
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body ? { 'content-type': 'application/json' } : {}),
      ...(opts.gzip ? { 'accept-encoding': 'gzip' } : {}),
    },
    body: opts.body,
  });
  const gunzip = res.headers['content-encoding'] === 'gzip' ? createGunzip() : undefined;
  let sent = 0;
  let bytes = 0;
  for await (const chunk of gunzip ? res.body.on('data', (c: Buffer) => (sent += c.length)).pipe(gunzip) : res.body) bytes += (chunk as Buffer).length;
  return { status: res.statusCode, bytes, sent: gunzip ? sent : bytes };
}

/** Calls `run` `rate` times a second for `seconds`, on schedule; each latency counts from its scheduled time. */
async function openLoop(rate: number, seconds: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const total = rate * seconds;
  const start = performance.now();
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    for (; sent < due; sent++) {
      const scheduled = start + (sent / rate) * 1000;
      const i = sent;
      pending.push(run(i).then(() => void latencies.push(performance.now() - scheduled)));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  return latencies;
}

/** Runs the benchmark with these arguments (as on the command line); prints it and returns its entries for `npm run bench`. */
export async function bench(argv: string[]): Promise<BenchEntry[]> {
  values = parseArgs({ args: argv, options: OPTIONS }).values;
  SUBJECTS = Number(values.subjects);
  ENTRIES = Number(values.entries);
  RATE = Number(values.rate);
  SECONDS = Number(values.seconds);
  BIG_RUNS = Number(values['big-runs']);
  const entries: BenchEntry[] = [];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-list-checks-'));
  await fs.chmod(dir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), disposable: true });
  const temporal = await startTemporalDevServer({ headless: true });
  let api: ReturnType<typeof spawn> | undefined;
  try {
    await migrate(postgres.url);
    const { db, listed } = await load(postgres.url);
    if (values.explain) {
      // `toSQL()` keeps knex's `?` placeholders and the bindings, so each plan is of the statement as bound.
      const explain = async (q: Knex, title: string, statement: Knex.Raw) => {
        const { sql, bindings } = statement.toSQL();
        const plan = await q.raw(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, bindings);
        console.log(`\n${title}:\n${plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}`);
      };
      for (const ids of [[listed[0]], Array.from({ length: 100_000 }, (_, i) => (i % 10 === 0 ? listed[(i / 10) % listed.length] : identifierOf((i * 104_729 + 17) % SUBJECTS).value))]) {
        await explain(db, `${ids.length} identifier(s)`, currentEntriesSql(db, typedIdentifiers(ids)));
      }
      // The whole check as the API runs it (the lookup, the check's row, the inquiries), rolled back.
      const typed = typedIdentifiers(listed.slice(0, 10_000).concat(Array.from({ length: 90_000 }, (_, i) => identifierOf((i * 104_729 + 17) % SUBJECTS).value)));
      const actor = { id: 'agency-bench', role: 'agency' as const, agencyId: '00000000-0000-4000-8000-00000000b001' };
      const check = { purpose: 'explain', identifiers: typed.length, invalid: 0, asked: { types: typed.map((i) => i.type), values: typed.map((i) => i.value) } };
      const trx = await db.transaction();
      try {
        await giveLargeCheckMemory(trx);
        await explain(trx, `the whole check of ${typed.length} identifiers, as the API runs it`, checkListAndLogStatement(trx, actor, check));
      } finally {
        await trx.rollback();
      }
      await db.destroy();
      return entries;
    }

    // The API as deployed, in its own process.
    const port = await freePort();
    const apiLog = await fs.open(path.join(os.tmpdir(), 'bench-list-checks-api.log'), 'w');
    // BENCH_CPU_PROF=<dir>: a CPU profile of the API process, written when it stops.
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    api = spawn(process.execPath, [...profile, ...(process.env.BENCH_API_FLAGS ? process.env.BENCH_API_FLAGS.split(' ') : []), '--import', 'tsx', path.join(REPO_ROOT, 'api', 'main.ts')], {
      cwd: REPO_ROOT,
      // The rate limit on list checks stays on (it costs a write per check), high enough for the steady rate.
      env: {
        ...process.env, DATABASE_URL: postgres.url, TEMPORAL_ADDRESS: temporal.address, PORT: String(port), JWT_SECRET: SECRET, LOG_LEVEL: 'warn',
        RATE_LIMIT_LIST_CHECKS_PER_MINUTE: String(RATE * 60 * 2),
      },
      stdio: ['ignore', apiLog.fd, apiLog.fd],
    });
    const url = `http://127.0.0.1:${port}`;
    for (let up = false; !up; await new Promise((r) => setTimeout(r, 200))) up = await request(`${url}/health`, {}).then((r) => r.status === 200, () => false);
    const token = await signToken(SECRET, { sub: 'agency-bench', role: 'agency', agencyId: '00000000-0000-4000-8000-00000000b001' });

    // 1. Single checks: one in ten of a listed subject, the rest registered and not listed.
    const one = (i: number) => (i % 10 === 0 ? listed[i % listed.length] : identifierOf((i * 7919) % SUBJECTS).value);
    const floorPool = new pg.Pool({ connectionString: postgres.url, max: 8 });
    const sqlOf = (value: string) => currentEntriesSql(db, typedIdentifiers([value])).toSQL().toNative();
    // Warm-up at the rate itself, as a load test does: the connection pools grow to what the rate needs and the
    // code is compiled before anything is measured.
    await openLoop(RATE, 3, (i) => request(`${url}/api/v1/list-checks`, { method: 'POST', token, body: JSON.stringify({ identifiers: [one(i)], purpose: 'warm-up' }) }));
    await openLoop(RATE, 3, (i) => {
      const q = sqlOf(one(i));
      return floorPool.query(q.sql, q.bindings as unknown[]);
    });
    const cpuBefore = await cpuMs(api.pid!);
    const http1 = stats(await openLoop(RATE, SECONDS, (i) => request(`${url}/api/v1/list-checks`, { method: 'POST', token, body: JSON.stringify({ identifiers: [one(i)], purpose: '贷款审查' }) })));
    const cpuPerCheck = (await cpuMs(api.pid!) - cpuBefore) / http1.n;
    const sql1 = stats(await openLoop(RATE, SECONDS, (i) => {
      const q = sqlOf(one(i));
      return floorPool.query(q.sql, q.bindings as unknown[]);
    }));
    console.log(`\n1. single checks, ${RATE} requests/s for ${SECONDS} s (open loop); load average ${loadAverage()}`);
    console.log(`  HTTP (auth, validation, SQL, log, JSON): median ${ms(http1.median)}, p99 ${ms(http1.p99)}, max ${ms(http1.max)} (${http1.n} requests)`);
    console.log(`  SQL alone (same lookup, pool of 8):      median ${ms(sql1.median)}, p99 ${ms(sql1.p99)}, max ${ms(sql1.max)}`);
    console.log(`  API process CPU per check: ${ms(cpuPerCheck)} (one core would serve about ${Math.round(1000 / cpuPerCheck)} checks/s)`);
    console.log(`  p99 under 20 ms: ${http1.p99 < 20 ? 'yes' : 'NO'}`);
    entries.push({
      scenario: 'list check: one identifier',
      metric: `p99 ms at ${RATE}/s`,
      figure: Number(http1.p99.toFixed(2)),
      floor: Number(sql1.p99.toFixed(2)),
      ratio: Number((http1.p99 / sql1.p99).toFixed(2)),
      target: 'p99 < 20 ms',
      met: http1.p99 < 20,
      better: 'lower',
      details: { medianMs: Number(http1.median.toFixed(2)), floorMedianMs: Number(sql1.median.toFixed(2)), requests: http1.n, apiCpuMsPerCheck: Number(cpuPerCheck.toFixed(3)), subjects: SUBJECTS, entries: ENTRIES },
    });
    await floorPool.end();

    // 2. One check of 100,000 identifiers, /health asked meanwhile.
    const big = Array.from({ length: 100_000 }, (_, i) => (i % 100 === 1 ? `bad-${i}` : i % 10 === 0 ? listed[(i / 10) % listed.length] : identifierOf((i * 104_729 + 17) % SUBJECTS).value));
    const body = JSON.stringify({ identifiers: big, purpose: '批量审查' });
    console.log(`\n2. one check of 100,000 identifiers (10 % listed, 1 % malformed; body ${(body.length / 1e6).toFixed(1)} MB), /health 50 times a second meanwhile; load average ${loadAverage()}`);
    // A check with /health asked beside it; `gzip`: the answer compressed, as a client that accepts it gets it.
    const bigCheck = async (gzip: boolean) => {
      const health: number[] = [];
      let checking = true;
      const poller = (async () => {
        while (checking) {
          const t = performance.now();
          await request(`${url}/health`, {});
          health.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const cpu0 = await cpuMs(api!.pid!);
      const t = performance.now();
      const res = await request(`${url}/api/v1/list-checks`, { method: 'POST', token, body, gzip });
      const took = performance.now() - t;
      const cpu = (await cpuMs(api!.pid!)) - cpu0;
      checking = false;
      await poller;
      const h = stats(health);
      console.log(`  ${gzip ? 'gzip ' : 'plain'}: ${res.status}, ${(res.bytes / 1e6).toFixed(1)} MB answer (${(res.sent / 1e6).toFixed(2)} MB sent) in ${ms(took)} (API CPU ${ms(cpu)}, with the /health answers); /health during it: median ${ms(h.median)}, p99 ${ms(h.p99)}, max ${ms(h.max)} (${h.n})`);
      return { took, health };
    };
    // One unmeasured check first (as the steady phases warm up), then the two kinds alternately.
    await bigCheck(false);
    const gzipped: Array<{ took: number; health: number[] }> = [];
    const plain: Array<{ took: number; health: number[] }> = [];
    for (let run = 0; run < BIG_RUNS; run++) {
      gzipped.push(await bigCheck(true));
      plain.push(await bigCheck(false));
    }
    const bigPlan = currentEntriesSql(db, typedIdentifiers(big)).toSQL().toNative();
    const floorClient = new pg.Client({ connectionString: postgres.url });
    await floorClient.connect();
    const tf = performance.now();
    const found = await floorClient.query(bigPlan.sql, bigPlan.bindings as unknown[]);
    const floorMs = performance.now() - tf;
    console.log(`  SQL alone for the same 99,000 valid identifiers: ${ms(floorMs)} (${found.rowCount} entries)`);
    // The figure is the check as asked without compression (the issue's; on loopback it is also the faster);
    // /health's p99 is over all its answers during those checks.
    const bigMedian = stats(plain.map((r) => r.took)).median;
    const healthP99 = stats(plain.flatMap((r) => r.health)).p99;
    const gzipMedian = stats(gzipped.map((r) => r.took)).median;
    const gzipHealthP99 = stats(gzipped.flatMap((r) => r.health)).p99;
    console.log(`  median ${ms(bigMedian)} plain, ${ms(gzipMedian)} gzip; /health p99 ${ms(healthP99)} and ${ms(gzipHealthP99)} during them`);
    entries.push({
      scenario: 'list check: 100,000 identifiers',
      metric: 'median ms of the check',
      figure: Number(bigMedian.toFixed(0)),
      floor: Number(floorMs.toFixed(0)),
      ratio: Number((bigMedian / floorMs).toFixed(2)),
      target: '< 500 ms, /health p99 < 50 ms meanwhile',
      met: bigMedian < 500 && healthP99 < 50,
      better: 'lower',
      details: {
        runsMs: plain.map((r) => Number(r.took.toFixed(0))),
        healthP99Ms: Number(healthP99.toFixed(1)),
        healthAnswers: plain.reduce((n, r) => n + r.health.length, 0),
        gzipMedianMs: Number(gzipMedian.toFixed(0)),
        gzipRunsMs: gzipped.map((r) => Number(r.took.toFixed(0))),
        gzipHealthP99Ms: Number(gzipHealthP99.toFixed(1)),
      },
    });
    await floorClient.end();
    await db.destroy();
  } finally {
    await agent.close();
    if (api && api.exitCode === null) {
      const exited = new Promise((r) => api!.once('exit', r));
      api.kill('SIGTERM');
      await exited;
    }
    await temporal.stop();
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

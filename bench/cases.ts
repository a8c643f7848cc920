/**
 * Inclusion cases through the HTTP API, as officers and subjects drive them, with real tokens: register the
 * subject, start the case (the prior notice is issued), serve the notice, the subject waives the window, the
 * decision (include), its service, and then the list entry (written by the workflow once the decision is served).
 *
 * - throughput: N cases, C in flight; cases per second, p50/p99 of each step, CPU seconds per case per process;
 *   beside the orchestration floor (bench/floor/) with the same N and C on the same servers in the same run.
 * - steady latency: one new case a second (open loop: each starts on schedule whatever the others do); p99 of each step.
 */
import { Client, Connection } from '@temporalio/client';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../lib/servers';
import { addDays, shanghaiDate } from '../shared/calendar';
import { organisationCodeCheckCharacter, usccCheckCharacter } from '../shared/identifiers';
import { FLOOR_STEPS, floorStepUpdate } from './floor/workflow';
import { type BenchEntry, cpuSeconds, inFlight, log, percentiles, round } from './lib';
import type { RunningSystem } from './system';

export const STEPS = ['register', 'start', 'service', 'waiver', 'decision', 'decisionService', 'listed'] as const;
type Step = (typeof STEPS)[number];
export type Timings = Record<Step, number[]>;

export const newTimings = (): Timings => Object.fromEntries(STEPS.map((s) => [s, []])) as unknown as Timings;

/** A lean keep-alive JSON client, so that the load generator costs little of the machine's two cores. */
function apiClient(base: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const url = new URL(base);
  return {
    call(method: string, p: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path: p,
            headers: { Authorization: `Bearer ${token}`, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({ status: res.statusCode ?? 0, body: text && (res.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : text });
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

let usccCounter = 0;
/** A valid unified social credit code, unique within this process run. */
function nextUscc(): string {
  const body8 = String((Date.now() % 1e4) * 1e4 + (usccCounter++ % 1e4)).padStart(8, '0');
  const first17 = `91320100${body8}${organisationCodeCheckCharacter(body8)}`;
  return first17 + usccCheckCharacter(first17);
}

/** Waits for list entries with one query for every waiting case (the bench's own polling, not the system's). */
function listEntryWatcher(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const waiting = new Map<string, () => void>();
  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    timer = undefined;
    if (waiting.size > 0) {
      const { rows } = await pool.query('SELECT case_id FROM list_entries WHERE case_id = ANY($1)', [[...waiting.keys()]]);
      for (const { case_id } of rows) {
        waiting.get(case_id)?.();
        waiting.delete(case_id);
      }
    }
    if (waiting.size > 0) timer = setTimeout(() => void poll(), 25);
  };
  return {
    until(caseId: string): Promise<void> {
      return new Promise((resolve) => {
        waiting.set(caseId, resolve);
        timer ??= setTimeout(() => void poll(), 25);
      });
    },
    close: () => pool.end(),
  };
}

export interface CaseDriver {
  /**
   * One whole case (or, with `open`, only until its window is open: registered, started, notice served); its step
   * times (ms) go into `timings`. Returns its ID; throws with the step and the answer when one fails.
   */
  runCase(timings: Timings, opts?: { open?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function caseDriver(system: RunningSystem, sockets: number): Promise<CaseDriver> {
  const api = apiClient(system.apiUrl, sockets);
  const entries = listEntryWatcher(system.databaseUrl);
  const officer = await system.token({ sub: 'officer-bench', role: 'officer', dept: 'market-regulation' });
  const today = shanghaiDate(Date.now());
  let n = 0;
  return {
    async runCase(timings, opts = {}) {
      const i = ++n;
      const step = async (name: Step, fn: () => Promise<{ status: number; body: any }>, expected: number) => {
        const t0 = performance.now();
        const res = await fn();
        timings[name].push(performance.now() - t0);
        if (res.status !== expected) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        return res.body;
      };
      const subject = await step(
        'register',
        () => api.call('POST', '/api/v1/subjects', officer, { kind: 'legal_person', name: `南京基准测试建材有限公司${i}`, identifier: { type: 'uscc', value: nextUscc() } }),
        201,
      );
      const started = await step(
        'start',
        () =>
          api.call('POST', '/api/v1/inclusion-cases', officer, {
            subjectId: subject.id,
            field: 'health_safety',
            basis: [{ kind: 'administrative_penalty', number: `宁市监罚〔2026〕${i}号`, effectiveOn: addDays(today, -30), issuer: '南京市市场监督管理局' }],
            facts: '生产经营添加非食用物质的食品，货值金额较大，造成严重社会影响',
            reasons: '情节严重，社会影响恶劣，依法应当列入严重失信主体名单',
            legalProvisions: ['《江苏省社会信用条例》第二十九条第一项'],
            measures: ['key_supervision', 'restrict_commendation'],
            actOn: addDays(today, -60),
          }),
        201,
      );
      const id = started.id;
      const subjectToken = await system.token({ sub: `subject-${subject.id}`, role: 'subject', subjectId: subject.id });
      const served = () => new Date().toISOString();
      await step('service', () => api.call('POST', `/api/v1/inclusion-cases/${id}/service`, officer, { document: 'notice', method: 'in_person', servedAt: served() }), 200);
      if (opts.open) return id;
      await step('waiver', () => api.call('POST', `/api/v1/inclusion-cases/${id}/waiver`, subjectToken), 200);
      await step('decision', () => api.call('POST', `/api/v1/inclusion-cases/${id}/decision`, officer, { outcome: 'include', reasons: '违法事实清楚，证据确凿，当事人放弃陈述申辩' }), 200);
      await step('decisionService', () => api.call('POST', `/api/v1/inclusion-cases/${id}/service`, officer, { document: 'decision', method: 'in_person', servedAt: served() }), 200);
      const t0 = performance.now();
      await entries.until(id);
      timings.listed.push(performance.now() - t0);
      return id;
    },
    async close() {
      api.close();
      await entries.close();
    },
  };
}

function stepTable(timings: Timings) {
  return Object.fromEntries(STEPS.map((s) => [s, (({ p50, p99 }) => ({ p50: round(p50, 1), p99: round(p99, 1) }))(percentiles(timings[s]))]));
}

type Cpu = ReturnType<RunningSystem['cpu']>;
const cpuPer = (before: Cpu, after: Cpu, n: number, idle: Cpu = { service: 0, temporal: 0, postgres: 0 }, seconds = 0) => {
  // What each process used beyond what it uses doing nothing (the Temporal server polls and ticks), per case.
  const net = (k: keyof Cpu) => Math.max(0, after[k] - before[k] - idle[k] * seconds) / n;
  return { service: round(net('service'), 3), temporal: round(net('temporal'), 3), postgres: round(net('postgres'), 3), total: round(net('service') + net('temporal') + net('postgres'), 3) };
};

/** CPU seconds per second each process uses with nothing to do, over a few quiet seconds. */
async function idleCpu(cpu: () => Cpu, seconds = 5): Promise<Cpu> {
  const a = cpu();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const b = cpu();
  return { service: (b.service - a.service) / seconds, temporal: (b.temporal - a.temporal) / seconds, postgres: (b.postgres - a.postgres) / seconds };
}

/** N cases, C in flight; failures are counted, not retried. */
async function caseRun(system: RunningSystem, n: number, concurrency: number) {
  const driver = await caseDriver(system, concurrency + 2);
  const timings = newTimings();
  const failures: string[] = [];
  try {
    const idle = await idleCpu(() => system.cpu());
    const cpu0 = system.cpu();
    const t0 = performance.now();
    await inFlight(n, concurrency, () =>
      driver.runCase(timings).then(
        () => undefined,
        (err: Error) => void failures.push(err.message),
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = system.cpu();
    const done = n - failures.length || 1;
    return { seconds, completed: n - failures.length, failures, timings, cpu: cpuPer(cpu0, cpu1, done, idle, seconds), grossCpu: cpuPer(cpu0, cpu1, done), idle };
  } finally {
    await driver.close();
  }
}

/** The floor's worker in its own process, and N floor workflows, C in flight, through a Temporal client. */
async function floorRun(system: RunningSystem, n: number, concurrency: number, warmup: number) {
  const worker = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bench', 'floor', 'worker.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: system.temporalAddress },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((r) => worker.once('exit', r));
  const connection = await Connection.connect({ address: system.temporalAddress });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('exit', (code) => reject(new Error(`floor worker exited (${code})`)));
      worker.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('floor worker running') && resolve());
    });
    const client = new Client({ connection });
    const run = (k: number) => async (i: number) => {
      const handle = await client.workflow.start('floorWorkflow', { taskQueue: 'bench-floor', workflowId: `floor-${k}-${i}-${Date.now()}` });
      for (let s = 1; s <= FLOOR_STEPS; s++) await handle.executeUpdate(floorStepUpdate, { args: [s] });
      await handle.result();
    };
    await inFlight(warmup, concurrency, run(0));
    const cpu = () => ({ ...system.cpu(), service: cpuSeconds(worker.pid!) });
    const idle = await idleCpu(cpu);
    const cpu0 = cpu();
    const t0 = performance.now();
    await inFlight(n, concurrency, run(1));
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = cpu();
    return { seconds, perSecond: n / seconds, cpu: cpuPer(cpu0, cpu1, n, idle, seconds), grossCpu: cpuPer(cpu0, cpu1, n) };
  } finally {
    await connection.close();
    worker.kill('SIGTERM');
    await exited;
  }
}

export async function throughput(system: RunningSystem, opts: { cases: number; concurrency: number; warmup: number }): Promise<BenchEntry[]> {
  log(`case throughput: warming up with ${opts.warmup} cases`);
  await caseRun(system, opts.warmup, Math.min(opts.warmup, opts.concurrency));
  log(`case throughput: ${opts.cases} cases, ${opts.concurrency} in flight`);
  const cases = await caseRun(system, opts.cases, opts.concurrency);
  const casesPerSecond = cases.completed / cases.seconds;
  log(`  ${round(casesPerSecond)} cases/s, ${cases.failures.length} failed, CPU per case ${JSON.stringify(cases.cpu)}`);
  log(`floor: ${opts.cases} workflows (a start and ${FLOOR_STEPS} Updates, each running one no-op activity), ${opts.concurrency} in flight`);
  const floor = await floorRun(system, opts.cases, opts.concurrency, opts.warmup);
  log(`  ${round(floor.perSecond)} workflows/s, CPU per workflow ${JSON.stringify(floor.cpu)}`);
  const ratio = casesPerSecond / floor.perSecond;
  const details = {
    cases: opts.cases,
    concurrency: opts.concurrency,
    completed: cases.completed,
    failures: cases.failures.length,
    firstFailures: cases.failures.slice(0, 5),
    seconds: round(cases.seconds, 1),
    stepsMs: stepTable(cases.timings),
    cpuSecondsPerCase: cases.cpu,
    floorCpuSecondsPerWorkflow: floor.cpu,
    cpuNote: 'net of each process’s idle use (measured over 5 quiet seconds before the run); gross beside it',
    grossCpuSecondsPerCase: cases.grossCpu,
    grossFloorCpuSecondsPerWorkflow: floor.grossCpu,
    idleCpuPerSecond: Object.fromEntries(Object.entries(cases.idle).map(([k, v]) => [k, round(v, 3)])),
  };
  return [
    { scenario: 'case throughput', metric: 'cases/s', figure: round(casesPerSecond), floor: round(floor.perSecond), ratio: round(ratio), target: 'ratio ≥ 0.6', met: ratio >= 0.6 && cases.failures.length === 0, better: 'higher', details },
    { scenario: 'case CPU', metric: 'CPU s per case (all processes)', figure: cases.cpu.total, floor: floor.cpu.total, ratio: round(cases.cpu.total / floor.cpu.total), target: '≤ 0.5 CPU s', met: cases.cpu.total <= 0.5, better: 'lower', details: { perProcess: cases.cpu, floorPerProcess: floor.cpu } },
  ];
}

export async function steadyLatency(system: RunningSystem, opts: { perSecond: number; durationSeconds: number }): Promise<BenchEntry[]> {
  const total = Math.round(opts.perSecond * opts.durationSeconds);
  log(`steady load: ${opts.perSecond} new case/s for ${opts.durationSeconds} s (${total} cases)`);
  const driver = await caseDriver(system, 50);
  const timings = newTimings();
  const failures: string[] = [];
  try {
    const t0 = performance.now();
    const running: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / opts.perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      running.push(
        driver.runCase(timings).then(
          () => undefined,
          (err: Error) => void failures.push(err.message),
        ),
      );
    }
    await Promise.all(running);
  } finally {
    await driver.close();
  }
  const steps = stepTable(timings);
  // The list entry is written by the workflow after the reply to the decision's service: not a step a user waits on.
  const worst = Math.max(...STEPS.filter((s) => s !== 'listed').map((s) => steps[s].p99));
  log(`  worst step p99 ${round(worst, 1)} ms; ${failures.length} failed`);
  return [
    {
      scenario: 'latency at 1 case/s',
      metric: 'worst step p99, ms',
      figure: round(worst, 1),
      floor: null,
      ratio: null,
      target: 'every step p99 < 300 ms',
      met: worst < 300 && failures.length === 0,
      better: 'lower',
      details: { cases: total, durationSeconds: opts.durationSeconds, failures: failures.length, firstFailures: failures.slice(0, 5), stepsMs: steps },
    },
  ];
}

/**
 * Worker memory: open inclusion cases waiting on their windows (registered, started, the notice served, so each
 * workflow waits on its 5-working-day window), created through the API on the system as `npm start` runs it, while
 * the resident memory of its API+worker process is sampled. The worker keeps up to `maxCachedWorkflows` workflows
 * in memory (the SDK's default, from the heap limit): past that, a case is evicted and replayed when it next has
 * work, so memory stops growing there. Also reported: the size of one case's history and of the calendar in it.
 */
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { WORKER_NODE_FLAGS, loadConfig } from '../lib/config';
import { caseDriver, newTimings } from './cases';
import { type BenchEntry, inFlight, log, memoryMiB, percentiles, round } from './lib';
import { startSystem } from './system';

/** The worker's cache: WORKER_MAX_CACHED_WORKFLOWS as the service reads it, beside the SDK's default on its heap limit. */
function cacheSettings() {
  const heapLimitMiB = Number(execFileSync(process.execPath, [...WORKER_NODE_FLAGS, '-p', "require('v8').getHeapStatistics().heap_size_limit / 2 ** 20"]).toString());
  const sdkDefault = Math.max(Math.floor((Math.max(heapLimitMiB - 200, 0) * 600) / 1024), 10); // worker-options.js, reused V8 context
  return { maxCachedWorkflows: loadConfig().workerMaxCachedWorkflows ?? sdkDefault, sdkDefault, heapLimitMiB: Math.round(heapLimitMiB), nodeFlags: WORKER_NODE_FLAGS };
}

export async function workerMemory(opts: { openCases: number; concurrency: number }): Promise<BenchEntry[]> {
  const system = await startSystem();
  try {
    const pid = system.pids.service;
    const driver = await caseDriver(system, opts.concurrency + 2);
    const timings = newTimings();
    const ids: string[] = [];
    let failures = 0;
    const before = memoryMiB(pid);
    let peak = before;
    const samples: Array<[number, number]> = [];
    const sampler = setInterval(() => {
      const rss = memoryMiB(pid);
      peak = Math.max(peak, rss);
      samples.push([ids.length, rss]);
    }, 250);
    log(`worker memory: ${opts.openCases} open cases, ${opts.concurrency} in flight; RSS before ${round(before, 0)} MiB`);
    const t0 = performance.now();
    let reported = 0;
    await inFlight(opts.openCases, opts.concurrency, async () => {
      try {
        ids.push(await driver.runCase(timings, { open: true }));
      } catch {
        failures++;
      }
      if (ids.length - reported >= Math.max(100, opts.openCases / 20)) {
        reported = ids.length;
        log(`  ${ids.length} open, RSS ${round(memoryMiB(pid), 0)} MiB, ${round(ids.length / ((performance.now() - t0) / 1000), 1)} cases/s`);
      }
    });
    await new Promise((r) => setTimeout(r, 2000)); // let the last tasks settle
    clearInterval(sampler);
    const after = memoryMiB(pid);
    const hwm = memoryMiB(pid, 'VmHWM');
    await driver.close();

    // One case's history: how many events and bytes, and how much of it is the calendar.
    const connection = await Connection.connect({ address: system.temporalAddress });
    let history: Record<string, number> = {};
    try {
      const h = await new Client({ connection }).workflow.getHandle(ids[0]).fetchHistory();
      const events = h.events ?? [];
      let bytes = 0;
      let calendarBytes = 0;
      for (const e of events) {
        for (const p of [
          ...(e.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
          ...(e.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
          ...(e.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
          ...(e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads ?? []),
        ]) {
          const data = Buffer.from(p.data ?? []);
          bytes += data.length;
          const m = /"calendar":(\{"version":\d+,"overrides":\{[^}]*\}(,"provisionalYears":\[[^\]]*\])?\})/.exec(data.toString('utf8'));
          if (m) calendarBytes += m[1].length;
        }
      }
      history = { events: events.length, payloadBytes: bytes, calendarBytes };
    } finally {
      await connection.close();
    }
    const cache = cacheSettings();
    const perCase = ids.length ? (after - before) / Math.min(ids.length, cache.maxCachedWorkflows) : NaN;
    log(`  ${ids.length} open (${failures} failed): RSS ${round(after, 0)} MiB, peak ${round(peak, 0)} MiB (VmHWM ${round(hwm, 0)}); history ${JSON.stringify(history)}`);
    return [
      {
        scenario: 'worker memory',
        metric: `peak RSS MiB, ${ids.length} open cases`,
        figure: round(peak, 0),
        floor: round(before, 0),
        ratio: null,
        target: '< 1024 MiB with 10,000 open cases',
        met: opts.openCases >= 10_000 ? peak < 1024 && failures === 0 : null,
        better: 'lower',
        details: {
          process: 'API+worker (npm start runs both in one process)',
          openCases: ids.length,
          failures,
          rssBeforeMiB: round(before, 0),
          rssAfterMiB: round(after, 0),
          vmHwmMiB: round(hwm, 0),
          kibPerCachedCase: round(perCase * 1024, 1),
          cache: { ...cache, reuseV8Context: true },
          history,
          startMs: (({ p50, p99 }) => ({ p50: round(p50, 0), p99: round(p99, 0) }))(percentiles(timings.start)),
          rssCurve: samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 20)) === 0).map(([n, r]) => [n, round(r, 0)]),
        },
      },
    ];
  } finally {
    await system.stop();
  }
}

/**
 * What the benchmarks share: the entry every scenario reports, percentiles, and what the processes used, read
 * from /proc (Linux): CPU time is much steadier than wall time on a shared machine, and it is per process.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import os from 'node:os';

/** One line of the results table: a figure, the floor it is measured against, and the target for the ratio. */
export interface BenchEntry {
  scenario: string;
  /** What the figure is, e.g. "cases/s". */
  metric: string;
  figure: number;
  /** The same work done the simplest way on the same servers in the same run; null when there is none. */
  floor: number | null;
  /** figure ÷ floor for rates (higher is better), figure ÷ floor for times (lower is better): see `better`. */
  ratio: number | null;
  /** The target, as text (e.g. "ratio ≥ 0.6"), and whether this run met it (null: not decided by this entry). */
  target: string;
  met: boolean | null;
  better: 'higher' | 'lower';
  /** Anything else worth keeping: per-step latencies, CPU per process, settings. */
  details?: Record<string, unknown>;
}

export const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

export function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** User + system CPU seconds of a process; with `children`, also what its exited, waited-for children used. */
export function cpuSeconds(pid: number, children = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // Fields after the name: state is [0], utime [11], stime [12], cutime [13], cstime [14], in clock ticks.
    const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / 100;
  } catch {
    return 0; // gone
  }
}

function parentOf(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The live children of a process. */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => parentOf(p) === pid);
}

/**
 * CPU seconds of a server made of processes, like PostgreSQL (a postmaster and a backend per connection): the
 * postmaster, its live children, and the children that have exited. Only grows, so differences are meaningful.
 */
export function treeCpuSeconds(pid: number): number {
  return cpuSeconds(pid, true) + childrenOf(pid).reduce((sum, child) => sum + cpuSeconds(child, true), 0);
}

/** Resident memory of a process in MiB: `VmRSS` now, `VmHWM` its peak since it started. */
export function memoryMiB(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}

/** The process listening on a local TCP port (found through its socket's inode), or undefined. */
export function pidListeningOn(port: number): number | undefined {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT", st 0A is LISTEN, inode is the 10th column.
      if (cols.length > 9 && cols[1].endsWith(`:${hex}`) && cols[3] === '0A') inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const dir of readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${dir}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${dir}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(dir);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** The machine and the code the figures belong to. */
export function machine() {
  let commit = 'unknown';
  let dirty = false;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    // not a git checkout
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => round(l, 1)),
    commit,
    dirty,
  };
}

/** Runs `work` with `concurrency` of them in flight until `n` have been started; resolves when all are done. */
export async function inFlight(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, lane));
}

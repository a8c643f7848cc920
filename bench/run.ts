/**
 * `npm run bench [-- <scenario>…] [--cases 300] [--concurrency 20] [--duration 120] [--open-cases 10000] …`
 *
 * Runs the benchmarks (all, or the scenarios named), each beside its floor, and writes
 * `bench/results/<date>.json` (one entry per figure, with the machine and the commit) and `bench/results/<date>.md`,
 * and puts the table into bench/README.md. The scenarios that need the whole system start it as `npm start` does
 * (bench/system.ts); the others start the servers they need themselves.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { steadyLatency, throughput } from './cases';
import { documents } from './documents';
import { type BenchEntry, log, machine } from './lib';
import { bench as listChecks } from './list-checks';
import { workerMemory } from './memory';
import { bench as overdueList } from './supervision-overdue';
import { startSystem, type RunningSystem } from './system';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    cases: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '10' },
    duration: { type: 'string', default: '120' },
    rate: { type: 'string', default: '1' },
    'open-cases': { type: 'string', default: '10000' },
    documents: { type: 'string', default: '40' },
    'overdue-cases': { type: 'string', default: '1000000' },
    'overdue-requests': { type: 'string', default: '1000' },
    'list-seconds': { type: 'string', default: '20' },
    'no-write': { type: 'boolean', default: false },
  },
});
const num = (name: keyof typeof values) => Number(values[name]);

interface Scenario {
  name: string;
  /** Whether it runs on the whole system started as `npm start` does (shared by the scenarios that do). */
  system?: boolean;
  run(system: RunningSystem | undefined): Promise<BenchEntry[]>;
}

const SCENARIOS: Scenario[] = [
  { name: 'throughput', system: true, run: (s) => throughput(s!, { cases: num('cases'), concurrency: num('concurrency'), warmup: num('warmup') }) },
  { name: 'latency', system: true, run: (s) => steadyLatency(s!, { perSecond: num('rate'), durationSeconds: num('duration') }) },
  { name: 'documents', run: () => documents({ iterations: num('documents') }) },
  { name: 'memory', run: () => workerMemory({ openCases: num('open-cases'), concurrency: num('concurrency') }) },
  { name: 'overdue', run: () => overdueList(['--cases', values['overdue-cases']!, '--requests', values['overdue-requests']!]) },
  {
    name: 'expiry',
    run: () => {
      // The sweep's script reads its options from the environment: the default batch and 3 agencies unless set.
      process.env.BATCH_SIZES ??= '20000';
      process.env.AGENCY_VARIANTS ??= '';
      return import('./expiry-sweep').then((m) => m.bench());
    },
  },
  { name: 'list-checks', run: () => listChecks(['--seconds', values['list-seconds']!]) },
];

function table(entries: BenchEntry[]): string {
  const fmt = (n: number | null) => (n === null ? '' : n.toLocaleString('en', { maximumFractionDigits: 3 }));
  const lines = ['| scenario | metric | figure | floor | ratio | target | met |', '|---|---|---:|---:|---:|---|---|'];
  for (const e of entries) lines.push(`| ${e.scenario} | ${e.metric} | ${fmt(e.figure)} | ${fmt(e.floor)} | ${fmt(e.ratio)} | ${e.target} | ${e.met === null ? '' : e.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

/**
 * The rows of the table in place that this run did not measure (a run of some scenarios keeps the others' latest
 * figures), each marked with the date of its run.
 */
function earlierRows(block: string, entries: BenchEntry[]): string[] {
  const runOf = /Run of (\d{4}-\d\d-\d\d \d\d:\d\d) UTC/.exec(block)?.[1];
  const measured = new Set(entries.map((e) => e.scenario));
  return block
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| scenario |'))
    .filter((line) => !measured.has(line.split(' | ')[0].slice(2).replace(/ \(run of [^)]*\)$/, '')))
    .map((line) => (/ \(run of [^)]*\) \|/.test(line) || !runOf ? line : line.replace(/^\| ([^|]*?) \|/, `| $1 (run of ${runOf}) |`)));
}

/** Writes the results so far (after every scenario, so a run cut short keeps what it measured). */
async function write(started: Date, before: ReturnType<typeof machine>, scenarios: string[], entries: BenchEntry[]): Promise<void> {
  const result = { startedAt: started.toISOString(), writtenAt: new Date().toISOString(), machine: { ...before, loadAverageAtEnd: machine().loadAverage }, options: values, scenarios, entries };
  const md = table(entries);
  const dir = path.join(__dirname, 'results');
  await fs.mkdir(dir, { recursive: true });
  const stamp = started.toISOString().slice(0, 16).replace(':', '');
  await fs.writeFile(path.join(dir, `${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const heading = `Run of ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${before.commit.slice(0, 10)}${before.dirty ? ' (uncommitted changes)' : ''}, ${before.cpus} CPUs, load average ${before.loadAverage.join(' ')} at the start and ${result.machine.loadAverageAtEnd.join(' ')} at the end; scenarios: ${scenarios.join(', ')}.`;
  await fs.writeFile(path.join(dir, `${stamp}.md`), `${heading}\n\n${md}\n`);
  const readme = path.join(__dirname, 'README.md');
  const text = await fs.readFile(readme, 'utf8');
  const start = '<!-- latest results: written by npm run bench -->';
  const end = '<!-- end of latest results -->';
  const block = `${start}\n${heading} (\`bench/results/${stamp}.json\`)\n\n${md}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  const kept = i >= 0 && j > i ? earlierRows(text.slice(i, j), entries) : [];
  const all = kept.length ? `${start}\n${heading} (\`bench/results/${stamp}.json\`) Rows marked with another run's date are the latest of the scenarios this run did not measure.\n\n${md}\n${kept.join('\n')}\n${end}` : block;
  await fs.writeFile(readme, i >= 0 && j > i ? text.slice(0, i) + all + text.slice(j + end.length) : text.replace(/\n/, `\n\n${block}\n`));
  log(`results in bench/results/${stamp}.json and .md; bench/README.md updated`);
}

async function main() {
  const unknown = positionals.filter((p) => !SCENARIOS.some((s) => s.name === p));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}: choose from ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const chosen = positionals.length ? SCENARIOS.filter((s) => positionals.includes(s.name)) : SCENARIOS;
  const started = new Date();
  const before = machine();
  const entries: BenchEntry[] = [];
  const done: string[] = [];
  let system: RunningSystem | undefined;
  try {
    for (const scenario of chosen) {
      if (scenario.system) system ??= await startSystem();
      else if (system) {
        // The scenarios on their own servers run with the machine to themselves.
        await system.stop();
        system = undefined;
      }
      log(`— ${scenario.name} —`);
      entries.push(...(await scenario.run(system)));
      done.push(scenario.name);
      if (!values['no-write']) await write(started, before, done, entries);
    }
  } finally {
    await system?.stop();
  }
  console.log(`\n${table(entries)}\n`);
  for (const e of entries) if (e.details) console.log(`${e.scenario}: ${JSON.stringify(e.details)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

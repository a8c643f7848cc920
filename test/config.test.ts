/** The worker's Node flags are the same wherever a worker is started (lib/config.ts `WORKER_NODE_FLAGS`). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WORKER_NODE_FLAGS } from '../lib/config';

const scripts = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).scripts as Record<string, string>;

test.each(['start', 'worker'])('npm run %s starts its worker with the bounded heap', (name) => {
  expect(scripts[name].split(' ').slice(1, 1 + WORKER_NODE_FLAGS.length)).toEqual(WORKER_NODE_FLAGS);
});

test('the flags bound the heap, and with it the SDK’s default cache of running cases', () => {
  const oldSpaceMiB = Number(/--max-old-space-size=(\d+)/.exec(WORKER_NODE_FLAGS.join(' '))?.[1]);
  const heapMiB = Number(execFileSync(process.execPath, [...WORKER_NODE_FLAGS, '-p', "require('v8').getHeapStatistics().heap_size_limit / 2 ** 20"]).toString());
  expect(heapMiB).toBeGreaterThanOrEqual(oldSpaceMiB);
  expect(heapMiB).toBeLessThan(oldSpaceMiB + 100); // and the young generation
});

/**
 * The orchestration floor (issue 13): the least a case's shape costs Temporal. A workflow started like a case, that
 * takes 5 Updates, each running one no-op activity, then ends. Bundled by its own worker on its own task queue
 * (bench/floor/worker.ts); nothing of it is in the production workflows.
 */
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { FloorActivities } from './activities';

export const floorStepUpdate = defineUpdate<number, [number]>('floorStep');
export const FLOOR_STEPS = 5;

const { noop } = proxyActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });

export async function floorWorkflow(): Promise<number> {
  let steps = 0;
  setHandler(floorStepUpdate, async (n) => {
    await noop(n);
    return ++steps;
  });
  await condition(() => steps >= FLOOR_STEPS);
  return steps;
}

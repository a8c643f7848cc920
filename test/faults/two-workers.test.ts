/**
 * Two workers on the same task queue all along, one of them stopped and started again halfway: activities and
 * workflow tasks go to either, and every case still ends once.
 */
import { faultScenario, SCALE } from './flow';

faultScenario('two workers at once', { workers: 2 }, async (stack, flow) => {
  await flow.started(Math.ceil(SCALE.cases * 0.5));
  await stack.workers[1].kill('SIGTERM');
  await stack.startWorker(1);
  return 1;
});

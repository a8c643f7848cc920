/**
 * The worker killed with SIGKILL while cases flow (activities under way), twice, and started again: every case
 * ends as it should, nothing twice. An activity the dead worker held is retried after its start-to-close timeout.
 */
import { faultScenario, SCALE } from './flow';
import { sleep } from './stack';

faultScenario('the worker killed with SIGKILL mid-activity and restarted', {}, async (stack, flow) => {
  let faults = 0;
  for (const at of [0.3, 0.7]) {
    await flow.started(Math.ceil(SCALE.cases * at));
    await stack.workers[0].kill('SIGKILL');
    faults++;
    await sleep(2000);
    await stack.startWorker(0);
  }
  return faults;
});

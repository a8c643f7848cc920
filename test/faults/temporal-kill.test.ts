/**
 * The Temporal dev server killed with SIGKILL while cases flow, and started again on its SQLite file: the worker
 * and the API reconnect, and every case ends once.
 */
import { faultScenario, SCALE } from './flow';
import { sleep } from './stack';

faultScenario('the Temporal dev server killed and restarted on its data file', {}, async (stack, flow) => {
  await flow.started(Math.ceil(SCALE.cases * 0.4));
  await stack.temporal.kill();
  await sleep(3000);
  await stack.restartTemporal();
  return 1;
});

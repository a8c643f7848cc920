/**
 * The API killed with SIGKILL while requests are under way, twice, and started again: clients retry what got no
 * answer with the same Idempotency-Key (a request whose process died is taken over once its key is abandoned,
 * after a minute), and every case ends once.
 */
import { faultScenario, SCALE } from './flow';
import { sleep } from './stack';

faultScenario('the API killed with SIGKILL mid-request, clients retrying with their Idempotency-Key', {}, async (stack, flow) => {
  let faults = 0;
  for (const at of [0.3, 0.7]) {
    await flow.started(Math.ceil(SCALE.cases * at));
    await stack.api.kill('SIGKILL');
    faults++;
    await sleep(1000);
    await stack.startApi();
  }
  return faults;
});

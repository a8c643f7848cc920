/**
 * PostgreSQL stopped for 20 s while cases flow, then started again on its data directory: the API answers 5xx
 * meanwhile (clients retry), activities are retried with backoff, and every case ends once.
 */
import { faultScenario, SCALE } from './flow';
import { sleep } from './stack';

faultScenario('PostgreSQL stopped for 20 s and started', { ownPostgres: true }, async (stack, flow) => {
  await flow.started(Math.ceil(SCALE.cases * 0.4));
  await stack.stopPostgres();
  await sleep(20_000);
  await stack.startPostgres();
  return 1;
});

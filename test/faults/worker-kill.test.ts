/**
 * The worker killed with SIGKILL while cases flow (activities under way) and started again: every case ends as
 * it should, nothing twice. A task the dead worker held is taken up again after its timeout.
 */
import { check, personalDataIn, registerAgency, report, SCALE, startFlow } from './flow';
import { sleep, startStack, type Stack } from './stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

test('the worker killed mid-activity and restarted', async () => {
  const agencyId = await registerAgency(stack.url);
  const flow = await startFlow(stack.url, { ...SCALE, agencyId });
  let faults = 0;
  for (const at of [0.3, 0.7]) {
    await flow.started(Math.ceil(SCALE.cases * at));
    await stack.workers[0].kill('SIGKILL');
    faults++;
    await sleep(2000);
    await stack.startWorker(0);
  }
  await flow.finished;
  const outcome = await check(stack.db, flow.runs, agencyId, faults);
  report('worker killed with SIGKILL', outcome);
  expect(outcome).toMatchObject({ lost: 0, duplicated: 0 });
  expect(personalDataIn(stack.logs(), flow.runs)).toEqual([]);
});

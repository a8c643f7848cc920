/**
 * Running cases must survive deploys: the committed history of a whole inclusion case (recorded by
 * `RECORD_HISTORIES=1 npx jest test/inclusion.timeskip.test.ts -t "no statement"`) replays against the current
 * workflow code without a non-determinism error. A change to the order of steps belongs behind patched().
 */
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { workflowBundle } from './helpers/temporal';

const history = temporal.api.history.v1.History.decode(readFileSync(path.join(__dirname, 'histories', 'inclusion-listed-then-removed.binpb')));

test('the committed history of an inclusion case (notice to removal) replays on the current code', async () => {
  expect(history.events.length).toBeGreaterThan(50);
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history)).resolves.toBeUndefined();
});

test('a workflow whose steps changed without patched() is caught', async () => {
  const changed = await bundleWorkflowCode({ workflowsPath: require.resolve('./fixtures/reordered-inclusion'), logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never });
  await expect(Worker.runReplayHistory({ workflowBundle: changed }, history)).rejects.toThrow(/[Nn]ondetermin/);
});

/**
 * Running cases must survive deploys: the committed histories of whole cases (one per process, recorded with
 * `RECORD_HISTORIES=1 npx jest test/*.timeskip.test.ts`) replay against the current workflow code without a
 * non-determinism error. A change to the order of steps belongs behind patched(); the histories recorded before it stay, in a folder named for the patch.
 */
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { workflowBundle } from './helpers/temporal';

const dir = path.join(__dirname, 'histories');
const load = (file: string) => temporal.api.history.v1.History.decode(readFileSync(path.join(dir, file)));
// The current code's histories, and in a folder each those of an earlier shape of the workflows that cases may
// still be running on (before-one-activity-per-step/, before-local-step-commit/).
const histories = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.binpb')).sort();

test('there is a committed history for every case workflow, as recorded now and before each patch', () => {
  const current = histories.filter((f) => !f.includes(path.sep)).map((f) => f.split('-')[0]);
  expect(current).toEqual(expect.arrayContaining(['inclusion', 'objection', 'revocation', 'repair']));
  for (const patch of ['one-activity-per-step', 'local-step-commit']) expect(histories.filter((f) => f.startsWith(`before-${patch}${path.sep}`))).toHaveLength(4);
});

test.each(histories)('%s replays on the current code', async (file) => {
  const history = load(file);
  expect(history.events.length).toBeGreaterThan(10);
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history)).resolves.toBeUndefined();
});

test('a workflow whose steps changed without patched() is caught', async () => {
  const changed = await bundleWorkflowCode({ workflowsPath: require.resolve('./fixtures/reordered-inclusion'), logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never });
  await expect(Worker.runReplayHistory({ workflowBundle: changed }, load('inclusion-listed-then-removed.binpb'))).rejects.toThrow(/[Nn]ondetermin/);
});

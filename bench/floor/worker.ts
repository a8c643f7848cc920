/**
 * The floor's worker, in its own process like the service's (so its CPU is its own):
 *   TEMPORAL_ADDRESS=… node --import tsx bench/floor/worker.ts
 * Prints "floor worker running" once it polls its task queue (`bench-floor`).
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { floorActivities } from './activities';

export const FLOOR_TASK_QUEUE = 'bench-floor';

async function main() {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({ connection, taskQueue: FLOOR_TASK_QUEUE, workflowsPath: require.resolve('./workflow'), activities: floorActivities });
  const running = worker.run();
  process.stdout.write('floor worker running\n');
  process.once('SIGTERM', () => worker.shutdown());
  await running;
  await connection.close();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

/**
 * Temporal Schedules the worker keeps in place. Created idempotently at worker start: a second worker (or a
 * restart) finds the schedule and leaves it as it is.
 */
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { EXPIRY_SCHEDULE_ID, EXPIRY_WORKFLOW_ID, type ExpirySweepInput } from '../shared/expiry';

/**
 * The daily expiry sweep (DOMAIN.md §4.5), at 00:30 in Asia/Shanghai: the first sweep of a day stops what ended
 * the day before. A run still going when the next is due is not doubled (overlap SKIP); a missed run is taken
 * when the server comes back within a day.
 */
export async function ensureExpirySchedule(
  client: Client,
  opts: { taskQueue: string; scheduleId?: string; input?: ExpirySweepInput },
): Promise<'created' | 'existing'> {
  const scheduleId = opts.scheduleId ?? EXPIRY_SCHEDULE_ID;
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ hour: 0, minute: 30 }], timezone: 'Asia/Shanghai' },
      action: {
        type: 'startWorkflow',
        workflowType: 'expirySweep',
        args: [opts.input ?? {}],
        taskQueue: opts.taskQueue,
        workflowId: scheduleId === EXPIRY_SCHEDULE_ID ? EXPIRY_WORKFLOW_ID : scheduleId,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'existing';
    throw err;
  }
}

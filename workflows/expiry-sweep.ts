/**
 * Publicity and retention expiry at scale (DOMAIN.md §4.5; JS Art 41, 67), started daily by the `expiry-sweep`
 * Schedule: batch after batch until none is left, for each kind in turn. Each batch is one transaction in one
 * activity, so a sweep stopped at any point and run again finishes the job with nothing done twice. It continues
 * as new every so many batches so that its history stays small.
 */
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ExpiryActivities } from '../activities/expiry-activities';
import { shanghaiDate } from '../shared/calendar';
import {
  DEFAULT_BATCHES_PER_RUN,
  DEFAULT_SWEEP_BATCH_SIZE,
  type ExpirySweepInput,
  SWEEP_KINDS,
  type SweepTotals,
} from '../shared/expiry';

const sweep = proxyActivities<ExpiryActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function expirySweep(input: ExpirySweepInput = {}): Promise<SweepTotals> {
  const today = input.today ?? shanghaiDate(Date.now());
  const batchSize = input.batchSize ?? DEFAULT_SWEEP_BATCH_SIZE;
  const batchesPerRun = input.batchesPerRun ?? DEFAULT_BATCHES_PER_RUN;
  const totals: SweepTotals = input.totals ?? { list_term: 0, publicity: 0, retention: 0 };
  let kindIndex = input.kindIndex ?? 0;
  let batches = 0;
  while (kindIndex < SWEEP_KINDS.length) {
    const kind = SWEEP_KINDS[kindIndex];
    const changed = await sweep.sweepBatch({ today, kind, batchSize });
    totals[kind] += changed;
    batches++;
    if (changed === 0) kindIndex++;
    else if (batches >= batchesPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof expirySweep>({ ...input, today, kindIndex, totals, runs: (input.runs ?? 1) + 1 });
    }
  }
  return totals;
}

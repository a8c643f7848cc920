/**
 * Publicity and retention expiry at scale (DOMAIN.md §4.5; JS Art 41, 67): the sweep's kinds, input and totals,
 * and when a stop-use notice to an agency is due. Shared by the workflow, the activities, the worker and the
 * tests. Workflow-safe.
 */
import { type CalendarSnapshot, type IsoDate, addWorkingDays, endOfDay, toShanghaiIso } from './calendar';
import type { TimeLimits } from './time-limits';

/** In this order: an entry leaving the list stops its record, whose retention may then end in the same run. */
export const SWEEP_KINDS = ['list_term', 'publicity', 'retention'] as const;
export type SweepKind = (typeof SWEEP_KINDS)[number];

export const EXPIRY_SCHEDULE_ID = 'expiry-sweep';
export const EXPIRY_WORKFLOW_ID = 'expiry-sweep';
/** Tuned with bench/expiry-sweep.ts. */
export const DEFAULT_SWEEP_BATCH_SIZE = 20_000;
/** Batches per run before continuing as new, so the history stays small. */
export const DEFAULT_BATCHES_PER_RUN = 100;

export interface SweepBatchInput {
  /** The day the sweep runs for: ended means the last day of the period is before it. */
  today: IsoDate;
  kind: SweepKind;
  batchSize: number;
}

export type SweepTotals = Record<SweepKind, number>;

export interface ExpirySweepInput {
  /** Default: the workflow's start day in Asia/Shanghai (the same through continue-as-new). */
  today?: IsoDate;
  batchSize?: number;
  batchesPerRun?: number;
  /** Where a continued run picks up. */
  kindIndex?: number;
  totals?: SweepTotals;
  runs?: number;
}

/** 24:00 of the last working day an agency has to acknowledge a notice created on `createdOn` (JS Art 67). */
export function agencyNoticeDueAt(createdOn: IsoDate, calendar: CalendarSnapshot, limits: TimeLimits): string {
  return toShanghaiIso(endOfDay(addWorkingDays(createdOn, limits.agencyNotice.acknowledgeWorkingDays, calendar)));
}

/**
 * A legal deadline as a case carries it (DOMAIN.md §3): how it was computed, where it stands, and why it moved.
 * Pure functions over plain data, used by the workflow-side machinery (workflows/deadline.ts) and the projection.
 */
import {
  type CalendarSnapshot,
  type IsoDate,
  addWorkingDays,
  endOfDay,
  provisionalPart,
  shanghaiDate,
  toShanghaiIso,
  workingDaysBetween,
} from './calendar';

export type DeadlineState = 'pending' | 'due_soon' | 'overdue' | 'met' | 'suspended' | 'cancelled';

export interface DeadlineMove {
  at: string;
  reason: string;
  fromDueDate: IsoDate;
  toDueDate: IsoDate;
}

export interface Deadline {
  /** Stable within the case: `statement_window`, `verification-1`, … */
  id: string;
  kind: string;
  /** The event the period counts from, and when it happened. */
  startsFrom: { event: string; at: string };
  startDate: IsoDate;
  /** The time-limit key, e.g. `inclusion.statementWindowWorkingDays`, and the configuration version. */
  rule: string;
  timeLimitsVersion: number;
  workingDays: number;
  /** Handling deadlines remind and escalate; a party's window (e.g. to object) just ends. */
  escalates: boolean;
  extension?: { workingDays: number; reason: string; by: string; at: string };
  /** Working days suspended so far (added back), and the open suspension if any. */
  suspendedWorkingDays: number;
  suspendedSince?: { at: string; reason: string };
  calendarVersion: number;
  /**
   * Set when the period counts over days of a year whose arrangement is not published yet (DOMAIN.md §3): the
   * due date may move when it is. Supervisors see every running deadline that has it.
   */
  provisional?: { years: number[]; daysOff: IsoDate[] };
  reminderPercent: number;
  dueDate: IsoDate;
  dueAt: string;
  remindAt?: string;
  state: DeadlineState;
  remindedAt?: string;
  overdueAt?: string;
  metAt?: string;
  handler?: string;
  moves: DeadlineMove[];
}

export interface DeadlineSpec {
  id: string;
  kind: string;
  startsFrom: { event: string; at: number };
  rule: string;
  timeLimitsVersion: number;
  workingDays: number;
  escalates: boolean;
  reminderPercent: number;
  handler?: string;
}

/** The working day after which the reminder goes out, or none when the period is too short for one. */
function reminderDay(totalWorkingDays: number, percent: number): number | undefined {
  const day = Math.floor((totalWorkingDays * percent) / 100);
  return day >= 1 && day < totalWorkingDays ? day : undefined;
}

/** Due date, due instant and reminder instant from the deadline's inputs and the calendar. */
function schedule(d: Omit<Deadline, 'dueDate' | 'dueAt' | 'remindAt' | 'provisional'>, calendar: CalendarSnapshot) {
  const total = d.workingDays + (d.extension?.workingDays ?? 0) + d.suspendedWorkingDays;
  const dueDate = addWorkingDays(d.startDate, total, calendar);
  const remind = d.escalates ? reminderDay(total, d.reminderPercent) : undefined;
  return {
    dueDate,
    dueAt: toShanghaiIso(endOfDay(dueDate)),
    provisional: provisionalPart(d.startDate, dueDate, calendar),
    remindAt: remind === undefined ? undefined : toShanghaiIso(endOfDay(addWorkingDays(d.startDate, remind, calendar))),
  };
}

export function openDeadline(spec: DeadlineSpec, calendar: CalendarSnapshot): Deadline {
  const base = {
    id: spec.id,
    kind: spec.kind,
    startsFrom: { event: spec.startsFrom.event, at: toShanghaiIso(spec.startsFrom.at) },
    startDate: shanghaiDate(spec.startsFrom.at),
    rule: spec.rule,
    timeLimitsVersion: spec.timeLimitsVersion,
    workingDays: spec.workingDays,
    escalates: spec.escalates,
    suspendedWorkingDays: 0,
    calendarVersion: calendar.version,
    reminderPercent: spec.reminderPercent,
    state: 'pending' as DeadlineState,
    handler: spec.handler,
    moves: [],
  };
  return { ...base, ...schedule(base, calendar) };
}

/** Recompute the schedule after a change of inputs or calendar; records the move if the due date changed. */
export function reschedule(d: Deadline, calendar: CalendarSnapshot, reason: string, nowMs: number): Deadline {
  const next = { ...d, calendarVersion: calendar.version, ...schedule(d, calendar) };
  if (next.dueDate !== d.dueDate) {
    next.moves = [...d.moves, { at: toShanghaiIso(nowMs), reason, fromDueDate: d.dueDate, toDueDate: next.dueDate }];
    // A deadline moved past now is no longer overdue; one moved before the reminder time is due soon again.
    if (d.state === 'overdue' && Date.parse(next.dueAt) > nowMs) next.state = 'pending';
  }
  if (next.state === 'due_soon' && next.remindAt && Date.parse(next.remindAt) > nowMs) next.state = 'pending';
  return next;
}

export function suspend(d: Deadline, reason: string, nowMs: number): Deadline {
  if (d.suspendedSince) return d;
  return { ...d, state: 'suspended', suspendedSince: { at: toShanghaiIso(nowMs), reason } };
}

export function resume(d: Deadline, calendar: CalendarSnapshot, nowMs: number): Deadline {
  if (!d.suspendedSince) return d;
  const days = workingDaysBetween(shanghaiDate(Date.parse(d.suspendedSince.at)), shanghaiDate(nowMs), calendar);
  const resumed: Deadline = {
    ...d,
    suspendedWorkingDays: d.suspendedWorkingDays + days,
    suspendedSince: undefined,
    state: d.overdueAt ? 'overdue' : d.remindedAt ? 'due_soon' : 'pending',
  };
  return reschedule(resumed, calendar, `resumed after ${days} suspended working day(s): ${d.suspendedSince.reason}`, nowMs);
}

export function extend(
  d: Deadline,
  ext: { workingDays: number; reason: string; by: string },
  calendar: CalendarSnapshot,
  nowMs: number,
): Deadline {
  const extended = { ...d, extension: { ...ext, at: toShanghaiIso(nowMs) } };
  return reschedule(extended, calendar, `extended by ${ext.workingDays} working day(s): ${ext.reason}`, nowMs);
}

export function isOpen(d: Deadline): boolean {
  return d.state !== 'met' && d.state !== 'cancelled';
}

/** Whether the period has ended at `nowMs` (a submission at 23:59 of the last day is in time). */
export function hasEnded(d: Deadline, nowMs: number): boolean {
  return nowMs >= Date.parse(d.dueAt);
}

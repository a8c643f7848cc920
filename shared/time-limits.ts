/**
 * The legal time limits of DOMAIN.md §3. They are configuration: versioned in the `time_limits` table, and each
 * case keeps the version it started with. These are the defaults the table is seeded with.
 */
import type { ListField } from './domain';

export interface TimeLimits {
  /** A reminder goes to the handler when this share of a deadline's working days has passed. */
  reminderPercent: number;
  inclusion: {
    statementWindowWorkingDays: number;
    verificationWorkingDays: number;
    /** JS Art 30-31: serious information stays on the list 1-3 years; a field may set its own term. */
    listTermYears: number;
    listTermYearsByField: Partial<Record<ListField, number>>;
    earlyRemovalAfterYears: number;
    /** JS Art 71: relief printed on every decision. */
    reconsiderationDays: number;
    lawsuitMonths: number;
  };
  /** Counted from the basis document's effective date; `minor` records are not publicised. */
  publicity: {
    general: { minimumMonths: number; maximumMonths: number };
    serious: { minimumMonths: number; maximumMonths: number };
  };
  retentionYears: number;
  objection: { acceptanceWorkingDays: number; verificationWorkingDays: number; maxExtensionWorkingDays: number };
  revocation: { notifyWorkingDays: number; changeWorkingDays: number };
  repair: { decisionWorkingDays: number; maxExtensionWorkingDays: number };
  agencyNotice: { acknowledgeWorkingDays: number };
  /** Service by public announcement takes effect this many days after publication (Civil Procedure Law 2023). */
  service: { announcementDays: number };
}

export interface VersionedTimeLimits {
  version: number;
  limits: TimeLimits;
}

export const DEFAULT_TIME_LIMITS: TimeLimits = {
  reminderPercent: 80,
  inclusion: {
    statementWindowWorkingDays: 5,
    verificationWorkingDays: 5,
    listTermYears: 3,
    listTermYearsByField: {},
    earlyRemovalAfterYears: 1,
    reconsiderationDays: 60,
    lawsuitMonths: 6,
  },
  publicity: {
    general: { minimumMonths: 3, maximumMonths: 12 },
    serious: { minimumMonths: 12, maximumMonths: 36 },
  },
  retentionYears: 5,
  objection: { acceptanceWorkingDays: 2, verificationWorkingDays: 10, maxExtensionWorkingDays: 10 },
  revocation: { notifyWorkingDays: 5, changeWorkingDays: 2 },
  repair: { decisionWorkingDays: 3, maxExtensionWorkingDays: 5 },
  agencyNotice: { acknowledgeWorkingDays: 5 },
  service: { announcementDays: 30 },
};

/** A limit added after a version was stored: its default, so that older versions still work. */
export function announcementDays(limits: TimeLimits): number {
  return limits.service?.announcementDays ?? DEFAULT_TIME_LIMITS.service.announcementDays;
}

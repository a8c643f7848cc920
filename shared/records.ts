/**
 * Publicity and retention of a credit record (DOMAIN.md §3): computed when the record is entered, from the
 * basis document's effective date and the time limits in force.
 */
import { addMonths, addYears, type IsoDate } from './calendar';
import type { RecordCategory, Severity } from './domain';
import type { TimeLimits } from './time-limits';

export interface RecordPeriods {
  publicityStart: IsoDate | null;
  minimumPublicityEnd: IsoDate | null;
  publicityEnd: IsoDate | null;
  retentionEnd: IsoDate | null;
}

export type PeriodProblem = { code: 'publicity_out_of_range'; message: string; range: [number, number] };

export function recordPeriods(
  r: { category: RecordCategory; severity?: Severity; effectiveOn: IsoDate; publicityMonths?: number },
  limits: TimeLimits,
): RecordPeriods | PeriodProblem {
  if (r.category !== 'dishonest') {
    return { publicityStart: r.effectiveOn, minimumPublicityEnd: null, publicityEnd: null, retentionEnd: null };
  }
  if (r.severity === 'minor') {
    // Not publicised, but retained (and repairable at once).
    return { publicityStart: null, minimumPublicityEnd: r.effectiveOn, publicityEnd: r.effectiveOn, retentionEnd: addYears(r.effectiveOn, limits.retentionYears) };
  }
  const range = limits.publicity[r.severity === 'serious' ? 'serious' : 'general'];
  const months = r.publicityMonths ?? range.maximumMonths;
  if (months < range.minimumMonths || months > range.maximumMonths) {
    return {
      code: 'publicity_out_of_range',
      message: `a ${r.severity} record is publicised for ${range.minimumMonths} to ${range.maximumMonths} months`,
      range: [range.minimumMonths, range.maximumMonths],
    };
  }
  const publicityEnd = addMonths(r.effectiveOn, months);
  return {
    publicityStart: r.effectiveOn,
    minimumPublicityEnd: addMonths(r.effectiveOn, range.minimumMonths),
    publicityEnd,
    retentionEnd: addYears(publicityEnd, limits.retentionYears),
  };
}

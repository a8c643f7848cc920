import { z } from 'zod';
import { LIST_FIELD_CODES } from '../../../shared/domain';
import { text } from '../../schemas';

const WorkingDays = z.number().int().min(1).max(60);
const MonthsRange = z.strictObject({ minimumMonths: z.number().int().min(0).max(120), maximumMonths: z.number().int().min(0).max(120) })
  .refine((r) => r.minimumMonths <= r.maximumMonths, { message: 'minimumMonths is more than maximumMonths' });
export const TimeLimitsSchema = z.strictObject({
  reminderPercent: z.number().int().min(1).max(99),
  inclusion: z.strictObject({
    statementWindowWorkingDays: WorkingDays,
    verificationWorkingDays: WorkingDays,
    listTermYears: z.number().int().min(1).max(3),
    listTermYearsByField: z.partialRecord(z.enum(LIST_FIELD_CODES), z.number().int().min(1).max(3)),
    earlyRemovalAfterYears: z.number().int().min(0).max(3),
    reconsiderationDays: z.number().int().min(1).max(365),
    lawsuitMonths: z.number().int().min(1).max(24),
  }),
  publicity: z.strictObject({ general: MonthsRange, serious: MonthsRange }),
  retentionYears: z.number().int().min(0).max(30),
  objection: z.strictObject({ acceptanceWorkingDays: WorkingDays, verificationWorkingDays: WorkingDays, maxExtensionWorkingDays: WorkingDays }),
  revocation: z.strictObject({ notifyWorkingDays: WorkingDays, changeWorkingDays: WorkingDays }),
  repair: z.strictObject({ decisionWorkingDays: WorkingDays, maxExtensionWorkingDays: WorkingDays }),
  agencyNotice: z.strictObject({ acknowledgeWorkingDays: WorkingDays }),
  service: z.strictObject({ announcementDays: z.number().int().min(1).max(90) }),
});

export const NewTimeLimits = z.strictObject({ limits: TimeLimitsSchema, note: text({ max: 500, multiline: true }) });

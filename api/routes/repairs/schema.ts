import { z } from 'zod';
import { Evidence } from '../../evidence';
import { text } from '../../schemas';

export const CaseParams = z.object({ id: z.string().regex(/^repair-[0-9a-f-]{36}$/, 'not a repair id') });

export const ApplyForRepair = z.strictObject({
  creditRecordId: z.uuid(),
  /** Proof that the subject performed its obligations and corrected the act. */
  performance: text({ max: 20_000, multiline: true }),
  evidence: Evidence.optional(),
  /** The signed credit commitment: accepted, with its text. */
  commitment: z.strictObject({ accepted: z.literal(true), text: text({ max: 10_000, multiline: true }) }),
});

export const Decision = z.strictObject({ outcome: z.enum(['granted', 'refused']), reasons: text({ max: 20_000, multiline: true }) });

/** A complex case: the decision period extended once. */
export const Extension = z.strictObject({ workingDays: z.number().int().min(1).max(60), reason: text({ max: 5000, multiline: true }) });

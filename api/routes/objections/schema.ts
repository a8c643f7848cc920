import { z } from 'zod';
import { OBJECTION_GROUNDS_CODES, OBJECTION_RESULTS } from '../../../shared/objection';
import { Evidence } from '../../evidence';
import { PersonalInformation } from '../../personal-information';
import { text } from '../../schemas';

export const CaseParams = z.object({ id: z.string().regex(/^objection-[0-9a-f-]{36}$/, 'not an objection id') });

export const SubmitObjection = z.strictObject({
  creditRecordId: z.uuid(),
  grounds: z.enum(OBJECTION_GROUNDS_CODES),
  reasons: text({ max: 20_000, multiline: true }),
  evidence: Evidence.optional(),
});

export const Reason = z.strictObject({ reason: text({ max: 5000, multiline: true }) });

export const Result = z
  .strictObject({
    outcome: z.enum(OBJECTION_RESULTS),
    correctedContent: text({ max: 5000, multiline: true }).optional(),
    reasons: text({ max: 20_000, multiline: true }),
    personalInformation: PersonalInformation.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.outcome === 'corrected' && !r.correctedContent) ctx.addIssue({ code: 'custom', path: ['correctedContent'], message: 'a correction needs the corrected content' });
    if (r.outcome !== 'corrected' && r.correctedContent) ctx.addIssue({ code: 'custom', path: ['correctedContent'], message: 'only a correction has corrected content' });
  });

/** Accepted, or refused as inadmissible with the reasons. */
export const Acceptance = z
      .strictObject({ accepted: z.boolean(), reasons: text({ max: 20_000, multiline: true }).optional() })
      .refine((b) => b.accepted || !!b.reasons, { path: ['reasons'], message: 'a refusal as inadmissible needs its reasons' });

export const Extension = z.strictObject({ workingDays: z.number().int().min(1), reason: text({ max: 5000, multiline: true }) });

import { z } from 'zod';
import { REVOCATION_CHANGES } from '../../../shared/revocation';
import { PersonalInformation } from '../../personal-information';
import { date, text } from '../../schemas';

export const CaseParams = z.object({ id: z.string().regex(/^revocation-[0-9a-f-]{36}$/, 'not a revocation id') });

export const ReportRevocation = z
  .strictObject({
    creditRecordId: z.uuid(),
    change: z.enum(REVOCATION_CHANGES),
    /** The revoking, altering or invalidating document, and the date it took effect. */
    document: z.strictObject({ number: text({ max: 100 }), effectiveOn: date() }),
    newContent: text({ max: 5000, multiline: true }).optional(),
    personalInformation: PersonalInformation.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.change === 'altered' && !r.newContent) ctx.addIssue({ code: 'custom', path: ['newContent'], message: 'an altered basis needs the record’s new content' });
    if (r.change !== 'altered' && r.newContent) ctx.addIssue({ code: 'custom', path: ['newContent'], message: 'only an altered basis changes the content' });
  });

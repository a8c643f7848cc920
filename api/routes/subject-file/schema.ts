import { z } from 'zod';
import { RECORD_CATEGORIES } from '../../../shared/domain';
import { instant, purposeQuery } from '../../schemas';

export const Grantee = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('agency'), id: z.uuid() }),
  z.strictObject({ type: z.literal('person'), subjectId: z.uuid() }),
]);

export const Authorise = z.strictObject({
  grantee: Grantee,
  scope: z.strictObject({
    records: z.union([z.literal('all'), z.array(z.enum(RECORD_CATEGORIES)).min(1).max(RECORD_CATEGORIES.length)]),
    /** Whether consent-only information (JS Art 62(3)) is shown too. */
    consentOnly: z.boolean(),
  }),
  until: instant(),
});

/** The code printed on a credit report: four groups of four of 2-9 and A-Z without I and O. */
export const VerificationParams = z.object({ code: z.string().regex(/^[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){3}$/, 'a verification code is four groups of four letters and digits') });

export const FileQuery = z.strictObject(purposeQuery);

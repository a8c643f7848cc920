import { z } from 'zod';
import { ALL_CATALOGUE_ITEMS, BASIS_KINDS, CATALOGUE_ITEMS, RECORD_CATEGORIES, SEVERITIES } from '../../../shared/domain';
import { PersonalInformation } from '../../personal-information';
import { date, purposeQuery, text } from '../../schemas';

export const BasisDocument = z.strictObject({
  kind: z.enum(BASIS_KINDS),
  number: text({ max: 100 }),
  effectiveOn: date(),
  issuer: text({ max: 200 }),
});

export const RecordCreditInformation = z
  .strictObject({
    subjectId: z.uuid(),
    category: z.enum(RECORD_CATEGORIES),
    severity: z.enum(SEVERITIES).optional(),
    catalogueItem: z.enum(ALL_CATALOGUE_ITEMS),
    basis: BasisDocument,
    content: text({ max: 5000, multiline: true }),
    /** Months of publicity within the range for the severity (default: the maximum). */
    publicityMonths: z.number().int().positive().optional(),
    /**
     * Consent-only information about a natural person (JS Art 62(2)): the subject's written consent, or the legal
     * basis a state organ collects it under; the record is then shown only to the subject and those it authorised.
     */
    sensitive: z
      .strictObject({ consentDocument: text({ max: 200 }).optional(), legalBasis: text({ max: 500 }).optional() })
      .refine((s) => !!s.consentDocument !== !!s.legalBasis, 'give either the consent document or the legal basis')
      .optional(),
    personalInformation: PersonalInformation.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.category === 'dishonest' && !r.severity) ctx.addIssue({ code: 'custom', path: ['severity'], message: 'a dishonest record needs a severity' });
    if (r.category !== 'dishonest' && r.severity) ctx.addIssue({ code: 'custom', path: ['severity'], message: 'only dishonest records have a severity' });
    if (!(CATALOGUE_ITEMS[r.category] as readonly string[]).includes(r.catalogueItem)) {
      ctx.addIssue({ code: 'custom', path: ['catalogueItem'], message: `${r.catalogueItem} is not a ${r.category} catalogue item` });
    }
  });

export const RecordQuery = z.strictObject(purposeQuery);

/** A page of a subject's records: by ID, the cursor the last one's. */
export const SubjectRecordsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), cursor: z.uuid().optional(), ...purposeQuery });

import { z } from 'zod';
import { IDENTIFIER_TYPES, RESPONSIBLE_PERSON_ROLES, SUBJECT_KINDS } from '../../../shared/domain';
import { date, purposeQuery, text } from '../../schemas';

export const SubjectQuery = z.strictObject(purposeQuery);

const ResponsiblePersons = z.array(z.strictObject({ role: z.enum(RESPONSIBLE_PERSON_ROLES), subjectId: z.uuid() })).max(50);

/** The party's agreement to electronic service, as recorded from its signed statement (DOMAIN.md §3). */
export const ElectronicServiceConsent = z.strictObject({
  agreedOn: date(),
  document: text({ max: 500 }),
  address: text({ max: 500 }).optional(),
});

export const RegisterSubject = z.strictObject({
  kind: z.enum(SUBJECT_KINDS),
  name: text({ max: 200 }),
  identifier: z.strictObject({
    type: z.enum(IDENTIFIER_TYPES),
    value: text({ max: 40 }),
    documentType: text({ max: 40 }).optional(),
  }),
  responsiblePersons: ResponsiblePersons.optional(),
  /** A natural person registered with another identity document gives the birth date (JS Art 26 needs it). */
  birthDate: date().optional(),
  electronicServiceConsent: ElectronicServiceConsent.optional(),
});

/** An organisation's responsible persons replaced as a whole, with the reason (audited). */
export const ResponsiblePersonsChange = z.strictObject({ responsiblePersons: ResponsiblePersons, reason: text({ max: 1000, multiline: true }) });

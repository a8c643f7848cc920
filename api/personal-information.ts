/**
 * JS Art 62 at the API's door: the shared screening applied to the texts of a request, its refusal as the one error
 * shape, and the audit event of an officer's confirmation that flagged phrases are not about the person.
 */
import { z } from 'zod';
import type { AuditEvent } from '../db/stores/audit';
import type { Actor } from '../shared/cases';
import type { SubjectKind } from '../shared/domain';
import { type Destination, type NotPersonalAttributes, type PersonalInformationFinding, screenPersonalInformation } from '../shared/personal-information';
import { refusal } from './errors';
import { text } from './schemas';

/** `personalInformation` in a request body: the confirmation, for the phrases a refusal named. */
export const PersonalInformation = z.strictObject({
  notPersonalAttributes: z.strictObject({
    phrases: z.array(z.string().min(1).max(200)).min(1).max(100),
    explanation: text({ max: 2000, multiline: true }),
  }),
});

/** Refuses (422) what JS Art 62 refuses; returns the confirmed findings, to be audited with the write. */
export function screenOrRefuse(
  texts: Array<{ field: string; text: string | undefined }>,
  subjectKind: SubjectKind,
  destination: Destination,
  confirmation?: NotPersonalAttributes,
): PersonalInformationFinding[] {
  const outcome = screenPersonalInformation(texts, subjectKind, destination, confirmation);
  if (!outcome.ok) throw refusal(outcome.code, outcome.message, outcome.details);
  return outcome.confirmed;
}

/** The audit event of a confirmation (none when nothing needed confirming). */
export function confirmationAudit(
  actor: Actor,
  confirmed: PersonalInformationFinding[],
  confirmation: NotPersonalAttributes | undefined,
  about: Pick<AuditEvent, 'caseId' | 'recordId' | 'subjectId' | 'key'>,
): AuditEvent[] {
  if (confirmed.length === 0 || !confirmation) return [];
  return [{ actor: actor.id, role: actor.role, action: 'personal_information.confirmed_not_personal', ...about, after: { found: confirmed, explanation: confirmation.explanation } }];
}

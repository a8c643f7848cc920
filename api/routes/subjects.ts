import { z } from 'zod';
import { appendAudit } from '../../db/stores/audit';
import { logInquiry } from '../../db/stores/inquiries';
import { findSubject, findSubjectByIdentifier, insertSubject, responsiblePersons, type SubjectRow } from '../../db/stores/subjects';
import { IDENTIFIER_TYPES, RESPONSIBLE_PERSON_ROLES, SUBJECT_KINDS } from '../../shared/domain';
import { shanghaiDate } from '../../shared/calendar';
import { birthDateFromCitizenId, normaliseIdentifier, validateIdentifier } from '../../shared/identifiers';
import { canReadSubject } from '../auth';
import { ApiError, notFound, refusal } from '../errors';
import { PurposeQuery, route } from '../http';

export const IdParams = z.object({ id: z.uuid() });

const RegisterSubject = z.strictObject({
  kind: z.enum(SUBJECT_KINDS),
  name: z.string().trim().min(1).max(200),
  identifier: z.strictObject({
    type: z.enum(IDENTIFIER_TYPES),
    value: z.string().trim().min(1).max(40),
    documentType: z.string().max(40).optional(),
  }),
  responsiblePersons: z.array(z.strictObject({ role: z.enum(RESPONSIBLE_PERSON_ROLES), subjectId: z.uuid() })).max(50).optional(),
});

export function presentSubject(s: SubjectRow, persons: Array<{ personId: string; role: string }>) {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    identifier: { type: s.identifier_type, value: s.identifier_value, documentType: s.document_type ?? undefined },
    responsiblePersons: persons.map((p) => ({ role: p.role, subjectId: p.personId })),
    createdAt: new Date(s.created_at).toISOString(),
  };
}

export const subjectRoutes = [
  route({
    method: 'post',
    path: '/api/v1/subjects',
    tag: 'subjects',
    summary: 'Register a credit subject (identifier check character verified; a known identifier is refused)',
    access: ['officer', 'supervisor'],
    body: RegisterSubject,
    idempotent: true,
    responses: { 201: 'registered', 400: 'invalid body or identifier', 401: 'no token', 403: 'wrong role', 409: 'duplicate_subject', 422: 'invalid_responsible_person' },
    async handle({ actor, body, deps }) {
      const value = normaliseIdentifier(body.identifier.type, body.identifier.value);
      const problem = validateIdentifier({ ...body.identifier, value }, body.kind, shanghaiDate(Date.now()));
      if (problem) {
        throw new ApiError(400, 'validation_failed', `the identifier is not valid: ${problem.message}`, {
          fields: [{ path: 'body.identifier.value', message: problem.message, code: problem.code }],
        });
      }
      const persons = body.responsiblePersons ?? [];
      if (persons.length > 0 && body.kind === 'natural_person') {
        throw refusal('invalid_responsible_person', 'only organisations have responsible persons');
      }
      return deps.db.transaction(async (trx) => {
        for (const p of persons) {
          const person = await findSubject(trx, p.subjectId);
          if (person?.kind !== 'natural_person') throw refusal('invalid_responsible_person', `responsible person ${p.subjectId} is not a registered natural person`);
        }
        const id = await insertSubject(trx, {
          kind: body.kind,
          name: body.name,
          identifierType: body.identifier.type,
          identifierValue: value,
          documentType: body.identifier.documentType,
          birthDate: body.identifier.type === 'citizen_id' ? birthDateFromCitizenId(value) : undefined,
          responsiblePersons: persons,
          registeredBy: actor.id,
          registeredDepartment: actor.department,
        });
        if (!id) {
          const existing = await findSubjectByIdentifier(trx, body.identifier.type, value);
          throw refusal('duplicate_subject', 'a subject with this identifier is already registered', { existingId: existing?.id });
        }
        const subject = (await findSubject(trx, id))!;
        const presented = presentSubject(subject, persons.map((p) => ({ personId: p.subjectId, role: p.role })));
        await appendAudit(trx, [{ actor: actor.id, role: actor.role, action: 'subject.registered', subjectId: id, after: presented }]);
        return { status: 201, body: presented, headers: { Location: `/api/v1/subjects/${id}` } };
      });
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/subjects/{id}',
    tag: 'subjects',
    summary: 'A subject; a read by anyone but the subject is logged as an inquiry',
    access: ['officer', 'supervisor', 'subject'],
    params: IdParams,
    query: z.strictObject(PurposeQuery),
    responses: { 200: 'the subject', 401: 'no token', 403: 'wrong role', 404: 'not found' },
    async handle({ actor, params, query, deps }) {
      if (!canReadSubject(actor, params.id)) throw notFound('subject');
      const subject = await findSubject(deps.db, params.id);
      if (!subject) throw notFound('subject');
      await logInquiry(deps.db, actor, params.id, 'subject', query.purpose);
      return { body: presentSubject(subject, await responsiblePersons(deps.db, params.id)) };
    },
  }),
];

import { logInquiry } from '../../../db/stores/inquiries';
import {
  findSubject,
  responsiblePersons,
} from '../../../db/stores/subjects';
import { shanghaiDate } from '../../../shared/calendar';
import { birthDateFromCitizenId, normaliseIdentifier, validateIdentifier } from '../../../shared/identifiers';
import { canReadSubject } from '../../auth';
import { ApiError, notFound, refusal } from '../../errors';
import { route } from '../../http';
import { presentSubject } from '../../presenters';
import { IdParams } from '../../schemas';
import { ElectronicServiceConsent, RegisterSubject, ResponsiblePersonsChange, SubjectQuery } from './schema';

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
    async handle({ actor, body, services }) {
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
      const birthDate = body.identifier.type === 'citizen_id' ? birthDateFromCitizenId(value) : body.birthDate;
      if (body.kind === 'natural_person' && !birthDate) {
        throw new ApiError(400, 'validation_failed', 'a natural person registered with another identity document needs its birth date', {
          fields: [{ path: 'body.birthDate', message: 'required for a natural person without a citizen identity number', code: 'required' }],
        });
      }
      if (body.birthDate && (body.kind !== 'natural_person' || body.birthDate !== birthDate)) {
        throw new ApiError(400, 'validation_failed', 'birthDate is given only for a natural person without a citizen identity number', {
          fields: [{ path: 'body.birthDate', message: 'not expected here (a citizen identity number carries the birth date)', code: 'unexpected' }],
        });
      }
      const subject = await services.subjects.register(actor, {
        kind: body.kind,
        name: body.name,
        identifierType: body.identifier.type,
        identifierValue: value,
        documentType: body.identifier.documentType,
        birthDate,
        responsiblePersons: persons,
        electronicServiceConsent: body.electronicServiceConsent,
      });
      return { status: 201, body: subject, headers: { Location: `/api/v1/subjects/${subject.id}` } };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/subjects/{id}',
    tag: 'subjects',
    summary: 'A subject; a read by anyone but the subject is logged as an inquiry',
    access: ['officer', 'supervisor', 'subject'],
    params: IdParams,
    query: SubjectQuery,
    responses: { 200: 'the subject', 401: 'no token', 403: 'wrong role', 404: 'not found' },
    async handle({ actor, params, query, deps }) {
      if (!canReadSubject(actor, params.id)) throw notFound('subject');
      const subject = await findSubject(deps.db, params.id);
      if (!subject) throw notFound('subject');
      await logInquiry(deps.db, actor, params.id, 'subject', query.purpose);
      return { body: presentSubject(subject, await responsiblePersons(deps.db, params.id)) };
    },
  }),

  route({
    method: 'put',
    path: '/api/v1/subjects/{id}/responsible-persons',
    tag: 'subjects',
    summary: "An organisation's responsible persons (JS Art 32), replaced as a whole; audited. An inclusion marks those registered when its decision is served",
    access: ['officer', 'supervisor'],
    params: IdParams,
    body: ResponsiblePersonsChange,
    responses: { 200: 'the subject', 400: 'invalid body', 401: 'no token', 403: 'wrong role', 404: 'not found', 422: 'invalid_responsible_person' },
    async handle({ actor, params, body, services }) {
      return { body: await services.subjects.replaceResponsiblePersons(actor, params.id, body.responsiblePersons, body.reason) };
    },
  }),

  route({
    method: 'put',
    path: '/api/v1/subjects/{id}/electronic-service-consent',
    tag: 'subjects',
    summary: "Record the subject's agreement to electronic service (the subject itself, or an officer from its signed statement); without it, electronic service is refused",
    access: ['officer', 'supervisor', 'subject'],
    params: IdParams,
    body: ElectronicServiceConsent,
    responses: { 200: 'the subject', 400: 'invalid body', 401: 'no token', 403: 'wrong role', 404: 'not found' },
    async handle({ actor, params, body, services }) {
      if (!canReadSubject(actor, params.id)) throw notFound('subject');
      return { body: await services.subjects.recordElectronicServiceConsent(actor, params.id, body) };
    },
  }),
];

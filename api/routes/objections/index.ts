import { findCreditRecord } from '../../../db/stores/credit-records';
import { findSubject } from '../../../db/stores/subjects';
import {
  objectionRefusal,
  OBJECTION_STEPS,
  type ObjectionStep,
  type ObjectionInput,
  acceptObjectionUpdate,
  extendObjectionUpdate,
  objectionMatterKey,
  objectionResultUpdate,
  resumeObjectionUpdate,
  suspendObjectionUpdate,
} from '../../../shared/objection';
import type { objectionCase } from '../../../workflows/objection';
import { caseIdFor } from '../../cases/ids';
import { caseRead, caseStep } from '../../cases/routes';
import { caseUpdate } from '../../cases/steps';
import { CaseViewSchema } from '../../cases/schema';
import { startCaseReply } from '../../cases/start';
import { decodeEvidence, withEvidence } from '../../evidence';
import { notFound, refusal } from '../../errors';
import { route } from '../../http';
import { Acceptance, CaseParams, Extension, Reason, Result, SubmitObjection } from './schema';

/** A step on an objection, open to the roles its row of `OBJECTION_STEPS` names (of the record's providing department). */
const objectionStep = <B>({ step, ...spec }: Omit<Parameters<typeof caseStep<B>>[0], 'type' | 'collection' | 'tag' | 'params' | 'roles'> & { step: ObjectionStep }) =>
  caseStep<B>({ ...spec, roles: OBJECTION_STEPS[step], type: 'objection', collection: 'objections', tag: 'objections', params: CaseParams });

export const objectionRoutes = [
  route({
    method: 'post',
    path: '/api/v1/objections',
    tag: 'objections',
    summary: 'The subject objects to one of its credit records (JS Art 63-64); the record is marked under objection and stays disclosed',
    access: ['subject'],
    body: SubmitObjection,
    idempotent: true,
    responses: {
      201: 'the objection, awaiting acceptance',
      400: 'invalid body',
      401: 'no token',
      403: 'wrong role',
      404: 'unknown credit record',
      409: 'objection_already_open, record_not_objectable',
      413: 'evidence too large',
      422: 'record_not_subjects',
    },
    returns: CaseViewSchema,
    async handle({ actor, body, idempotencyKey, deps }) {
      const record = await findCreditRecord(deps.db, body.creditRecordId);
      if (!record) throw notFound('credit record');
      const refused = objectionRefusal({ subjectId: record.subject_id, state: record.state }, actor.subjectId);
      if (refused) throw refusal(refused.code, refused.message, refused.details);
      const subject = (await findSubject(deps.db, record.subject_id))!;

      const id = caseIdFor('objection', actor, idempotencyKey);
      const files = decodeEvidence(body.evidence);
      return withEvidence(deps, id, files, (evidence) => {
        const input: ObjectionInput = {
          caseId: id,
          department: record.department,
          recordId: record.id,
          subject: { id: subject.id, kind: subject.kind, name: subject.name, identifierType: subject.identifier_type, identifier: subject.identifier_value },
          submittedBy: actor.id,
          grounds: body.grounds,
          reasons: body.reasons,
          evidence,
          matterKey: objectionMatterKey(record.id),
        };
        return startCaseReply<typeof objectionCase>(deps, actor, {
          id, type: 'objection', workflow: 'objectionCase', args: [input], subjectId: subject.id, department: record.department, recordId: record.id, matterKey: input.matterKey,
          duplicate: () => refusal('objection_already_open', 'an objection to this record is already open'),
          path: 'objections',
        });
      });
    },
  }),

  caseRead({ type: 'objection', collection: 'objections', tag: 'objections', params: CaseParams, summary: 'The objection: status, acceptance and verification deadlines (and how they were computed), reply, events, what the caller may do now' }),

  objectionStep({
    path: 'acceptance',
    summary: 'Accept the objection, or refuse it as inadmissible with reasons (a reply is issued and the case ends)',
    step: 'accept',
    body: Acceptance,
    send: (deps, row, actor, body) => caseUpdate(deps, row, acceptObjectionUpdate, [{ actor, ...body }]),
  }),
  objectionStep({
    path: 'extension',
    summary: 'Extend the verification period once, with a reason (a supervisor)',
    step: 'extend',
    body: Extension,
    responses: { 409: 'extension_already_granted', 422: 'extension_too_long' },
    send: (deps, row, actor, body) => caseUpdate(deps, row, extendObjectionUpdate, [{ actor, ...body }]),
  }),
  objectionStep({
    path: 'suspension',
    summary: 'Suspend the running period, with a reason',
    step: 'suspend',
    body: Reason,
    responses: { 409: 'already_suspended' },
    send: (deps, row, actor, body) => caseUpdate(deps, row, suspendObjectionUpdate, [{ actor, reason: body.reason }]),
  }),
  objectionStep({
    path: 'resumption',
    summary: 'Resume the suspended period; the suspended working days are added back',
    step: 'resume',
    body: Reason,
    responses: { 409: 'not_suspended' },
    send: (deps, row, actor, body) => caseUpdate(deps, row, resumeObjectionUpdate, [{ actor, reason: body.reason }]),
  }),
  objectionStep({
    path: 'result',
    summary: 'The verification result: upheld, corrected (with the new content) or deleted; the reply is issued and the mark lifted',
    step: 'result',
    body: Result,
    responses: { 422: 'forbidden_information, consent_required (JS Art 62, in the corrected content)' },
    send: (deps, row, actor, body) => caseUpdate(deps, row, objectionResultUpdate, [{ actor, ...body }]),
  }),
];

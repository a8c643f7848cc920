import { createHash } from 'node:crypto';
import { findSubject, recordsOnBasis, responsiblePersons } from '../../../db/stores/subjects';
import { shanghaiDate } from '../../../shared/calendar';
import { type ListField, type Measure } from '../../../shared/domain';
import {
  acknowledgeUpdate,
  approveUpdate,
  decideUpdate,
  feedbackUpdate,
  recordServiceUpdate,
  submitStatementUpdate,
  waiveUpdate,
  withdrawUpdate,
  approvalReasons,
  INCLUSION_STEPS,
  type InclusionStep,
  inclusionRefusal,
  statementRefusal,
  type InclusionState,
  type InclusionInput,
} from '../../../shared/inclusion';
import type { inclusionCase } from '../../../workflows/inclusion';
import { notFound, refusal } from '../../errors';
import { route } from '../../http';
import { Acknowledgement, CaseParams, Decision, Feedback, Service, StartInclusion, Statement, Withdrawal } from './schema';
import { confirmationAudit, screenOrRefuse } from '../../personal-information';
import { caseIdFor } from '../../cases/ids';
import { caseRead, caseStep } from '../../cases/routes';
import { caseUpdate } from '../../cases/steps';
import { CaseViewSchema } from '../../cases/schema';
import { startCaseReply } from '../../cases/start';
import { getCaseQuery } from '../../../shared/case-messages';
import { decodeEvidence, withEvidence } from '../../evidence';

/** A step on an inclusion case, open to the roles its row of `INCLUSION_STEPS` names (of its department; the subject its own case). */
const inclusionStep = <B>({ step, ...spec }: Omit<Parameters<typeof caseStep<B>>[0], 'type' | 'collection' | 'tag' | 'params' | 'roles'> & { step: InclusionStep }) =>
  caseStep<B>({ ...spec, roles: INCLUSION_STEPS[step], type: 'inclusion', collection: 'inclusion-cases', tag: 'inclusion cases', params: CaseParams });

export const inclusionCaseRoutes = [
  route({
    method: 'post',
    path: '/api/v1/inclusion-cases',
    tag: 'inclusion cases',
    summary: 'Start a case to include a subject in the serious-dishonesty list; the prior notice is generated at once',
    access: ['officer', 'supervisor'],
    body: StartInclusion,
    idempotent: true,
    responses: {
      201: 'the case and its prior notice',
      400: 'invalid body',
      401: 'no token',
      403: 'wrong role',
      404: 'unknown subject',
      422: 'field_not_in_list, measure_not_in_list, measure_needs_citation, no_basis, basis_not_effective, open_case_on_same_basis, forbidden_information, consent_required (JS Art 62, in the facts or reasons)',
    },
    returns: CaseViewSchema,
    async handle({ actor, body, idempotencyKey, deps }) {
      const refused = inclusionRefusal(body, shanghaiDate(Date.now()));
      if (refused) throw refusal(refused.code, refused.message, refused.details);

      const subject = await findSubject(deps.db, body.subjectId);
      if (!subject) throw notFound('subject');
      // The facts become the list's published record, the reasons are printed in its notices (JS Art 62).
      const confirmation = body.personalInformation?.notPersonalAttributes;
      const confirmed = screenOrRefuse([{ field: 'facts', text: body.facts }, { field: 'reasons', text: body.reasons }], subject.kind, 'published', confirmation);
      const approval = approvalReasons({ kind: subject.kind, birthDate: subject.birth_date }, body.actOn, body.leniencyGround);
      const basisKey = body.basis.map((b) => `${b.kind}:${b.number}`).sort().join('|');
      const id = caseIdFor('inclusion', actor, idempotencyKey);
      const input: InclusionInput = {
        caseId: id,
        department: actor.department,
        handler: actor.id,
        subject: {
          id: subject.id,
          kind: subject.kind,
          name: subject.name,
          identifierType: subject.identifier_type,
          identifier: subject.identifier_value,
          responsiblePersons: await responsiblePersons(deps.db, subject.id),
        },
        field: body.field as ListField,
        basis: body.basis,
        facts: body.facts,
        reasons: body.reasons,
        legalProvisions: body.legalProvisions,
        measures: body.measures as Measure[],
        localLawMeasure: body.localLawMeasure,
        actOn: body.actOn,
        leniencyGround: body.leniencyGround,
        approvalReasons: approval,
        needsApproval: approval.length > 0,
        basisRecordIds: await recordsOnBasis(deps.db, subject.id, body.basis),
        matterKey: `${subject.id}|${createHash('sha256').update(basisKey).digest('hex')}`,
        ...(confirmed.length ? { personalInformation: body.personalInformation } : {}),
      };
      return startCaseReply<typeof inclusionCase>(deps, actor, {
        id, type: 'inclusion', workflow: 'inclusionCase', args: [input], subjectId: subject.id, department: actor.department, handler: actor.id, matterKey: input.matterKey,
        duplicate: () => refusal('open_case_on_same_basis', 'an open inclusion case already rests on this subject and basis'),
        audit: confirmationAudit(actor, confirmed, confirmation, { key: `${id}:personal_information`, caseId: id, subjectId: subject.id }),
        path: 'inclusion-cases',
      });
    },
  }),

  caseRead({ type: 'inclusion', collection: 'inclusion-cases', tag: 'inclusion cases', params: CaseParams, summary: 'The case: status, deadlines (and how they were computed), documents, events, what the caller may do now' }),

  inclusionStep({
    path: 'approval',
    summary: 'Approve a case that needs it (a natural person under 18 at the time of the act, JS Art 26)',
    step: 'approve',
    send: (deps, row, actor) => caseUpdate(deps, row, approveUpdate, [{ actor }]),
  }),
  inclusionStep({
    path: 'service',
    summary: 'Record service of the notice, the feedback or the decision; service of the notice opens the window to state and defend',
    step: 'record_service',
    body: Service,
    responses: { 422: 'invalid_service_time, electronic_service_not_agreed' },
    async send(deps, row, actor, body) {
      // The party's recorded agreement goes with electronic service; the case refuses electronic service without it.
      const consent = body.method === 'electronic' ? (await findSubject(deps.db, row.subject_id))?.electronic_service_consent : undefined;
      return caseUpdate(deps, row, recordServiceUpdate, [{ actor, ...body, electronicConsent: consent ? { agreedOn: consent.agreedOn, document: consent.document } : undefined }]);
    },
  }),
  inclusionStep({
    path: 'acknowledgement',
    summary: 'The subject acknowledges the notice or the decision electronically (this also serves it)',
    step: 'acknowledge',
    body: Acknowledgement,
    send: (deps, row, actor, body) => caseUpdate(deps, row, acknowledgeUpdate, [{ actor, document: body.document }]),
  }),
  inclusionStep({
    path: 'statements',
    summary: 'A statement, defence or objection with evidence, within the window (after it: 409 objection_window_closed)',
    step: 'submit_statement',
    body: Statement,
    responses: { 413: 'evidence too large' },
    async send(deps, row, actor, body) {
      const files = decodeEvidence(body.evidence);
      // Refuse at once when the window is closed, before storing anything; a refusal racing the window's end
      // removes the evidence stored for it.
      const live = await deps.temporal.workflow.getHandle(row.id).query(getCaseQuery).catch(() => undefined);
      const refused = live && statementRefusal({ ...(live as InclusionState), open: row.open }, Date.now());
      if (refused) throw refusal(refused.code, refused.message, refused.details);
      return withEvidence(deps, row.id, files, (evidence) => caseUpdate(deps, row, submitStatementUpdate, [{ actor, text: body.text, evidence }]));
    },
  }),
  inclusionStep({
    path: 'waiver',
    summary: 'The subject gives up the rest of the window',
    step: 'waive',
    send: (deps, row, actor) => caseUpdate(deps, row, waiveUpdate, [{ actor }]),
  }),
  inclusionStep({
    path: 'feedback',
    summary: 'The verification result of a statement; generated as a document to be served',
    step: 'feedback',
    body: Feedback,
    send: (deps, row, actor, body) => caseUpdate(deps, row, feedbackUpdate, [{ actor, ...body }]),
  }),
  inclusionStep({
    path: 'decision',
    summary: 'Include or not include, with reasons; refused while the window is open or a statement is unanswered',
    step: 'decide',
    body: Decision,
    send: (deps, row, actor, body) => caseUpdate(deps, row, decideUpdate, [{ actor, ...body }]),
  }),
  inclusionStep({
    path: 'withdrawal',
    summary: 'Withdraw the case before a decision, with a reason',
    step: 'withdraw',
    body: Withdrawal,
    send: (deps, row, actor, body) => caseUpdate(deps, row, withdrawUpdate, [{ actor, reason: body.reason }]),
  }),
];

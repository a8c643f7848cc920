import { loadRepairCandidate } from '../../../db/stores/repairs';
import { currentTimeLimits } from '../../../db/stores/time-limits';
import { shanghaiDate } from '../../../shared/calendar';
import { REPAIR_STEPS, type RepairInput, decideRepairUpdate, extendRepairUpdate, repairMatterKey, repairRefusal } from '../../../shared/repair';
import type { repairCase } from '../../../workflows/repair';
import { assertCaseAccess, loadCase } from '../../cases/access';
import { caseIdFor } from '../../cases/ids';
import { caseRead } from '../../cases/routes';
import { caseUpdate } from '../../cases/steps';
import { CaseViewSchema } from '../../cases/schema';
import { presentCase } from '../../presenters';
import { startCaseReply } from '../../cases/start';
import { decodeEvidence, withEvidence } from '../../evidence';
import { notFound, refusal } from '../../errors';
import { route } from '../../http';
import { ApplyForRepair, CaseParams, Decision, Extension } from './schema';

export const repairRoutes = [
  route({
    method: 'post',
    path: '/api/v1/repairs',
    tag: 'repairs',
    summary: 'The subject applies for credit repair of one of its dishonest records (JS Art 66); the identifying department decides within the limit',
    access: ['subject'],
    body: ApplyForRepair,
    idempotent: true,
    responses: {
      201: 'the repair case, awaiting the decision',
      400: 'invalid body',
      401: 'no token',
      403: 'wrong role',
      404: 'unknown credit record',
      409: 'repair_already_open',
      413: 'evidence too large',
      422: 'minimum_publicity_not_elapsed, record_not_subjects, record_not_dishonest, record_not_publicised',
    },
    returns: CaseViewSchema,
    async handle({ actor, body, idempotencyKey, deps }) {
      const candidate = await loadRepairCandidate(deps.db, body.creditRecordId);
      if (!candidate) throw notFound('credit record');
      const { limits } = await currentTimeLimits(deps.db);
      const refused = repairRefusal(candidate.record, actor.subjectId, shanghaiDate(Date.now()), limits);
      if (refused) throw refusal(refused.code, refused.message, refused.details);

      const id = caseIdFor('repair', actor, idempotencyKey);
      const files = decodeEvidence(body.evidence);
      const { record } = candidate;
      return withEvidence(deps, id, files, (evidence) => {
        const input: RepairInput = {
          caseId: id,
          department: record.department,
          subject: candidate.subject,
          record: { id: record.id, severity: record.severity, catalogueItem: record.catalogueItem, basisNumber: record.basisNumber, content: record.content },
          performance: body.performance,
          evidence,
          commitment: { text: body.commitment.text, acceptedAt: new Date().toISOString() },
          matterKey: repairMatterKey(record.id),
        };
        return startCaseReply<typeof repairCase>(deps, actor, {
          id, type: 'repair', workflow: 'repairCase', args: [input], subjectId: record.subjectId, department: record.department, recordId: record.id, matterKey: input.matterKey,
          duplicate: () => refusal('repair_already_open', 'a repair of this record is already open'),
          path: 'repairs',
        });
      });
    },
  }),

  caseRead({ type: 'repair', collection: 'repairs', tag: 'repairs', params: CaseParams, summary: 'The repair case: its decision deadline (and how it was computed), documents, events, what the caller may do now' }),

  route({
    method: 'post',
    path: '/api/v1/repairs/{id}/decision',
    tag: 'repairs',
    summary: 'The identifying department grants (publicity stops, a list entry resting on the record is removed, agencies are told) or refuses, with reasons',
    access: REPAIR_STEPS.decide,
    params: CaseParams,
    body: Decision,
    responses: { 200: 'the repair case, decided, with its decision document', 400: 'invalid body', 401: 'no token', 403: 'not the identifying department', 404: 'no such repair', 409: 'case_closed' },
    returns: CaseViewSchema,
    async handle({ actor, params, body, deps }) {
      const row = await loadCase(deps, params.id, 'repair');
      assertCaseAccess(actor, row);
      const view = await caseUpdate(deps, row, decideRepairUpdate, [{ actor, outcome: body.outcome, reasons: body.reasons }]);
      return { body: presentCase(view, actor) };
    },
  }),

  route({
    method: 'post',
    path: '/api/v1/repairs/{id}/extension',
    tag: 'repairs',
    summary: "A complex case: a supervisor of the identifying department extends the decision period once",
    access: REPAIR_STEPS.extend,
    params: CaseParams,
    body: Extension,
    responses: { 200: 'the repair case with its moved deadline', 400: 'invalid body', 401: 'no token', 403: 'not the identifying department', 404: 'no such repair', 409: 'extension_already_granted, case_closed', 422: 'extension_too_long' },
    returns: CaseViewSchema,
    async handle({ actor, params, body, deps }) {
      const row = await loadCase(deps, params.id, 'repair');
      assertCaseAccess(actor, row);
      const view = await caseUpdate(deps, row, extendRepairUpdate, [{ actor, workingDays: body.workingDays, reason: body.reason }]);
      return { body: presentCase(view, actor) };
    },
  }),
];

import { type CaseRow } from '../../../db/stores/cases';
import { findCreditRecord } from '../../../db/stores/credit-records';
import { shanghaiDate } from '../../../shared/calendar';
import type { Actor } from '../../../shared/cases';
import { COMPREHENSIVE_DEPARTMENT } from '../../../shared/domain';
import { REVOCATION_STEPS, type RevocationInput, confirmRevocationUpdate, revocationMatterKey, revocationRefusal } from '../../../shared/revocation';
import type { revocationCase } from '../../../workflows/revocation';
import { assertCaseAccess, loadCase } from '../../cases/access';
import { caseIdFor } from '../../cases/ids';
import { caseRead } from '../../cases/routes';
import { caseUpdate } from '../../cases/steps';
import { CaseViewSchema } from '../../cases/schema';
import { startCaseReply } from '../../cases/start';
import { forbidden, notFound, refusal } from '../../errors';
import { route } from '../../http';
import { presentRevocation } from '../../presenters';
import { isPlatform } from '../../auth';
import { CaseParams, ReportRevocation } from './schema';
import { confirmationAudit, screenOrRefuse } from '../../personal-information';
import { findSubject } from '../../../db/stores/subjects';

/** A record that is gone already cannot be revoked or changed again. */

/** The reporting department sees the case; the platform (credit-comprehensive) sees and confirms it. */
function assertRevocationAccess(actor: Actor, row: CaseRow): void {
  if (isPlatform(actor)) return;
  assertCaseAccess(actor, row);
}

export const revocationRoutes = [
  route({
    method: 'post',
    path: '/api/v1/revocations',
    tag: 'revocations',
    summary: 'The providing department reports that the basis document of a record was revoked, altered or confirmed invalid (JS Art 65)',
    access: ['officer', 'supervisor'],
    body: ReportRevocation,
    idempotent: true,
    responses: {
      201: 'the revocation case: the notification deadline (met by this report, late or not) and the platform-change deadline',
      400: 'invalid body',
      401: 'no token',
      403: 'not the providing department',
      404: 'unknown credit record',
      409: 'revocation_already_open, record_not_in_state',
      422: 'basis_not_effective (the document takes effect in the future), forbidden_information, consent_required (JS Art 62, in the new content)',
    },
    returns: CaseViewSchema,
    async handle({ actor, body, idempotencyKey, deps }) {
      const record = await findCreditRecord(deps.db, body.creditRecordId);
      if (!record) throw notFound('credit record');
      if (actor.department !== record.department) throw forbidden(`only the providing department (${record.department}) reports a revoked basis`);
      const refused = revocationRefusal(record, body.document, shanghaiDate(Date.now()));
      if (refused) throw refusal(refused.code, refused.message, refused.details);

      // The new content becomes the record's: published unless the record is consent-only (JS Art 62).
      const confirmation = body.personalInformation?.notPersonalAttributes;
      const subject = (await findSubject(deps.db, record.subject_id))!;
      const confirmed = screenOrRefuse([{ field: 'newContent', text: body.newContent }], subject.kind, record.sensitive ? 'shielded' : 'published', confirmation);

      const id = caseIdFor('revocation', actor, idempotencyKey);
      const input: RevocationInput = {
        caseId: id,
        department: record.department,
        reportedBy: actor.id,
        recordId: record.id,
        subjectId: record.subject_id,
        change: body.change,
        document: body.document,
        newContent: body.newContent,
        matterKey: revocationMatterKey(record.id),
        ...(confirmed.length ? { personalInformation: body.personalInformation } : {}),
      };
      return startCaseReply<typeof revocationCase>(deps, actor, {
        id, type: 'revocation', workflow: 'revocationCase', args: [input], subjectId: record.subject_id, department: record.department, handler: actor.id, recordId: record.id, matterKey: input.matterKey,
        duplicate: () => refusal('revocation_already_open', 'a revocation of this record is already open'),
        audit: confirmationAudit(actor, confirmed, confirmation, { key: `${id}:personal_information`, caseId: id, recordId: record.id, subjectId: record.subject_id }),
        path: 'revocations', present: presentRevocation,
      });
    },
  }),

  caseRead({ type: 'revocation', collection: 'revocations', tag: 'revocations', params: CaseParams, summary: 'The revocation case: both deadlines, whether the report was late, events, what the caller may do now', assertAccess: assertRevocationAccess, present: presentRevocation }),

  route({
    method: 'post',
    path: '/api/v1/revocations/{id}/confirmation',
    tag: 'revocations',
    summary: 'The platform (credit-comprehensive) applies the change: the record is revoked or changed, marks follow, a list entry resting on it is removed',
    access: REVOCATION_STEPS.confirm,
    params: CaseParams,
    responses: { 200: 'the revocation case, applied', 401: 'no token', 403: 'not credit-comprehensive', 404: 'no such revocation', 409: 'case_closed' },
    returns: CaseViewSchema,
    async handle({ actor, params, deps }) {
      const row = await loadCase(deps, params.id, 'revocation');
      if (!isPlatform(actor)) throw forbidden(`only the ${COMPREHENSIVE_DEPARTMENT} department changes the platform`);
      const view = await caseUpdate(deps, row, confirmRevocationUpdate, [{ actor }]);
      return { body: presentRevocation(view, actor) };
    },
  }),
];

import { z } from 'zod';
import { date, text } from '../schemas';
import { type CaseRow } from '../../db/stores/cases';
import { findCreditRecord } from '../../db/stores/credit-records';
import { shanghaiDate } from '../../shared/calendar';
import type { Actor, CaseView } from '../../shared/cases';
import { COMPREHENSIVE_DEPARTMENT } from '../../shared/domain';
import { REVOCATION_CHANGES, type RevocationInput, confirmRevocationUpdate, revocationMatterKey } from '../../shared/revocation';
import type { revocationCase } from '../../workflows/revocation';
import { assertCaseAccess, caseIdFor, caseRead, caseUpdate, CaseViewSchema, loadCase, presentCase, startCaseReply } from '../cases';
import { forbidden, notFound, refusal } from '../errors';
import { route } from '../http';
import { confirmationAudit, PersonalInformation, screenOrRefuse } from '../personal-information';
import { findSubject } from '../../db/stores/subjects';

const CaseParams = z.object({ id: z.string().regex(/^revocation-[0-9a-f-]{36}$/, 'not a revocation id') });

const ReportRevocation = z
  .strictObject({
    creditRecordId: z.uuid(),
    change: z.enum(REVOCATION_CHANGES),
    /** The revoking, altering or invalidating document, and the date it took effect. */
    document: z.strictObject({ number: text({ max: 100 }), effectiveOn: date() }),
    newContent: text({ max: 5000, multiline: true }).optional(),
    personalInformation: PersonalInformation.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.change === 'altered' && !r.newContent) ctx.addIssue({ code: 'custom', path: ['newContent'], message: 'an altered basis needs the record’s new content' });
    if (r.change !== 'altered' && r.newContent) ctx.addIssue({ code: 'custom', path: ['newContent'], message: 'only an altered basis changes the content' });
  });

/** A record that is gone already cannot be revoked or changed again. */
const CHANGEABLE_STATES = ['active', 'under_objection', 'corrected', 'publicity_stopped'];

const isPlatform = (actor: Actor) => actor.department === COMPREHENSIVE_DEPARTMENT;

/** The reporting department sees the case; the platform (credit-comprehensive) sees and confirms it. */
function assertRevocationAccess(actor: Actor, row: CaseRow): void {
  if ((actor.role === 'officer' || actor.role === 'supervisor') && isPlatform(actor)) return;
  assertCaseAccess(actor, row);
}

/** `confirm` is offered only to the platform's officers and supervisors. */
function presentRevocation(view: CaseView | Record<string, unknown>, actor: Actor) {
  const presented = presentCase(view, actor);
  return isPlatform(actor) ? presented : { ...presented, allowedActions: [] };
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
      if (!CHANGEABLE_STATES.includes(record.state)) throw refusal('record_not_in_state', `the record is ${record.state}`, { state: record.state });
      if (body.document.effectiveOn > shanghaiDate(Date.now())) throw refusal('basis_not_effective', 'the revoking document has not taken effect yet');

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
    access: ['officer', 'supervisor'],
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

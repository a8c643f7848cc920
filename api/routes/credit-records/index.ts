import { findCreditRecord, recordHistory, subjectRecordsPage } from '../../../db/stores/credit-records';
import { logInquiry } from '../../../db/stores/inquiries';
import { findSubject } from '../../../db/stores/subjects';
import { currentTimeLimits } from '../../../db/stores/time-limits';
import { shanghaiDate } from '../../../shared/calendar';
import { recordPeriods } from '../../../shared/records';
import { canReadSubject } from '../../auth';
import { notFound, refusal } from '../../errors';
import { route } from '../../http';
import { presentRecord, presentRecordChange } from '../../presenters';
import { IdParams } from '../../schemas';
import { RecordCreditInformation, RecordQuery, SubjectRecordsQuery } from './schema';

/** A record is visible to others than its subject until its retention ends (JS Art 41). */
export async function readableRecord(deps: { db: Parameters<typeof findCreditRecord>[0] }, actor: Parameters<typeof canReadSubject>[0], id: string) {
  const record = await findCreditRecord(deps.db, id);
  if (!record || !canReadSubject(actor, record.subject_id)) throw notFound('credit record');
  const own = actor.role === 'subject';
  if (!own && (record.state === 'retention_ended' || record.state === 'deleted')) throw notFound('credit record');
  return { record, own };
}

export const creditRecordRoutes = [
  route({
    method: 'post',
    path: '/api/v1/credit-records',
    tag: 'credit records',
    summary: "Record credit information for the officer's department; publicity and retention dates are computed",
    access: ['officer', 'supervisor'],
    body: RecordCreditInformation,
    idempotent: true,
    responses: { 201: 'recorded', 400: 'invalid body', 401: 'no token', 403: 'wrong role', 404: 'unknown subject', 422: 'forbidden_information, consent_required, basis_not_effective, invalid_record' },
    async handle({ actor, body, deps, services }) {
      if (body.basis.effectiveOn > shanghaiDate(Date.now())) throw refusal('basis_not_effective', 'the basis document is not yet effective');
      const { limits } = await currentTimeLimits(deps.db);
      const periods = recordPeriods({ ...body, effectiveOn: body.basis.effectiveOn }, limits);
      if ('code' in periods) throw refusal('invalid_record', periods.message, { range: periods.range });
      const record = await services.creditRecords.record(actor, {
        subject_id: body.subjectId,
        category: body.category,
        severity: body.severity ?? null,
        catalogue_item: body.catalogueItem,
        basis_kind: body.basis.kind,
        basis_number: body.basis.number,
        basis_effective_on: body.basis.effectiveOn,
        basis_issuer: body.basis.issuer,
        content: body.content,
        sensitive: !!body.sensitive,
        consent_document: body.sensitive?.consentDocument ?? null,
        legal_basis: body.sensitive?.legalBasis ?? null,
        publicity_start: periods.publicityStart,
        minimum_publicity_end: periods.minimumPublicityEnd,
        publicity_end: periods.publicityEnd,
        retention_end: periods.retentionEnd,
      }, body.personalInformation?.notPersonalAttributes);
      return { status: 201, body: record, headers: { Location: `/api/v1/credit-records/${record.id}` } };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/credit-records/{id}',
    tag: 'credit records',
    summary: 'One record, its state and history',
    access: ['officer', 'supervisor', 'subject'],
    params: IdParams,
    query: RecordQuery,
    responses: { 200: 'the record', 401: 'no token', 403: 'wrong role', 404: 'not found' },
    async handle({ actor, params, query, deps }) {
      const { record, own } = await readableRecord(deps, actor, params.id);
      await logInquiry(deps.db, actor, record.subject_id, `credit record ${record.id}`, query.purpose);
      const history = (await recordHistory(deps.db, record.id)).map((h) => presentRecordChange(h, { withCase: true }));
      return { body: { ...presentRecord(record, { showSensitive: own }), history } };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/subjects/{id}/credit-records',
    tag: 'credit records',
    summary: "A subject's records (others than the subject do not see records whose retention has ended)",
    access: ['officer', 'supervisor', 'subject'],
    params: IdParams,
    query: SubjectRecordsQuery,
    responses: { 200: 'the records', 401: 'no token', 403: 'wrong role', 404: 'not found' },
    async handle({ actor, params, query, deps }) {
      if (!canReadSubject(actor, params.id) || !(await findSubject(deps.db, params.id))) throw notFound('subject');
      const own = actor.role === 'subject';
      const rows = await subjectRecordsPage(deps.db, params.id, { withEnded: own, after: query.cursor, limit: query.limit });
      await logInquiry(deps.db, actor, params.id, 'credit records', query.purpose);
      const page = rows.slice(0, query.limit);
      return { body: { items: page.map((r) => presentRecord(r, { showSensitive: own })), nextCursor: rows.length > query.limit ? page[page.length - 1].id : null } };
    },
  }),
];

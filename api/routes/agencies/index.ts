import { acknowledgeAgencyNotice, agencyNoticesOf } from '../../../db/stores/agency-notices';
import { COMPREHENSIVE_DEPARTMENT } from '../../../shared/domain';
import { normaliseIdentifier, validateUscc } from '../../../shared/identifiers';
import { ApiError, forbidden, notFound, refusal } from '../../errors';
import { route } from '../../http';
import { NoticeParams, NoticesQuery, RegisterAgency } from './schema';

export const agencyRoutes = [
  route({
    method: 'post',
    path: '/api/v1/agencies',
    tag: 'agencies',
    summary: 'Register a credit service agency (JS Art 52); from then on it receives a stop-use notice for every record that stops being publicised or shared',
    access: ['supervisor'],
    body: RegisterAgency,
    idempotent: true,
    responses: { 201: 'registered', 400: 'invalid body or code', 401: 'no token', 403: `not a supervisor of ${COMPREHENSIVE_DEPARTMENT}`, 409: 'duplicate_agency' },
    async handle({ actor, body, services }) {
      if (actor.department !== COMPREHENSIVE_DEPARTMENT) throw forbidden(`only supervisors of ${COMPREHENSIVE_DEPARTMENT} register agencies`);
      const uscc = normaliseIdentifier('uscc', body.uscc);
      const problem = validateUscc(uscc);
      if (problem) {
        throw new ApiError(400, 'validation_failed', `the code is not valid: ${problem.message}`, { fields: [{ path: 'body.uscc', message: problem.message, code: problem.code }] });
      }
      const agency = await services.agencies.register(actor, { name: body.name, uscc });
      return { status: 201, body: agency, headers: { Location: `/api/v1/agencies/${agency.id}` } };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/agency-notices',
    tag: 'agencies',
    summary: 'The stop-use-and-remove notices addressed to the calling agency (JS Art 67), oldest first; `overdue` when past due and not acknowledged',
    access: ['agency'],
    query: NoticesQuery,
    responses: { 200: 'a page of notices', 400: 'invalid query', 401: 'no token', 403: 'not an agency' },
    async handle({ actor, query, deps }) {
      const page = await agencyNoticesOf(deps.db, actor.agencyId, { limit: query.limit, cursor: query.cursor, unacknowledgedOnly: query.unacknowledged === 'true' });
      return { body: page };
    },
  }),

  route({
    method: 'post',
    path: '/api/v1/agency-notices/{id}/acknowledgement',
    tag: 'agencies',
    summary: 'The agency confirms it stopped using and removed the information; only its own notices (another agency’s: 404)',
    access: ['agency'],
    params: NoticeParams,
    responses: { 200: 'the notice, acknowledged', 401: 'no token', 403: 'not an agency', 404: 'no such notice for this agency', 409: 'already_acknowledged' },
    async handle({ actor, params, deps }) {
      const result = await acknowledgeAgencyNotice(deps.db, { agencyId: actor.agencyId, noticeId: params.id, by: actor.id });
      if (result.outcome === 'not_found') throw notFound('notice');
      if (result.outcome === 'already_acknowledged') throw refusal('already_acknowledged', `the notice was acknowledged on ${result.notice.acknowledgedAt}`, { acknowledgedAt: result.notice.acknowledgedAt });
      return { body: result.notice };
    },
  }),
];

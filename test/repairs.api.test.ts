/**
 * Credit repair and agency notices through the HTTP API (API.md; DOMAIN.md §4.4, §4.5): refusals with their codes and
 * nothing written, the identifying department's decision, agencies registered by the comprehensive department, and
 * each agency listing and acknowledging only its own notices. Against the dev server and real PostgreSQL.
 */
import { shanghaiDate } from '../shared/calendar';
import { registerOrganisation } from './helpers/fixtures';
import { newUscc } from './helpers/fixtures';
import { startTestApi, tokens, type TestApi } from './helpers/api';
import { insertDishonestRecord } from './helpers/repairs';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.close();
});

const comprehensive = () => tokens.supervisor('credit-comprehensive');
const counts = async () => ({
  cases: Number((await api.db('cases').count('* as n'))[0].n),
  evidence: Number((await api.db('evidence_files').count('* as n'))[0].n),
  notices: Number((await api.db('agency_notices').count('* as n'))[0].n),
});
const application = (creditRecordId: string) => ({
  creditRecordId,
  performance: '已全额缴纳罚款，完成整改并补报年度报告',
  evidence: [{ name: '缴款凭证.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 receipt').toString('base64') }],
  commitment: { accepted: true, text: '本单位承诺所提交材料真实有效，今后依法诚信经营' },
});

async function registerAgency(name: string) {
  const res = await api.call('POST', '/api/v1/agencies', { token: await comprehensive(), body: { name, uscc: newUscc() } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

test('agencies are registered by supervisors of the comprehensive department only, once per code', async () => {
  const uscc = newUscc();
  const body = { name: '南京守信信用管理有限公司', uscc };
  expect((await api.call('POST', '/api/v1/agencies', { token: await tokens.officer('credit-comprehensive'), body })).status).toBe(403);
  expect((await api.call('POST', '/api/v1/agencies', { token: await tokens.supervisor('market-regulation'), body })).status).toBe(403);
  expect((await api.call('POST', '/api/v1/agencies', { token: await comprehensive(), body: { ...body, uscc: uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0') } })).body.error.code).toBe('validation_failed');
  const created = await api.call('POST', '/api/v1/agencies', { token: await comprehensive(), body });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ name: body.name, uscc });
  const again = await api.call('POST', '/api/v1/agencies', { token: await comprehensive(), body });
  expect(again.status).toBe(409);
  expect(again.body.error).toMatchObject({ code: 'duplicate_agency', details: { id: created.body.id } });
});

test('repair refusals come back with their codes, and nothing is written', async () => {
  const org = await registerOrganisation(db());
  const other = await registerOrganisation(db(), '南京另一家公司');
  const today = shanghaiDate(Date.now());
  const recent = await insertDishonestRecord(db(), org.id, { severity: 'general', effectiveOn: today });
  const good = await insertDishonestRecord(db(), org.id, { category: 'good', effectiveOn: '2025-01-10' });
  const stopped = await insertDishonestRecord(db(), org.id, { effectiveOn: '2025-01-10', state: 'publicity_stopped' });
  const others = await insertDishonestRecord(db(), other.id, { effectiveOn: '2025-01-10' });
  const before = await counts();
  const subjectToken = await tokens.subject(org.id);
  const apply = async (recordId: string, token = subjectToken) => api.call('POST', '/api/v1/repairs', { token, body: application(recordId) });

  const early = await apply(recent);
  expect(early.status).toBe(422);
  expect(early.body.error).toMatchObject({ code: 'minimum_publicity_not_elapsed', details: { severity: 'general' } });
  expect(early.body.error.details.minimumPublicityEnd > today).toBe(true);
  expect((await apply(others)).body.error).toMatchObject({ code: 'record_not_subjects' });
  expect((await apply(good)).body.error).toMatchObject({ code: 'record_not_dishonest' });
  expect((await apply(stopped)).body.error).toMatchObject({ code: 'record_not_publicised' });
  expect((await apply(others)).status).toBe(422);
  expect((await apply('0b8f7a5e-1111-4222-8333-444455556666')).status).toBe(404);
  expect((await apply(recent, await tokens.officer())).status).toBe(403);
  const notAccepted = await api.call('POST', '/api/v1/repairs', { token: await tokens.subject(org.id), body: { ...application(recent), commitment: { accepted: false, text: 'x' } } });
  expect(notAccepted.status).toBe(400);
  expect(await counts()).toEqual(before);
});

test('a granted repair: one open repair per record, the identifying department decides, agencies are told and acknowledge only their own notices', async () => {
  const agencyA = await registerAgency('南京甲信用服务有限公司');
  const agencyB = await registerAgency('无锡乙征信有限公司');
  const org = await registerOrganisation(db());
  // Effective in January 2025: the three-month minimum is long over.
  const recordId = await insertDishonestRecord(db(), org.id, { severity: 'general', effectiveOn: '2025-01-10', publicityEnd: '2099-01-10' });

  const started = await api.call('POST', '/api/v1/repairs', { token: await tokens.subject(org.id), body: application(recordId) });
  expect(started.status).toBe(201);
  const id = started.body.id as string;
  expect(started.headers.get('location')).toBe(`/api/v1/repairs/${id}`);
  expect(started.body).toMatchObject({ type: 'repair', status: 'awaiting_decision', department: 'market-regulation', allowedActions: [] });
  expect(started.body.deadlines[0]).toMatchObject({ kind: 'repair_decision', workingDays: 3, rule: 'repair.decisionWorkingDays' });
  expect(await api.db('evidence_files').where({ case_id: id })).toHaveLength(1);

  const second = await api.call('POST', '/api/v1/repairs', { token: await tokens.subject(org.id), body: application(recordId) });
  expect(second.status).toBe(409);
  expect(second.body.error.code).toBe('repair_already_open');

  const officerView = await api.call('GET', `/api/v1/repairs/${id}`, { token: await tokens.officer() });
  expect(officerView.body.allowedActions).toEqual(['decide']);
  expect((await api.call('GET', `/api/v1/repairs/${id}`, { token: await tokens.subject(org.id) })).status).toBe(200);
  const decision = { outcome: 'granted', reasons: '当事人已履行行政处罚决定，整改到位，作出信用承诺' };
  expect((await api.call('POST', `/api/v1/repairs/${id}/decision`, { token: await tokens.officer('tax'), body: decision })).status).toBe(403);
  expect((await api.call('POST', `/api/v1/repairs/${id}/decision`, { token: await tokens.subject(org.id), body: decision })).status).toBe(403);
  expect((await api.call('POST', `/api/v1/repairs/${id}/decision`, { token: await tokens.officer(), body: { outcome: 'maybe', reasons: 'x' } })).status).toBe(400);

  const decided = await api.call('POST', `/api/v1/repairs/${id}/decision`, { token: await tokens.officer(), body: decision });
  expect(decided.status).toBe(200);
  expect(decided.body.status).toBe('granted');
  expect(decided.body.documents.map((d: { kind: string }) => d.kind)).toEqual(['repair_decision']);
  expect((await api.call('POST', `/api/v1/repairs/${id}/decision`, { token: await tokens.officer(), body: decision })).body.error.code).toBe('case_closed');
  expect((await api.db('credit_records').where({ id: recordId }).first()).state).toBe('publicity_stopped');

  // Each agency sees its own notice for the record.
  const listA = await api.call('GET', '/api/v1/agency-notices', { token: await tokens.agency(agencyA) });
  expect(listA.status).toBe(200);
  expect(listA.body.items).toHaveLength(1);
  const noticeA = listA.body.items[0];
  expect(noticeA).toMatchObject({ agencyId: agencyA, reason: 'repaired', caseId: id, acknowledgedAt: null, overdue: false, record: { id: recordId }, subject: { id: org.id, identifier: org.identifier } });
  const listB = await api.call('GET', '/api/v1/agency-notices', { token: await tokens.agency(agencyB) });
  expect(listB.body.items.map((n: { agencyId: string }) => n.agencyId)).toEqual([agencyB]);
  expect((await api.call('GET', '/api/v1/agency-notices', { token: await tokens.officer() })).status).toBe(403);

  // Only the addressee acknowledges: another agency gets 404, a second acknowledgement 409.
  expect((await api.call('POST', `/api/v1/agency-notices/${noticeA.id}/acknowledgement`, { token: await tokens.agency(agencyB) })).status).toBe(404);
  const ack = await api.call('POST', `/api/v1/agency-notices/${noticeA.id}/acknowledgement`, { token: await tokens.agency(agencyA) });
  expect(ack.status).toBe(200);
  expect(ack.body.acknowledgedAt).toBeTruthy();
  const twice = await api.call('POST', `/api/v1/agency-notices/${noticeA.id}/acknowledgement`, { token: await tokens.agency(agencyA) });
  expect(twice.status).toBe(409);
  expect(twice.body.error.code).toBe('already_acknowledged');
  expect((await api.call('GET', '/api/v1/agency-notices?unacknowledged=true', { token: await tokens.agency(agencyA) })).body.items).toHaveLength(0);
  const notB = await api.call('GET', '/api/v1/agency-notices?unacknowledged=true', { token: await tokens.agency(agencyB) });
  expect(notB.body.items).toHaveLength(1);
  expect(notB.body.nextCursor).toBeNull();
});

function db() {
  return api.db;
}

/**
 * Starting an inclusion as JS Art 26 and 32 have it, through the API against the dev server: the date of the act
 * decides whether a person was a minor; a ground of Art 26(2) needs approval; the basis records are linked; an
 * organisation with no responsible person is flagged; responsible persons can be changed (audited); the
 * department issues under its configured name.
 */
import { startTestApi, tokens, type TestApi } from './helpers/api';
import { newCitizenId, newUscc } from './helpers/fixtures';
import { insertCreditRecord } from './helpers/records';
import { waitForCase } from './helpers/inclusion-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

const basis = (number = '宁市监罚〔2026〕777号') => [{ kind: 'administrative_penalty', number, effectiveOn: '2026-11-20', issuer: '南京市市场监督管理局' }];
const start = (token: string, subjectId: string, over: Record<string, unknown> = {}) =>
  api.call('POST', '/api/v1/inclusion-cases', {
    token,
    body: { subjectId, field: 'health_safety', basis: basis(), facts: '销售假冒伪劣食品', reasons: '情节严重', legalProvisions: ['《江苏省社会信用条例》第二十九条第一项'], measures: ['key_supervision'], actOn: '2026-06-01', ...over },
  });
const register = async (token: string, body: Record<string, unknown>) => {
  const res = await api.call('POST', '/api/v1/subjects', { token, body });
  expect(res.status).toBe(201);
  return res.body;
};

test('a person 17 at the act but 18 at the penalty needs a supervisor’s approval; the act comes before its basis', async () => {
  const officer = await tokens.officer();
  const person = await register(officer, { kind: 'natural_person', name: '郑某', identifier: { type: 'citizen_id', value: newCitizenId('2008-11-15') } });
  const started = await start(officer, person.id);
  expect(started.status).toBe(201);
  expect(started.body.status).toBe('awaiting_approval');
  expect(started.body.details.input).toMatchObject({ actOn: '2026-06-01', approvalReasons: ['minor_at_act'], needsApproval: true });
  // Adult at the act: no approval.
  const adult = await register(officer, { kind: 'natural_person', name: '王某', identifier: { type: 'citizen_id', value: newCitizenId('2008-05-15') } });
  expect((await start(officer, adult.id, { basis: basis('宁市监罚〔2026〕778号') })).body.status).toBe('notice_issued');
  // The act must precede its basis, and not lie in the future.
  expect((await start(officer, adult.id, { actOn: '2026-11-25', basis: basis('宁市监罚〔2026〕779号') })).body.error.code).toBe('act_after_basis');
  expect((await start(officer, adult.id, { actOn: undefined, basis: basis('宁市监罚〔2026〕780号') })).status).toBe(400);
});

test('a person registered with another identity document gives a birth date, which decides the approval', async () => {
  const officer = await tokens.officer();
  const missing = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'natural_person', name: 'John Doe', identifier: { type: 'other', documentType: 'passport', value: 'E12345678' } } });
  expect(missing.status).toBe(400);
  expect(missing.body.error.details.fields[0].path).toBe('body.birthDate');
  const foreigner = await register(officer, { kind: 'natural_person', name: 'John Doe', identifier: { type: 'other', documentType: 'passport', value: 'E12345679' }, birthDate: '2009-01-10' });
  expect(foreigner.birthDate).toBe('2009-01-10');
  expect((await start(officer, foreigner.id)).body.details.input.approvalReasons).toEqual(['minor_at_act']);
});

test('a ground of JS Art 26(2) needs a supervisor’s approval', async () => {
  const officer = await tokens.officer();
  const org = await register(officer, { kind: 'legal_person', name: '南京某某餐饮有限公司', identifier: { type: 'uscc', value: newUscc() } });
  const started = await start(officer, org.id, { leniencyGround: { kind: 'minor_harm_corrected', explanation: '危害后果轻微并及时纠正' } });
  expect(started.body.status).toBe('awaiting_approval');
  expect(started.body.details.input.approvalReasons).toEqual(['leniency_ground']);
  // An organisation with no responsible person registered is flagged to the officer (JS Art 32).
  expect(started.body.details.warnings).toEqual(['no_responsible_person']);
});

test('the basis records are linked to the case; responsible persons are changed on the subject, audited, and marked at listing', async () => {
  const officer = await tokens.officer();
  const org = await register(officer, { kind: 'legal_person', name: '南京某某食品科技有限公司', identifier: { type: 'uscc', value: newUscc() } });
  const record = await insertCreditRecord(api.db, org.id);
  const { basis_number: number } = await api.db('credit_records').where({ id: record.id }).first();
  const started = await start(officer, org.id, { basis: [{ kind: 'administrative_penalty', number, effectiveOn: '2026-11-20', issuer: '南京市市场监督管理局' }] });
  expect(started.body.details.input.basisRecordIds).toEqual([record.id]);

  const person = await register(officer, { kind: 'natural_person', name: '冯某', identifier: { type: 'citizen_id', value: newCitizenId('1980-02-02') } });
  const changed = await api.call('PUT', `/api/v1/subjects/${org.id}/responsible-persons`, { token: officer, body: { responsiblePersons: [{ role: 'actual_controller', subjectId: person.id }], reason: '工商变更登记' } });
  expect(changed.status).toBe(200);
  expect(changed.body.responsiblePersons).toEqual([{ role: 'actual_controller', subjectId: person.id }]);
  const audit = await api.db('audit_events').where({ subject_id: org.id, action: 'subject.responsible_persons_changed' }).first();
  expect(audit.after).toMatchObject({ reason: '工商变更登记' });
  const refused = await api.call('PUT', `/api/v1/subjects/${person.id}/responsible-persons`, { token: officer, body: { responsiblePersons: [], reason: 'x' } });
  expect(refused.body.error.code).toBe('invalid_responsible_person');

  const id = started.body.id;
  const subject = await tokens.subject(org.id);
  await api.call('POST', `/api/v1/inclusion-cases/${id}/acknowledgement`, { token: subject, body: { document: 'notice' } });
  await api.call('POST', `/api/v1/inclusion-cases/${id}/waiver`, { token: subject });
  await waitForCase(api, id, officer, (c) => c.status === 'awaiting_decision');
  await api.call('POST', `/api/v1/inclusion-cases/${id}/decision`, { token: officer, body: { outcome: 'include', reasons: '事实清楚' } });
  await api.call('POST', `/api/v1/inclusion-cases/${id}/service`, { token: officer, body: { document: 'decision', method: 'in_person', servedAt: new Date().toISOString() } });
  const listed = await waitForCase(api, id, officer, (c) => c.status === 'listed');
  // The person registered when the decision was served is the one marked.
  expect(listed.details.marks).toEqual([expect.objectContaining({ personId: person.id, role: 'actual_controller' })]);
  const entry = await api.db('list_entries').where({ case_id: id }).first();
  expect(entry.basis_record_ids).toEqual([record.id]);
});

test('a department issues under its configured name and prints its own reconsideration body', async () => {
  const token = await tokens.supervisor('credit-comprehensive');
  const departments = await api.call('GET', '/api/v1/departments', { token });
  expect(departments.body.items.find((d: any) => d.code === 'tax')).toMatchObject({ name: '国家税务总局南京市税务局', reconsiderationBody: '国家税务总局江苏省税务局' });
  const bad = await api.call('PUT', '/api/v1/departments/transport', { token, body: { name: '南京市交通运输局' } });
  expect(bad.status).toBe(400);
  const changed = await api.call('PUT', '/api/v1/departments/transport', { token, body: { name: '南京市交通运输局（测试）', reconsiderationBody: '南京市人民政府' } });
  expect(changed.status).toBe(200);
  expect((await api.call('PUT', '/api/v1/departments/transport', { token: await tokens.supervisor('transport'), body: { name: '南京市交通局', reconsiderationBody: '南京市人民政府' } })).status).toBe(403);
  const audit = await api.db('audit_events').where({ action: 'department.changed' }).orderBy('id', 'desc').first();
  expect(audit.after).toMatchObject({ code: 'transport', name: '南京市交通运输局（测试）' });
  await api.call('PUT', '/api/v1/departments/transport', { token, body: { name: '南京市交通运输局', reconsiderationBody: '南京市人民政府' } });
});

/**
 * Disclosure and checks through the API against the dev server: the public list and records (natural persons
 * desensitised), list checks (logged), and the subject's own report; an entry removed early disappears from
 * the public views and checks while the subject's report still shows it.
 */
import { MEASURES } from '../shared/domain';
import { removeFromListSignal } from '../shared/inclusion';
import { startTestApi, tokens, type TestApi } from './helpers/api';
import { newCitizenId, newUscc } from './helpers/fixtures';
import { listThroughApi, waitForCase } from './helpers/inclusion-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

test('a listed organisation and a listed person as the public, an agency and the subject see them; removal hides them from all but the subject', async () => {
  const officer = await tokens.officer();
  const uscc = newUscc();
  const org = (await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: '南京某某工程有限公司', identifier: { type: 'uscc', value: uscc } } })).body;
  const citizenId = newCitizenId('1970-01-01');
  const person = (await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'natural_person', name: '欧阳某某', identifier: { type: 'citizen_id', value: citizenId } } })).body;
  const orgCase = await listThroughApi(api, org.id);
  await listThroughApi(api, person.id, ['restrict_commendation']);

  const publicOrg = await api.call('GET', `/api/v1/public/serious-dishonesty-list?q=${encodeURIComponent('某某工程')}`);
  expect(publicOrg.status).toBe(200);
  expect(publicOrg.body.items).toEqual([expect.objectContaining({ subject: { kind: 'legal_person', name: '南京某某工程有限公司', identifier: uscc }, field: 'fair_competition_social_order' })]);
  expect(publicOrg.body.items[0].measures.map((m: any) => m.code)).toEqual(['key_supervision', 'restrict_government_projects']);
  const publicPerson = await api.call('GET', `/api/v1/public/serious-dishonesty-list?q=${citizenId}`);
  expect(publicPerson.body.items).toHaveLength(1);
  expect(publicPerson.body.items[0].subject).toEqual({ kind: 'natural_person', name: '欧***', identifier: `${citizenId.slice(0, 4)}**********${citizenId.slice(-4)}` });
  expect(JSON.stringify(publicPerson.body)).not.toContain(citizenId);
  const records = await api.call('GET', `/api/v1/public/credit-records?identifier=${citizenId}`);
  expect(records.body.subject.name).toBe('欧***');
  expect(records.body.records).toEqual([expect.objectContaining({ category: 'dishonest', severity: 'serious', state: 'active' })]);

  const agencyId = '00000000-0000-4000-8000-00000000a001';
  const check = await api.call('POST', '/api/v1/list-checks', { token: await tokens.agency(agencyId), body: { identifiers: [uscc, citizenId, newUscc()], purpose: '贷款审查' } });
  expect(check.status).toBe(200);
  expect(check.body.results.map((r: any) => r.listed)).toEqual([true, true, false]);
  expect(check.body.results[1].entries[0].measures[0]).toBe('restrict_commendation');
  // Each measure named is explained once, beside the results.
  expect(Object.keys(check.body.measures).sort()).toEqual([...new Set(check.body.results.flatMap((r: any) => r.entries.flatMap((e: any) => e.measures)))].sort());
  expect(check.body.measures.restrict_commendation).toBe(MEASURES.restrict_commendation);
  expect(await api.db('list_checks').where({ agency_id: agencyId, purpose: '贷款审查' }).first()).toMatchObject({ identifiers: 3, listed: 2, role: 'agency' });
  expect((await api.call('POST', '/api/v1/list-checks', { token: await tokens.subject(org.id), body: { identifiers: [uscc], purpose: 'x' } })).status).toBe(403);

  // Early removal (as credit repair or revocation sends it): gone from public views and checks.
  await api.client.workflow.getHandle(orgCase.id).signal(removeFromListSignal, { reason: 'credit_repair', by: 'officer-market-regulation' });
  await waitForCase(api, orgCase.id, officer, (c) => c.status === 'removed');
  expect((await api.call('GET', `/api/v1/public/serious-dishonesty-list?q=${uscc}`)).body.items).toEqual([]);
  expect((await api.call('GET', `/api/v1/public/credit-records?identifier=${uscc}`)).body.records).toEqual([]);
  const after = await api.call('POST', '/api/v1/list-checks', { token: officer, body: { identifiers: [uscc], purpose: '招标审查' } });
  expect(after.body.results[0]).toEqual({ identifier: uscc, status: 'not_listed', listed: false, entries: [] });

  const report = await api.call('GET', '/api/v1/me/report', { token: await tokens.subject(org.id) });
  expect(report.status).toBe(200);
  expect(report.body.records).toEqual([expect.objectContaining({ severity: 'serious', state: 'publicity_stopped', department: 'market-regulation' })]);
  expect(report.body.records[0].history[0]).toMatchObject({ change: 'publicity_stopped', reason: 'list entry removed: credit_repair' });
  expect(report.body.listEntries[0]).toMatchObject({ removalReason: 'credit_repair' });
  expect(report.body.cases[0]).toMatchObject({ id: orgCase.id, status: 'removed' });
  expect(report.body.cases[0].documents.map((d: any) => d.kind)).toContain('removal_notice');
  expect(report.body.inquiries).toEqual(expect.arrayContaining([expect.objectContaining({ actor: `agency-${agencyId}`, role: 'agency', purpose: '贷款审查', what: 'list check' })]));
});

/**
 * What the person may do about it (JS Art 39, 62(3), 63; DOMAIN.md §5): authorise an agency or a person to read its
 * file within a scope and for a time, revoke it, see every read in its report; and take its credit report as a PDF
 * whose verification code anyone can check.
 */
import { createHash } from 'node:crypto';
import { startTestApi, tokens, writeCounts, type TestApi } from './helpers/api';
import { newCitizenId, newUscc } from './helpers/fixtures';
import { extract } from './helpers/pdf';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

let n = 0;
const basis = () => ({ kind: 'administrative_penalty', number: `苏税罚〔2026〕${500 + ++n}号`, effectiveOn: '2026-10-09', issuer: '国家税务总局南京市税务局' });

async function personWithRecords() {
  const officer = await tokens.officer('tax');
  const person = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'natural_person', name: '蒋某某', identifier: { type: 'citizen_id', value: newCitizenId('1979-09-09') } } });
  const dishonest = await api.call('POST', '/api/v1/credit-records', {
    token: officer,
    body: { subjectId: person.body.id, category: 'dishonest', severity: 'general', catalogueItem: 'administrative_penalty', basis: basis(), content: '逾期未申报个人所得税，被处以罚款人民币一千元' },
  });
  const good = await api.call('POST', '/api/v1/credit-records', {
    token: officer,
    body: { subjectId: person.body.id, category: 'good', catalogueItem: 'commendation', basis: { ...basis(), kind: 'other_legal_document' }, content: '获评纳税信用A级' },
  });
  const consentOnly = await api.call('POST', '/api/v1/credit-records', {
    token: officer,
    body: {
      subjectId: person.body.id, category: 'basic', catalogueItem: 'administrative_confirmation', basis: { ...basis(), kind: 'other_legal_document' },
      content: '2025年度个人所得税纳税额人民币三万元', sensitive: { legalBasis: '《中华人民共和国税收征收管理法》第十五条' },
    },
  });
  for (const r of [dishonest, good, consentOnly]) expect(r.status).toBe(201);
  return { id: person.body.id as string, identifier: person.body.identifier.value as string, token: await tokens.subject(person.body.id), records: { dishonest: dishonest.body.id, good: good.body.id, consentOnly: consentOnly.body.id } };
}

async function registerAgency() {
  const res = await api.call('POST', '/api/v1/agencies', { token: await tokens.supervisor('credit-comprehensive'), body: { name: '南京某某征信服务有限公司', uscc: newUscc() } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

test('a subject authorises an agency; the agency reads within the scope, is refused outside it and after revocation; every read is in the inquiry log', async () => {
  const person = await personWithRecords();
  const agencyId = await registerAgency();
  const agency = await tokens.agency(agencyId);
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString();

  // Before any authorisation the agency may not read the file.
  expect((await api.call('GET', `/api/v1/subjects/${person.id}/file`, { token: agency })).status).toBe(403);

  const before = await writeCounts(api.db);
  const unknownAgency = await api.call('POST', '/api/v1/me/authorisations', { token: person.token, body: { grantee: { type: 'agency', id: '00000000-0000-4000-8000-0000000000ff' }, scope: { records: 'all', consentOnly: false }, until } });
  expect(unknownAgency.status).toBe(422);
  const past = await api.call('POST', '/api/v1/me/authorisations', { token: person.token, body: { grantee: { type: 'agency', id: agencyId }, scope: { records: 'all', consentOnly: false }, until: '2020-01-01T00:00:00+08:00' } });
  expect(past.status).toBe(422);
  expect(await writeCounts(api.db)).toEqual(before);

  const granted = await api.call('POST', '/api/v1/me/authorisations', {
    token: person.token,
    headers: { 'Idempotency-Key': `auth-${person.id}` },
    body: { grantee: { type: 'agency', id: agencyId }, scope: { records: ['dishonest'], consentOnly: false }, until },
  });
  expect(granted.status).toBe(201);
  expect(granted.body).toMatchObject({ grantee: { type: 'agency', id: agencyId }, scope: { records: ['dishonest'], consentOnly: false }, until: new Date(until).toISOString(), status: 'active' });
  expect((await api.call('GET', '/api/v1/me/authorisations', { token: person.token })).body.items).toEqual([expect.objectContaining({ id: granted.body.id, status: 'active' })]);

  const file = await api.call('GET', `/api/v1/subjects/${person.id}/file?purpose=${encodeURIComponent('贷款审查')}`, { token: agency });
  expect(file.status).toBe(200);
  expect(file.body.subject).toMatchObject({ id: person.id, name: '蒋某某' });
  expect(file.body.records.map((r: any) => r.id)).toEqual([person.records.dishonest]);
  expect(file.body.authorisation).toMatchObject({ id: granted.body.id, scope: { records: ['dishonest'], consentOnly: false } });

  // Another subject's file is not in the authorisation; nor may a stranger agency read this one.
  const other = await personWithRecords();
  expect((await api.call('GET', `/api/v1/subjects/${other.id}/file`, { token: agency })).status).toBe(403);
  expect((await api.call('GET', `/api/v1/subjects/${person.id}/file`, { token: await tokens.agency(await registerAgency()) })).status).toBe(403);

  const revoked = await api.call('DELETE', `/api/v1/me/authorisations/${granted.body.id}`, { token: person.token });
  expect(revoked.status).toBe(200);
  expect(revoked.body).toMatchObject({ id: granted.body.id, status: 'revoked', revokedAt: expect.any(String) });
  expect((await api.call('GET', `/api/v1/subjects/${person.id}/file`, { token: agency })).status).toBe(403);
  // Another subject cannot revoke it, nor see it.
  expect((await api.call('DELETE', `/api/v1/me/authorisations/${granted.body.id}`, { token: other.token })).status).toBe(404);

  const report = await api.call('GET', '/api/v1/me/report', { token: person.token });
  expect(report.body.inquiries).toEqual(expect.arrayContaining([
    expect.objectContaining({ actor: `agency-${agencyId}`, role: 'agency', purpose: '贷款审查', what: `file (authorisation ${granted.body.id})` }),
  ]));
  expect(report.body.authorisations).toEqual([expect.objectContaining({ id: granted.body.id, status: 'revoked' })]);
});

test('a person authorised with consent-only scope sees consent-only records; the authorisation ends by itself', async () => {
  const person = await personWithRecords();
  const officer = await tokens.officer('tax');
  const friend = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'natural_person', name: '沈某某', identifier: { type: 'citizen_id', value: newCitizenId('1982-02-02') } } });
  const friendToken = await tokens.subject(friend.body.id);
  const granted = await api.call('POST', '/api/v1/me/authorisations', {
    token: person.token,
    body: { grantee: { type: 'person', subjectId: friend.body.id }, scope: { records: 'all', consentOnly: true }, until: new Date(Date.now() + 3000).toISOString() },
  });
  expect(granted.status).toBe(201);
  const file = await api.call('GET', `/api/v1/subjects/${person.id}/file`, { token: friendToken });
  expect(file.status).toBe(200);
  expect(file.body.records.map((r: any) => r.id).sort()).toEqual(Object.values(person.records).sort());
  expect(file.body.records.find((r: any) => r.id === person.records.consentOnly).content).toBe('2025年度个人所得税纳税额人民币三万元');

  // Without consent-only scope the consent-only record's content is not shown.
  const agencyId = await registerAgency();
  await api.call('POST', '/api/v1/me/authorisations', { token: person.token, body: { grantee: { type: 'agency', id: agencyId }, scope: { records: 'all', consentOnly: false }, until: new Date(Date.now() + 86_400_000).toISOString() } });
  const narrow = await api.call('GET', `/api/v1/subjects/${person.id}/file`, { token: await tokens.agency(agencyId) });
  expect(narrow.body.records.find((r: any) => r.id === person.records.consentOnly)).not.toHaveProperty('content');

  await new Promise((r) => setTimeout(r, 3200));
  const expired = await api.call('GET', `/api/v1/subjects/${person.id}/file`, { token: friendToken });
  expect(expired.status).toBe(403);
  expect((await api.call('GET', '/api/v1/me/authorisations', { token: person.token })).body.items).toEqual(
    expect.arrayContaining([expect.objectContaining({ id: granted.body.id, status: 'expired' })]),
  );
});

test('the credit report as a PDF: records with sources and states, changes, inquiries, and a verification code anyone can check', async () => {
  const person = await personWithRecords();
  // An inquiry into the file, to be printed.
  await api.call('GET', `/api/v1/subjects/${person.id}?purpose=${encodeURIComponent('行政审批')}`, { token: await tokens.officer('tax') });

  const res = await api.call('GET', '/api/v1/me/report', { token: person.token, headers: { Accept: 'application/pdf' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const { text } = extract(res.raw);
  for (const printed of ['信用报告', '蒋某某', person.identifier, '逾期未申报个人所得税', '国家税务总局南京市税务局', '获评纳税信用A级', '行政审批', 'officer-tax']) {
    expect(text).toContain(printed);
  }
  const code = /验证码[:：]([A-Z0-9-]{19})/.exec(text)?.[1];
  expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);

  const verified = await api.call('GET', `/api/v1/public/report-verification/${code}`);
  expect(verified.status).toBe(200);
  expect(verified.body).toMatchObject({
    code,
    issuedAt: expect.any(String),
    subject: { kind: 'natural_person', name: '蒋**', identifier: `${person.identifier.slice(0, 4)}**********${person.identifier.slice(-4)}` },
    sha256: createHash('sha256').update(res.raw).digest('hex'),
  });
  expect(JSON.stringify(verified.body)).not.toContain(person.identifier);
  expect((await api.call('GET', '/api/v1/public/report-verification/AAAA-BBBB-CCCC-DDDD')).status).toBe(404);
  expect((await api.call('GET', '/api/v1/public/report-verification/not-a-code')).status).toBe(400);

  // The OpenAPI document offers both answers of the report, and the new routes.
  const openapi = (await api.call('GET', '/openapi.json')).body;
  expect(Object.keys(openapi.paths['/api/v1/me/report'].get.responses['200'].content)).toEqual(['application/json', 'application/pdf']);
  expect(Object.keys(openapi.paths['/api/v1/me/authorisations/{id}'].delete.responses).sort()).toEqual(['200', '401', '403', '404']);
  expect(openapi.paths['/api/v1/subjects/{id}/file'].get.parameters.map((p: any) => p.name)).toEqual(['id', 'purpose']);
});

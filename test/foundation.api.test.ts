/**
 * The foundation through HTTP, as a client would use it: authentication and authorisation on every endpoint,
 * validation with field details, nothing written on refusal, audit and inquiry logs, calendar and time limits,
 * idempotency, health and the OpenAPI document.
 */
import stableStringify from 'fast-json-stable-stringify';
import { createHash } from 'node:crypto';
import { ROUTES } from '../api/app';
import { newCitizenId, newUscc } from './helpers/fixtures';
import { createDb } from '../db/knex';
import { startTestApi, tokens, writeCounts, type TestApi } from './helpers/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ worker: false });
});
afterAll(() => api.close());

async function registerOrganisation(token: string) {
  const res = await api.call('POST', '/api/v1/subjects', { token, body: { kind: 'legal_person', name: '南京某某建材有限公司', identifier: { type: 'uscc', value: newUscc() } } });
  expect(res.status).toBe(201);
  return res.body;
}

function concrete(path: string) {
  return path
    .replace('{id}', path.includes('inclusion-cases') ? 'inclusion-00000000-0000-4000-8000-000000000000' : '00000000-0000-4000-8000-000000000000')
    .replace('{date}', '2026-12-31');
}

test('every protected endpoint refuses a request without a token (401) or with a forged one, writing nothing', async () => {
  const before = await writeCounts(api.db);
  for (const r of ROUTES.filter((x) => x.access !== 'public')) {
    const path = concrete(r.path) + (r.path === '/api/v1/calendar' ? '?year=2026' : '');
    const missing = await api.call(r.method.toUpperCase(), path, { body: r.method === 'get' ? undefined : {} });
    expect({ route: `${r.method} ${r.path}`, status: missing.status, code: missing.body?.error?.code }).toEqual({ route: `${r.method} ${r.path}`, status: 401, code: 'unauthenticated' });
    const forged = await api.call(r.method.toUpperCase(), path, { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6Im9mZmljZXIifQ.x', body: r.method === 'get' ? undefined : {} });
    expect(forged.status).toBe(401);
  }
  expect(await writeCounts(api.db)).toEqual(before);
});

test('every endpoint refuses roles it does not serve (403), writing nothing', async () => {
  const subjectToken = await tokens.subject('00000000-0000-4000-8000-000000000001');
  const agencyToken = await tokens.agency('00000000-0000-4000-8000-000000000002');
  const before = await writeCounts(api.db);
  for (const r of ROUTES.filter((x) => Array.isArray(x.access))) {
    const roles = r.access as string[];
    for (const [role, token] of [['subject', subjectToken], ['agency', agencyToken]] as const) {
      if (roles.includes(role)) continue;
      const res = await api.call(r.method.toUpperCase(), concrete(r.path), { token, body: r.method === 'get' ? undefined : {} });
      expect({ route: `${r.method} ${r.path}`, role, status: res.status, code: res.body?.error?.code }).toEqual({ route: `${r.method} ${r.path}`, role, status: 403, code: 'forbidden' });
    }
  }
  expect(await writeCounts(api.db)).toEqual(before);
});

test('bad bodies get 400 validation_failed with each bad field, and nothing is written', async () => {
  const officer = await tokens.officer();
  const before = await writeCounts(api.db);
  const bad = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'company', name: '', identifier: { type: 'uscc' } } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('validation_failed');
  expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['body.kind', 'body.name', 'body.identifier.value']));

  const valid = newUscc();
  const corrupted = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
  const check = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: '某公司', identifier: { type: 'uscc', value: corrupted } } });
  expect(check.status).toBe(400);
  expect(check.body.error.details.fields[0]).toMatchObject({ path: 'body.identifier.value', code: 'check_character' });
  const person = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'natural_person', name: '张三', identifier: { type: 'citizen_id', value: '11010519491231002Y' } } });
  expect(person.status).toBe(400);

  const record = await api.call('POST', '/api/v1/credit-records', { token: officer, body: { subjectId: 'nope', category: 'dishonest', catalogueItem: 'commendation', basis: { kind: 'x' }, content: '' } });
  expect(record.status).toBe(400);
  expect(record.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['body.subjectId', 'body.basis.kind', 'body.content']));

  const notJson = await api.call('POST', '/api/v1/subjects', { token: officer, body: '{"kind":', headers: { 'Content-Type': 'application/json' } });
  expect(notJson.status).toBe(400);
  expect(notJson.body.error.code).toBe('validation_failed');
  expect(await writeCounts(api.db)).toEqual(before);
});

test('subjects: registration with responsible persons, duplicate refused with the existing id, reads logged as inquiries', async () => {
  const officer = await tokens.officer();
  const personRes = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'natural_person', name: '李四', identifier: { type: 'citizen_id', value: newCitizenId('1980-02-29') } } });
  expect(personRes.status).toBe(201);
  const uscc = newUscc();
  const org = await api.call('POST', '/api/v1/subjects', {
    token: officer,
    body: { kind: 'legal_person', name: '南京某某科技有限公司', identifier: { type: 'uscc', value: uscc.toLowerCase() }, responsiblePersons: [{ role: 'legal_representative', subjectId: personRes.body.id }] },
  });
  expect(org.status).toBe(201);
  expect(org.body.identifier.value).toBe(uscc);
  expect(org.body.responsiblePersons).toEqual([{ role: 'legal_representative', subjectId: personRes.body.id }]);

  const before = await writeCounts(api.db);
  const duplicate = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: '另一个名字', identifier: { type: 'uscc', value: uscc } } });
  expect(duplicate.status).toBe(409);
  expect(duplicate.body.error).toMatchObject({ code: 'duplicate_subject', details: { existingId: org.body.id } });
  const orgAsPerson = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: 'x', identifier: { type: 'uscc', value: newUscc() }, responsiblePersons: [{ role: 'actual_controller', subjectId: org.body.id }] } });
  expect(orgAsPerson.status).toBe(422);
  expect(await writeCounts(api.db)).toEqual(before);

  const read = await api.call('GET', `/api/v1/subjects/${org.body.id}`, { token: await tokens.supervisor('tax') });
  expect(read.status).toBe(200);
  const own = await api.call('GET', `/api/v1/subjects/${org.body.id}`, { token: await tokens.subject(org.body.id) });
  expect(own.status).toBe(200);
  const other = await api.call('GET', `/api/v1/subjects/${org.body.id}`, { token: await tokens.subject(personRes.body.id) });
  expect(other.status).toBe(404);
  const inquiries = await api.db('inquiry_log').where({ subject_id: org.body.id });
  expect(inquiries.map((i) => [i.actor, i.role, i.department])).toEqual([['supervisor-tax', 'supervisor', 'tax']]);
});

test('credit records: dates from the time limits, JS Art 62 information refused, sensitive information needs consent', async () => {
  const officer = await tokens.officer('tax');
  const org = await registerOrganisation(officer);
  const basis = { kind: 'administrative_penalty', number: '宁税罚〔2026〕7号', effectiveOn: '2026-03-10', issuer: '国家税务总局南京市税务局' };
  const res = await api.call('POST', '/api/v1/credit-records', { token: officer, body: { subjectId: org.id, category: 'dishonest', severity: 'general', catalogueItem: 'administrative_penalty', basis, content: '逾期未申报' } });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ department: 'tax', state: 'active', publicityStart: '2026-03-10', minimumPublicityEnd: '2026-06-10', publicityEnd: '2027-03-10', retentionEnd: '2032-03-10' });
  const minor = await api.call('POST', '/api/v1/credit-records', { token: officer, body: { subjectId: org.id, category: 'dishonest', severity: 'minor', catalogueItem: 'administrative_penalty', basis, content: '轻微违法' } });
  expect(minor.body).toMatchObject({ publicityEnd: '2026-03-10', retentionEnd: '2031-03-10' });
  expect(minor.body.publicityStart).toBeUndefined();

  // JS Art 62 is about a natural person's own attributes (more in personal-information.api.test.ts).
  const person = (await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'natural_person', name: '韩某某', identifier: { type: 'citizen_id', value: newCitizenId() } } })).body;
  const before = await writeCounts(api.db);
  const forbidden = await api.call('POST', '/api/v1/credit-records', { token: officer, body: { subjectId: person.id, category: 'basic', catalogueItem: 'registration', basis, content: '当事人血型为A型，有宗教信仰' } });
  expect(forbidden.status).toBe(422);
  expect(forbidden.body.error).toMatchObject({ code: 'forbidden_information', details: { found: expect.arrayContaining([expect.objectContaining({ category: 'blood_type' }), expect.objectContaining({ category: 'religious_belief' })]) } });
  const noConsent = await api.call('POST', '/api/v1/credit-records', { token: officer, body: { subjectId: person.id, category: 'basic', catalogueItem: 'registration', basis, content: '年度纳税额 12 万元' } });
  expect(noConsent.status).toBe(422);
  expect(noConsent.body.error.code).toBe('consent_required');
  const outOfRange = await api.call('POST', '/api/v1/credit-records', { token: officer, body: { subjectId: org.id, category: 'dishonest', severity: 'general', catalogueItem: 'administrative_penalty', basis, content: 'x', publicityMonths: 24 } });
  expect(outOfRange.status).toBe(422);
  const future = await api.call('POST', '/api/v1/credit-records', { token: officer, body: { subjectId: org.id, category: 'dishonest', severity: 'general', catalogueItem: 'administrative_penalty', basis: { ...basis, effectiveOn: '2099-01-01' }, content: 'x' } });
  expect(future.body.error.code).toBe('basis_not_effective');
  expect(await writeCounts(api.db)).toEqual(before);

  const consented = await api.call('POST', '/api/v1/credit-records', { token: officer, body: { subjectId: person.id, category: 'basic', catalogueItem: 'registration', basis, content: '年度纳税额 12 万元', sensitive: { consentDocument: '授权书 2026-01' } } });
  expect(consented.status).toBe(201);
  const byOfficer = await api.call('GET', `/api/v1/credit-records/${consented.body.id}`, { token: officer });
  expect(byOfficer.body.content).toBeUndefined();
  const bySubject = await api.call('GET', `/api/v1/credit-records/${consented.body.id}`, { token: await tokens.subject(person.id) });
  expect(bySubject.body.content).toBe('年度纳税额 12 万元');
  // An organisation's own figures are not a person's consent-only information; it may still be marked sensitive.
  const orgSensitive = await api.call('POST', '/api/v1/credit-records', { token: officer, body: { subjectId: org.id, category: 'basic', catalogueItem: 'registration', basis, content: '年度纳税额 120 万元', sensitive: { consentDocument: '授权书 2026-02' } } });
  expect(orgSensitive.status).toBe(201);
  const list = await api.call('GET', `/api/v1/subjects/${org.id}/credit-records?limit=2`, { token: officer });
  expect(list.body.items).toHaveLength(2);
  const next = await api.call('GET', `/api/v1/subjects/${org.id}/credit-records?limit=2&cursor=${list.body.nextCursor}`, { token: officer });
  expect(next.body.items).toHaveLength(1);
});

test('every change writes an audit event in its transaction; the database refuses UPDATE and DELETE of audit events', async () => {
  const officer = await tokens.officer();
  const org = await registerOrganisation(officer);
  const events = await api.db('audit_events').where({ subject_id: org.id });
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ action: 'subject.registered', actor: 'officer-market-regulation', role: 'officer' });
  // The application's role may not (test/least-privilege.test.ts); nor may the owner, whom the triggers stop.
  await expect(api.db('audit_events').where({ id: events[0].id }).update({ action: 'tampered' })).rejects.toThrow(/permission denied/);
  const owner = createDb(process.env.MIGRATION_DATABASE_URL!);
  try {
    await expect(owner('audit_events').where({ id: events[0].id }).update({ action: 'tampered' })).rejects.toThrow(/append-only/);
    await expect(owner('audit_events').where({ id: events[0].id }).delete()).rejects.toThrow(/append-only/);
    await expect(owner.raw('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
  } finally {
    await owner.destroy();
  }
  const audit = await api.call('GET', `/api/v1/audit?subjectId=${org.id}`, { token: await tokens.supervisor('credit-comprehensive') });
  expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['subject.registered']);
});

test('Idempotency-Key: the same request gives the first answer; the same key with another body is refused', async () => {
  const officer = await tokens.officer();
  const body = { kind: 'legal_person', name: '幂等测试有限公司', identifier: { type: 'uscc', value: newUscc() } };
  const first = await api.call('POST', '/api/v1/subjects', { token: officer, body, headers: { 'Idempotency-Key': 'k-1' } });
  const again = await api.call('POST', '/api/v1/subjects', { token: officer, body, headers: { 'Idempotency-Key': 'k-1' } });
  expect(first.status).toBe(201);
  expect(again.status).toBe(201);
  expect(again.body).toEqual(first.body);
  const other = await api.call('POST', '/api/v1/subjects', { token: officer, body: { ...body, name: '别的' }, headers: { 'Idempotency-Key': 'k-1' } });
  expect(other.status).toBe(409);
  expect(other.body.error.code).toBe('idempotency_key_reused');
  expect(await api.db('subjects').where({ identifier_value: body.identifier.value })).toHaveLength(1);

  // A first attempt that never answered (its API process died) blocks the key for a while, then is taken over.
  const retried = { kind: 'legal_person', name: '崩溃重试有限公司', identifier: { type: 'uscc', value: newUscc() } };
  const hash = createHash('sha256').update(`POST /api/v1/subjects\n${stableStringify(retried)}`).digest('hex');
  await api.db('idempotency_keys').insert({ actor: 'officer-market-regulation', key: 'k-crashed', route: 'POST /api/v1/subjects', request_hash: hash });
  const blocked = await api.call('POST', '/api/v1/subjects', { token: officer, body: retried, headers: { 'Idempotency-Key': 'k-crashed' } });
  expect(blocked.status).toBe(409);
  expect(blocked.body.error.code).toBe('request_in_progress');
  await api.db('idempotency_keys').where({ key: 'k-crashed' }).update({ created_at: new Date(Date.now() - 120_000) });
  const takenOver = await api.call('POST', '/api/v1/subjects', { token: officer, body: retried, headers: { 'Idempotency-Key': 'k-crashed' } });
  expect(takenOver.status).toBe(201);
  expect((await api.call('POST', '/api/v1/subjects', { token: officer, body: retried, headers: { 'Idempotency-Key': 'k-crashed' } })).body).toEqual(takenOver.body);
});

test('calendar: the year with holidays and make-up working days; only comprehensive supervisors change it', async () => {
  const officer = await tokens.officer();
  const year = await api.call('GET', '/api/v1/calendar?year=2026', { token: officer });
  expect(year.status).toBe(200);
  expect(year.body.days).toHaveLength(365);
  const day = (d: string) => year.body.days.find((x: { date: string }) => x.date === d);
  expect(day('2026-02-17')).toMatchObject({ workday: false }); // Spring Festival
  expect(day('2026-02-14')).toMatchObject({ workday: true }); // make-up Saturday
  expect(day('2026-10-01')).toMatchObject({ workday: false });
  expect(day('2026-11-20')).toMatchObject({ workday: true });

  const before = await writeCounts(api.db);
  const refused = await api.call('PUT', '/api/v1/calendar/2026-12-31', { token: await tokens.supervisor('tax'), body: { workday: false, note: '测试' } });
  expect(refused.status).toBe(403);
  expect(await writeCounts(api.db)).toEqual(before);
  const limits = await api.call('GET', '/api/v1/time-limits', { token: officer });
  expect(limits.body.limits.inclusion.statementWindowWorkingDays).toBe(5);
  const badLimits = await api.call('PUT', '/api/v1/time-limits', { token: await tokens.supervisor('credit-comprehensive'), body: { limits: { ...limits.body.limits, reminderPercent: 0 }, note: 'x' } });
  expect(badLimits.status).toBe(400);
  expect(badLimits.body.error.details.fields[0].path).toBe('body.limits.reminderPercent');
});

test('health, the OpenAPI document with every route, and the docs page', async () => {
  const health = await api.call('GET', '/health');
  expect(health.status).toBe(200);
  expect(health.body).toEqual({ status: 'ok', postgres: 'ok', temporal: 'ok' });
  const doc = await api.call('GET', '/openapi.json');
  // Every route is documented, and nothing else is.
  const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
  expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  expect(doc.body.paths['/api/v1/subjects'].post.requestBody.content['application/json'].schema.properties.kind.enum).toEqual(['natural_person', 'legal_person', 'unincorporated_org']);
  const caseSchema = doc.body.paths['/api/v1/inclusion-cases/{id}'].get.responses['200'].content['application/json'].schema;
  expect(caseSchema.properties.deadlines.items.properties.state.enum).toEqual(['pending', 'due_soon', 'overdue', 'met', 'suspended', 'cancelled']);
  expect(doc.body.paths['/api/v1/inclusion-cases/{id}/statements'].post.responses['409'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
  // Swagger UI, served from the swagger-ui-dist package (test/pages.browser.test.ts renders it in a browser).
  const docs = await api.call('GET', '/docs');
  expect(docs.status).toBe(200);
  expect(String(docs.body)).toContain('<script src="/docs/swagger-ui-bundle.js"></script>');
  expect(String(docs.body)).not.toMatch(/<script>/);
  const bundle = await api.call('GET', '/docs/swagger-ui-bundle.js');
  expect(bundle.status).toBe(200);
  expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  const unknown = await api.call('GET', '/api/v1/nothing-here');
  expect(unknown.body.error.code).toBe('not_found');
});

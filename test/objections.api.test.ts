/**
 * Objections and revocations through HTTP, as clients use them, against the dev server with a real worker: who may
 * object and act, one open objection per record, refusals mapped to their status, nothing written on refusal.
 */
import { newUscc } from './helpers/fixtures';
import { startTestApi, tokens, writeCounts, type TestApi } from './helpers/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** An organisation and a dishonest record of market-regulation about it, entered through the API. */
async function organisationWithRecord() {
  const officer = await tokens.officer('market-regulation');
  const subject = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: '南京某某商贸有限公司', identifier: { type: 'uscc', value: newUscc() } } });
  expect(subject.status).toBe(201);
  const record = await api.call('POST', '/api/v1/credit-records', {
    token: officer,
    body: {
      subjectId: subject.body.id,
      category: 'dishonest',
      severity: 'general',
      catalogueItem: 'administrative_penalty',
      basis: { kind: 'administrative_penalty', number: `宁市监罚〔2026〕${Math.floor(Math.random() * 9000) + 1000}号`, effectiveOn: '2026-10-09', issuer: '南京市市场监督管理局' },
      content: '未按规定公示年度报告，被处以罚款人民币五千元',
    },
  });
  expect(record.status).toBe(201);
  return { subjectId: subject.body.id as string, recordId: record.body.id as string, subjectToken: await tokens.subject(subject.body.id) };
}

const objection = (recordId: string) => ({ creditRecordId: recordId, grounds: 'error', reasons: '罚款金额记载错误，处罚决定书载明为人民币三千元' });

test('a subject objects to its record; a second open objection on it is refused with 409, and after the reply a new one may start', async () => {
  const { recordId, subjectToken } = await organisationWithRecord();
  const first = await api.call('POST', '/api/v1/objections', { token: subjectToken, body: { ...objection(recordId), evidence: [{ name: '处罚决定书.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 test').toString('base64') }] } });
  expect(first.status).toBe(201);
  expect(first.headers.get('location')).toBe(`/api/v1/objections/${first.body.id}`);
  expect(first.body).toMatchObject({ type: 'objection', status: 'awaiting_acceptance', department: 'market-regulation', allowedActions: [] });
  expect(first.body.deadlines).toEqual([expect.objectContaining({ id: 'acceptance', workingDays: 2, state: 'pending' })]);
  expect(await api.db('evidence_files').where({ case_id: first.body.id })).toHaveLength(1);
  const record = await api.call('GET', `/api/v1/credit-records/${recordId}`, { token: subjectToken });
  expect(record.body.state).toBe('under_objection');

  const before = await writeCounts(api.db);
  const second = await api.call('POST', '/api/v1/objections', { token: subjectToken, body: { ...objection(recordId), grounds: 'privacy' } });
  expect(second.status).toBe(409);
  expect(second.body.error.code).toBe('objection_already_open');
  expect(await writeCounts(api.db)).toEqual(before);

  // The department answers; the record is corrected and the objection is closed, so the record may be objected to again.
  const officer = await tokens.officer('market-regulation');
  const accepted = await api.call('POST', `/api/v1/objections/${first.body.id}/acceptance`, { token: officer, body: { accepted: true } });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ status: 'verifying', allowedActions: ['result', 'suspend'] });
  const missing = await api.call('POST', `/api/v1/objections/${first.body.id}/result`, { token: officer, body: { outcome: 'corrected', reasons: '经核实' } });
  expect(missing.status).toBe(400);
  const result = await api.call('POST', `/api/v1/objections/${first.body.id}/result`, { token: officer, body: { outcome: 'corrected', correctedContent: '未按规定公示年度报告，被处以罚款人民币三千元', reasons: '经核实，金额记载错误，予以更正' } });
  expect(result.status).toBe(200);
  expect(result.body.status).toBe('corrected');
  expect(result.body.documents).toEqual([expect.objectContaining({ kind: 'objection_reply' })]);
  const corrected = await api.call('GET', `/api/v1/credit-records/${recordId}`, { token: subjectToken });
  expect(corrected.body).toMatchObject({ state: 'corrected', content: '未按规定公示年度报告，被处以罚款人民币三千元' });
  expect(corrected.body.history.map((h: { change: string }) => h.change)).toEqual(['under_objection', 'objection_corrected']);

  const again = await api.call('POST', '/api/v1/objections', { token: subjectToken, body: objection(recordId) });
  expect(again.status).toBe(201);
  const view = await api.call('GET', `/api/v1/objections/${again.body.id}`, { token: subjectToken });
  expect(view.status).toBe(200);
});

test('two objections to the same record at the same time: one starts, the other is refused with 409', async () => {
  const { recordId, subjectToken } = await organisationWithRecord();
  const replies = await Promise.all([0, 1].map(() => api.call('POST', '/api/v1/objections', { token: subjectToken, body: objection(recordId) })));
  expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
  expect(replies.find((r) => r.status === 409)!.body.error.code).toBe('objection_already_open');
  expect(await api.db('cases').where({ record_id: recordId, type: 'objection' })).toHaveLength(1);
});

test('a subject objecting to someone else’s record is refused, and cannot see someone else’s objection', async () => {
  const mine = await organisationWithRecord();
  const theirs = await organisationWithRecord();
  const before = await writeCounts(api.db);
  const res = await api.call('POST', '/api/v1/objections', { token: mine.subjectToken, body: objection(theirs.recordId) });
  expect(res.status).toBe(422);
  expect(res.body.error.code).toBe('record_not_subjects');
  expect(await writeCounts(api.db)).toEqual(before);

  const officerTries = await api.call('POST', '/api/v1/objections', { token: await tokens.officer('market-regulation'), body: objection(theirs.recordId) });
  expect(officerTries.status).toBe(403);

  const theirObjection = await api.call('POST', '/api/v1/objections', { token: theirs.subjectToken, body: objection(theirs.recordId) });
  expect(theirObjection.status).toBe(201);
  expect((await api.call('GET', `/api/v1/objections/${theirObjection.body.id}`, { token: mine.subjectToken })).status).toBe(404);
});

test('an officer or supervisor of another department is refused with 403 and changes nothing', async () => {
  const { recordId, subjectToken } = await organisationWithRecord();
  const created = await api.call('POST', '/api/v1/objections', { token: subjectToken, body: objection(recordId) });
  expect(created.status).toBe(201);
  const id = created.body.id;
  const taxOfficer = await tokens.officer('tax');
  const taxSupervisor = await tokens.supervisor('tax');

  const before = await writeCounts(api.db);
  for (const [path, token, body] of [
    ['acceptance', taxOfficer, { accepted: true }],
    ['suspension', taxOfficer, { reason: '等待材料' }],
    ['extension', taxSupervisor, { workingDays: 5, reason: '案情复杂' }],
  ] as const) {
    const res = await api.call('POST', `/api/v1/objections/${id}/${path}`, { token, body });
    expect({ path, status: res.status, code: res.body.error?.code }).toEqual({ path, status: 403, code: 'forbidden' });
  }
  expect((await api.call('GET', `/api/v1/objections/${id}`, { token: taxOfficer })).status).toBe(403);
  expect(await writeCounts(api.db)).toEqual(before);
  const view = await api.call('GET', `/api/v1/objections/${id}`, { token: await tokens.officer('market-regulation') });
  expect(view.body).toMatchObject({ status: 'awaiting_acceptance', allowedActions: ['accept', 'suspend'] });

  // The supervisor of the department may extend once; a second extension and one too long are refused.
  const officer = await tokens.officer('market-regulation');
  const supervisor = await tokens.supervisor('market-regulation');
  expect((await api.call('POST', `/api/v1/objections/${id}/acceptance`, { token: officer, body: { accepted: true } })).status).toBe(200);
  const tooLong = await api.call('POST', `/api/v1/objections/${id}/extension`, { token: supervisor, body: { workingDays: 11, reason: '案情复杂' } });
  expect([tooLong.status, tooLong.body.error.code]).toEqual([422, 'extension_too_long']);
  expect((await api.call('POST', `/api/v1/objections/${id}/extension`, { token: officer, body: { workingDays: 5, reason: '案情复杂' } })).status).toBe(403);
  expect((await api.call('POST', `/api/v1/objections/${id}/extension`, { token: supervisor, body: { workingDays: 5, reason: '案情复杂' } })).status).toBe(200);
  const twice = await api.call('POST', `/api/v1/objections/${id}/extension`, { token: supervisor, body: { workingDays: 1, reason: '再次延长' } });
  expect([twice.status, twice.body.error.code]).toEqual([409, 'extension_already_granted']);
  expect((await api.call('POST', `/api/v1/objections/${id}/suspension`, { token: officer, body: { reason: '等待鉴定' } })).status).toBe(200);
  const suspendedTwice = await api.call('POST', `/api/v1/objections/${id}/suspension`, { token: officer, body: { reason: '等待鉴定' } });
  expect([suspendedTwice.status, suspendedTwice.body.error.code]).toEqual([409, 'already_suspended']);
  expect((await api.call('POST', `/api/v1/objections/${id}/resumption`, { token: officer, body: { reason: '鉴定完成' } })).status).toBe(200);
});

test('a revocation is reported by the providing department and confirmed by credit-comprehensive only', async () => {
  const { recordId } = await organisationWithRecord();
  const report = { creditRecordId: recordId, change: 'revoked', document: { number: '宁行复〔2026〕45号', effectiveOn: '2026-11-02' } };
  const before = await writeCounts(api.db);
  const wrongDepartment = await api.call('POST', '/api/v1/revocations', { token: await tokens.officer('tax'), body: report });
  expect(wrongDepartment.status).toBe(403);
  const noContent = await api.call('POST', '/api/v1/revocations', { token: await tokens.officer('market-regulation'), body: { ...report, change: 'altered' } });
  expect(noContent.status).toBe(400);
  expect(await writeCounts(api.db)).toEqual(before);

  const officer = await tokens.officer('market-regulation');
  const created = await api.call('POST', '/api/v1/revocations', { token: officer, body: report });
  expect(created.status).toBe(201);
  expect(created.body.deadlines.map((d: { id: string; state: string }) => [d.id, d.state])).toEqual([['notification', 'met'], ['platform_change', 'pending']]);
  expect(created.body.details.report).toMatchObject({ notificationDueDate: '2026-11-09' });
  expect(created.body.allowedActions).toEqual([]);
  const second = await api.call('POST', '/api/v1/revocations', { token: officer, body: report });
  expect([second.status, second.body.error.code]).toEqual([409, 'revocation_already_open']);

  const id = created.body.id;
  expect((await api.call('POST', `/api/v1/revocations/${id}/confirmation`, { token: officer })).status).toBe(403);
  const platform = await tokens.officer('credit-comprehensive');
  expect((await api.call('GET', `/api/v1/revocations/${id}`, { token: platform })).body.allowedActions).toEqual(['confirm']);
  const confirmed = await api.call('POST', `/api/v1/revocations/${id}/confirmation`, { token: platform });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.status).toBe('applied');
  const record = await api.call('GET', `/api/v1/credit-records/${recordId}`, { token: officer });
  expect(record.body.state).toBe('revoked');
  const closed = await api.call('POST', `/api/v1/revocations/${id}/confirmation`, { token: platform });
  expect([closed.status, closed.body.error.code]).toEqual([409, 'case_closed']);
});

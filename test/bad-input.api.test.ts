/**
 * Input a careless client or an attacker sends, through HTTP: text with control characters, lone surrogates or
 * bidirectional overrides, tampered cursors, dates outside 1900-2199, a body claiming to be gzip. Each is a 400
 * naming what is wrong, and nothing is written.
 */
import { gzipSync } from 'node:zlib';
import { startTestApi, tokens, writeCounts, type TestApi } from './helpers/api';
import { newUscc } from './helpers/fixtures';
import { insertCreditRecord } from './helpers/records';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

async function organisationWithRecord() {
  const officer = await tokens.officer('market-regulation');
  const subject = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: '南京某某商贸有限公司', identifier: { type: 'uscc', value: newUscc() } } });
  expect(subject.status).toBe(201);
  const record = await insertCreditRecord(api.db, subject.body.id);
  return { subjectId: subject.body.id as string, recordId: record.id, subjectToken: await tokens.subject(subject.body.id), officer };
}

/** Expects a 400 naming `field`, and nothing written. */
async function refused(send: () => Promise<{ status: number; body: any }>, field: string) {
  const before = await writeCounts(api.db);
  const res = await send();
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
  expect(await writeCounts(api.db)).toEqual(before);
  return res;
}

describe('free text', () => {
  const BAD = {
    NUL: '理由\u0000',
    'a bell (U+0007)': '理由\u0007',
    'DEL (U+007F)': '理由\u007f',
    'a C1 control (U+0085)': '理由\u0085',
    'an unpaired surrogate': '理由\ud800',
    'a bidirectional override (U+202E)': '理由\u202e好',
    'a bidirectional isolate (U+2066)': '理由\u2066好',
  };

  test.each(Object.entries(BAD))('an objection whose reasons hold %s is refused with 400 naming body.reasons', async (_what, reasons) => {
    const { recordId, subjectToken } = await organisationWithRecord();
    const res = await refused(() => api.call('POST', '/api/v1/objections', { token: subjectToken, body: { creditRecordId: recordId, grounds: 'error', reasons } }), 'body.reasons');
    expect(JSON.stringify(res.body)).not.toContain(reasons);
    const record = await api.db('credit_records').where({ id: recordId }).first();
    expect(record.state).toBe('active');
  });

  test('line breaks and tabs are text; a name may not hold them', async () => {
    const { recordId, subjectToken, officer } = await organisationWithRecord();
    const ok = await api.call('POST', '/api/v1/objections', { token: subjectToken, body: { creditRecordId: recordId, grounds: 'error', reasons: '第一，金额错误。\r\n第二，\t日期错误。' } });
    expect(ok.status).toBe(201);
    await refused(() => api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: '南京某某\n商贸有限公司', identifier: { type: 'uscc', value: newUscc() } } }), 'body.name');
  });

  test('NUL is refused wherever text goes: statement, subject name, basis number, record content, query filters', async () => {
    const { subjectId, officer } = await organisationWithRecord();
    await refused(() => api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: '南京\u0000公司', identifier: { type: 'uscc', value: newUscc() } } }), 'body.name');
    await refused(
      () =>
        api.call('POST', '/api/v1/inclusion-cases', {
          token: officer,
          body: {
            subjectId,
            field: 'health_safety',
            basis: [{ kind: 'administrative_penalty', number: '宁市监罚〔2026〕1\u0000号', effectiveOn: '2026-08-01', issuer: '南京市市场监督管理局' }],
            facts: '生产经营添加非食用物质的食品',
            reasons: '情节严重',
            legalProvisions: ['《江苏省社会信用条例》第二十九条第一项'],
            measures: ['key_supervision'],
          },
        }),
      'body.basis.0.number',
    );
    await refused(
      () =>
        api.call('POST', '/api/v1/credit-records', {
          token: officer,
          body: { subjectId, category: 'dishonest', severity: 'general', catalogueItem: 'administrative_penalty', basis: { kind: 'administrative_penalty', number: '宁市监罚〔2026〕9号', effectiveOn: '2026-01-05', issuer: '南京市市场监督管理局' }, content: '罚款\u0000' },
        }),
      'body.content',
    );
    const supervisor = await tokens.supervisor('market-regulation');
    await refused(() => api.call('GET', `/api/v1/cases?status=${encodeURIComponent('open\u0000')}`, { token: supervisor }), 'query.status');
    await refused(() => api.call('GET', `/api/v1/public/serious-dishonesty-list?q=${encodeURIComponent('南京\u0000')}`), 'query.q');
  });

  test('text is stored NFC-normalised', async () => {
    const officer = await tokens.officer('market-regulation');
    const decomposed = 'Cafe\u0301 南京某某商贸有限公司';
    const res = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: decomposed, identifier: { type: 'uscc', value: newUscc() } } });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Caf\u00e9 南京某某商贸有限公司');
    const row = await api.db('subjects').where({ id: res.body.id }).first();
    expect(row.name).toBe('Caf\u00e9 南京某某商贸有限公司');
  });
});

describe('malformed requests are 400, never 500', () => {
  const tamperedCursors = [
    'not-a-cursor',
    Buffer.from(JSON.stringify(['0000-01-01T00:00:00.000Z', 'x'])).toString('base64url'),
    Buffer.from(JSON.stringify(['+275760-09-13T00:00:00.000Z', 'x'])).toString('base64url'),
    Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'x\u0000'])).toString('base64url'),
    Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 42])).toString('base64url'),
    Buffer.from(JSON.stringify(['2026-01-01', 'case'])).toString('base64url').replace(/.$/, '~'),
    Buffer.from(JSON.stringify({ at: 1 })).toString('base64url'),
  ];

  test.each(tamperedCursors)('a tampered cursor %s on the public list, /cases and /supervision/overdue', async (cursor) => {
    const supervisor = await tokens.supervisor('credit-comprehensive');
    for (const [path, token] of [
      ['/api/v1/public/serious-dishonesty-list', undefined],
      ['/api/v1/cases', supervisor],
      ['/api/v1/supervision/overdue', supervisor],
    ] as const) {
      const res = await api.call('GET', `${path}?cursor=${encodeURIComponent(cursor)}`, { token });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.details.fields[0].path).toBe('query.cursor');
    }
  });

  test.each(['0000-01-01', '1899-12-31', '2200-01-01', '9999-12-31'])('the date %s is refused in a record, a basis, a filter', async (date) => {
    const { subjectId, officer } = await organisationWithRecord();
    await refused(
      () =>
        api.call('POST', '/api/v1/credit-records', {
          token: officer,
          body: { subjectId, category: 'dishonest', severity: 'general', catalogueItem: 'administrative_penalty', basis: { kind: 'administrative_penalty', number: '宁市监罚〔2026〕9号', effectiveOn: date, issuer: '南京市市场监督管理局' }, content: '罚款' },
        }),
      'body.basis.effectiveOn',
    );
    await refused(
      () =>
        api.call('POST', '/api/v1/inclusion-cases', {
          token: officer,
          body: { subjectId, field: 'health_safety', basis: [{ kind: 'administrative_penalty', number: '宁市监罚〔2026〕8号', effectiveOn: date, issuer: '南京市市场监督管理局' }], facts: '事实', reasons: '理由', legalProvisions: ['第二十九条'], measures: ['key_supervision'] },
        }),
      'body.basis.0.effectiveOn',
    );
    await refused(() => api.call('GET', `/api/v1/cases?dueBefore=${date}`, { token: officer }), 'query.dueBefore');
  });

  test('the first and last days of the range are dates', async () => {
    const officer = await tokens.officer('market-regulation');
    expect((await api.call('GET', '/api/v1/cases?dueBefore=1900-01-01', { token: officer })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/cases?dueBefore=2199-12-31', { token: officer })).status).toBe(200);
  });

  test('Content-Encoding: gzip on a plain body is 400; a real gzip body is read', async () => {
    const officer = await tokens.officer('market-regulation');
    const body = JSON.stringify({ kind: 'legal_person', name: '南京某某商贸有限公司', identifier: { type: 'uscc', value: newUscc() } });
    const before = await writeCounts(api.db);
    const plain = await api.call('POST', '/api/v1/subjects', { token: officer, body, headers: { 'Content-Encoding': 'gzip' } });
    expect(plain.status).toBe(400);
    expect(plain.body.error.code).toBe('validation_failed');
    const unknown = await api.call('POST', '/api/v1/subjects', { token: officer, body, headers: { 'Content-Encoding': 'compress' } });
    expect(unknown.status).toBe(415);
    expect(unknown.body.error.code).toBe('unsupported_media_type');
    expect(await writeCounts(api.db)).toEqual(before);

    const res = await fetch(`${api.url}/api/v1/subjects`, { method: 'POST', headers: { Authorization: `Bearer ${officer}`, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: gzipSync(body) });
    expect(res.status).toBe(201);
  });

  test('a method a route does not take is 405 in the one error shape, naming the methods it takes', async () => {
    const res = await api.call('DELETE', '/api/v1/time-limits', { token: await tokens.supervisor() });
    expect(res.status).toBe(405);
    expect(res.body.error).toMatchObject({ code: 'method_not_allowed', message: expect.stringMatching(/GET.*PUT|PUT.*GET/) });
  });
});

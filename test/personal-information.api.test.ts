/**
 * What others may see of a person (JS Art 39, 40, 62; DOMAIN.md §2, §5), through the API as someone hunting for a
 * person and as an officer entering real penalties would use it: the public views reveal no more than they show,
 * the JS Art 62 screening refuses a person's forbidden and consent-only information but not ordinary enforcement
 * text, list checks mark malformed identifiers invalid, and the inquiry log keeps purposes and case reads.
 */
import { citizenIdCheckCharacter, validateUscc } from '../shared/identifiers';
import { startTestApi, tokens, writeCounts, type TestApi } from './helpers/api';
import { newCitizenId, newUscc } from './helpers/fixtures';
import { BASIS, listThroughApi } from './helpers/inclusion-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

let basisNumber = 0;
const basis = () => ({ kind: 'administrative_penalty', number: `宁市监罚〔2026〕${9000 + ++basisNumber}号`, effectiveOn: '2026-10-09', issuer: '南京市市场监督管理局' });
const record = (subjectId: string, content: string, extra: Record<string, unknown> = {}) => ({
  subjectId, category: 'dishonest', severity: 'general', catalogueItem: 'administrative_penalty', basis: basis(), content, ...extra,
});

async function register(kind: 'natural_person' | 'legal_person', name: string) {
  const officer = await tokens.officer();
  const identifier = kind === 'natural_person' ? { type: 'citizen_id', value: newCitizenId('1980-02-03') } : { type: 'uscc', value: newUscc() };
  const res = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind, name, identifier } });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, identifier: identifier.value, name };
}

describe('public views', () => {
  test('a listed person is found by the full identity number only, never by part of the name', async () => {
    const person = await register('natural_person', '赵测试');
    await listThroughApi(api, person.id);
    const masked = `${person.identifier.slice(0, 4)}**********${person.identifier.slice(-4)}`;
    const shows = async (q: string) => {
      const res = await api.call('GET', `/api/v1/public/serious-dishonesty-list?q=${encodeURIComponent(q)}&limit=500`);
      expect(res.status).toBe(200);
      return res.body.items.some((i: any) => i.subject.identifier === masked);
    };
    expect(await shows(person.identifier)).toBe(true);
    for (const part of ['赵', '赵测', '赵测试', '测试', person.identifier.slice(0, 10)]) expect(await shows(part)).toBe(false);

    // Organisations stay searchable by part of the name and by code.
    const org = await register('legal_person', '南京某某赵测试建材有限公司');
    await listThroughApi(api, org.id);
    const byName = await api.call('GET', `/api/v1/public/serious-dishonesty-list?q=${encodeURIComponent('赵测试建材')}`);
    expect(byName.body.items).toEqual([expect.objectContaining({ subject: { kind: 'legal_person', name: org.name, identifier: org.identifier } })]);
  });

  test('a subject with nothing publicised answers exactly as an unknown one', async () => {
    const quiet = await register('natural_person', '钱某某');
    const unknown = newCitizenId('1981-04-05');
    const a = await api.call('GET', `/api/v1/public/credit-records?identifier=${quiet.identifier}`);
    const b = await api.call('GET', `/api/v1/public/credit-records?identifier=${unknown}`);
    expect(a.status).toBe(b.status);
    expect(a.body).toEqual(b.body);
    expect(JSON.stringify(a.body)).not.toContain('钱');
  });

  test('published free text is desensitised: the names, identity numbers, phone numbers and addresses of natural persons are masked', async () => {
    const officer = await tokens.officer();
    const person = await register('natural_person', '孙测试');
    const witnessId = newCitizenId('1990-07-08');
    const content = `当事人孙测试（身份证号${person.identifier}，联系电话13912345678，住址：南京市玄武区某某路18号3栋2单元501室）` +
      `在其经营场所销售过期食品，证人李大明（身份证号${witnessId}）在场，被处以罚款人民币二千元`;
    const created = await api.call('POST', '/api/v1/credit-records', { token: officer, body: record(person.id, content) });
    expect(created.status).toBe(201);
    const org = await register('legal_person', '南京某某食品有限公司');
    const orgRecord = await api.call('POST', '/api/v1/credit-records', { token: officer, body: record(org.id, '南京某某食品有限公司销售过期食品，法定代表人周某明，联系电话025-84561234') });
    expect(orgRecord.status).toBe(201);

    const published = await api.call('GET', `/api/v1/public/credit-records?identifier=${person.identifier}`);
    expect(published.status).toBe(200);
    const shown = published.body.records[0].content as string;
    for (const secret of ['孙测试', person.identifier, witnessId, '13912345678', '某某路18号', '501室', '李大明']) expect(shown).not.toContain(secret);
    expect(shown).toContain('孙**');
    expect(shown).toContain('139****5678');
    expect(shown).toContain('被处以罚款人民币二千元');
    const orgShown = (await api.call('GET', `/api/v1/public/credit-records?identifier=${org.identifier}`)).body.records[0].content as string;
    expect(orgShown).toContain('南京某某食品有限公司销售过期食品');
    expect(orgShown).not.toContain('周某明');
    expect(orgShown).not.toContain('84561234');
    // The subject itself still reads its record as entered.
    const own = await api.call('GET', `/api/v1/credit-records/${created.body.id}`, { token: await tokens.subject(person.id) });
    expect(own.body.content).toBe(content);
  });
});

describe('JS Art 62', () => {
  test('ordinary enforcement text about a natural person is recorded', async () => {
    const officer = await tokens.officer();
    const person = await register('natural_person', '吴某某');
    for (const content of [
      '作为某某公司General Manager，组织销售未标注的转基因食品',
      '拒不配合疾病预防控制机构开展传染病防治工作',
      '违反《宗教事务条例》擅自举办大型活动，没收违法收入人民币三万元',
      'failed to pay the deposit required by the tender',
      '冒用某某证券公司名义开展非法集资宣传',
    ]) {
      const res = await api.call('POST', '/api/v1/credit-records', { token: officer, body: record(person.id, content) });
      expect({ content, status: res.status, body: res.body.error }).toEqual({ content, status: 201, body: undefined });
    }
  });

  test("a person's own forbidden attribute is refused with the phrases found; the officer's confirmation is audited; organisations are not screened", async () => {
    const officer = await tokens.officer();
    const person = await register('natural_person', '郑某某');
    const content = '当事人信仰基督教，血型为A型，在其诊所内非法行医';
    const before = await writeCounts(api.db);
    const refused = await api.call('POST', '/api/v1/credit-records', { token: officer, body: record(person.id, content) });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('forbidden_information');
    const phrases = refused.body.error.details.found.map((f: any) => f.phrase);
    expect(refused.body.error.details.found).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'content', category: 'religious_belief', kind: 'forbidden', phrase: '信仰基督教' }),
      expect.objectContaining({ field: 'content', category: 'blood_type', kind: 'forbidden', phrase: '血型' }),
    ]));
    expect(await writeCounts(api.db)).toEqual(before);

    // Confirming only some of the phrases is not enough.
    const partly = await api.call('POST', '/api/v1/credit-records', { token: officer, body: record(person.id, content, { personalInformation: { notPersonalAttributes: { phrases: ['血型'], explanation: '诊所名称' } } }) });
    expect(partly.status).toBe(422);
    expect(partly.body.error.details.found.map((f: any) => f.phrase)).toEqual(['信仰基督教']);

    const confirmed = await api.call('POST', '/api/v1/credit-records', {
      token: officer,
      body: record(person.id, content, { personalInformation: { notPersonalAttributes: { phrases, explanation: '系诊所招牌用语，非当事人本人信息' } } }),
    });
    expect(confirmed.status).toBe(201);
    const audit = await api.db('audit_events').where({ record_id: confirmed.body.id, action: 'personal_information.confirmed_not_personal' }).first();
    expect(audit).toMatchObject({ actor: 'officer-market-regulation', subject_id: person.id });
    expect(audit.after).toMatchObject({ explanation: '系诊所招牌用语，非当事人本人信息', found: expect.arrayContaining([expect.objectContaining({ phrase: '信仰基督教' })]) });

    const org = await register('legal_person', '南京某某血型检测有限公司');
    expect((await api.call('POST', '/api/v1/credit-records', { token: officer, body: record(org.id, '南京某某血型检测有限公司未取得许可开展基因检测') })).status).toBe(201);
  });

  test('consent-only information needs written consent or, for a state organ, the legal basis, and is then shown only to the subject', async () => {
    const officer = await tokens.officer('tax');
    const person = await register('natural_person', '冯某某');
    const content = '隐瞒个人收入，少申报纳税额人民币八万元';
    const refused = await api.call('POST', '/api/v1/credit-records', { token: officer, body: record(person.id, content) });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('consent_required');
    expect(refused.body.error.details.found.map((f: any) => f.category).sort()).toEqual(['income', 'tax_amount']);

    const withBasis = await api.call('POST', '/api/v1/credit-records', { token: officer, body: record(person.id, content, { sensitive: { legalBasis: '《中华人民共和国税收征收管理法》第五十四条' } }) });
    expect(withBasis.status).toBe(201);
    expect(withBasis.body).toMatchObject({ sensitive: true, legalBasis: '《中华人民共和国税收征收管理法》第五十四条' });
    expect(withBasis.body).not.toHaveProperty('content');
    const published = await api.call('GET', `/api/v1/public/credit-records?identifier=${person.identifier}`);
    expect(JSON.stringify(published.body)).not.toContain('八万元');
    const own = await api.call('GET', `/api/v1/credit-records/${withBasis.body.id}`, { token: await tokens.subject(person.id) });
    expect(own.body.content).toBe(content);
  });

  test('inclusion facts and reasons are screened, and the confirmation is kept with the case', async () => {
    const officer = await tokens.officer();
    const person = await register('natural_person', '陈某某');
    const start = (facts: string, extra: Record<string, unknown> = {}) =>
      api.call('POST', '/api/v1/inclusion-cases', {
        token: officer,
        body: { subjectId: person.id, field: 'health_safety', basis: BASIS, facts, reasons: '严重危害人民群众身体健康', legalProvisions: ['《江苏省社会信用条例》第二十九条第一项'], measures: ['key_supervision'], actOn: '2026-07-10', ...extra },
      });
    const before = await writeCounts(api.db);
    const refused = await start('当事人患有开放性肺结核仍从事直接入口食品工作');
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('forbidden_information');
    expect(refused.body.error.details.found[0]).toMatchObject({ field: 'facts', category: 'disease_history' });
    expect(await writeCounts(api.db)).toEqual(before);
    // Consent-only information may not be published in the list's record even with a legal basis.
    const wealth = await start('当事人名下房产用于非法生产食品');
    expect(wealth.status).toBe(422);
    expect(wealth.body.error.code).toBe('consent_required');

    const phrases = refused.body.error.details.found.map((f: any) => f.phrase);
    const started = await start('当事人患有开放性肺结核仍从事直接入口食品工作', { personalInformation: { notPersonalAttributes: { phrases, explanation: '患病系违法行为的构成要件（食品安全法第一百二十六条）' } } });
    expect(started.status).toBe(201);
    expect(started.body.details.input.personalInformation.notPersonalAttributes.phrases).toEqual(phrases);
    expect(await api.db('audit_events').where({ case_id: started.body.id, action: 'personal_information.confirmed_not_personal' })).toHaveLength(1);
  });

  test('corrected content of an objection and the new content of an altered basis are screened', async () => {
    const officer = await tokens.officer();
    const person = await register('natural_person', '褚某某');
    const created = await api.call('POST', '/api/v1/credit-records', { token: officer, body: record(person.id, '无证经营食品摊点，被处以罚款人民币一千元') });
    const subjectToken = await tokens.subject(person.id);
    const objection = await api.call('POST', '/api/v1/objections', { token: subjectToken, body: { creditRecordId: created.body.id, grounds: 'error', reasons: '金额有误' } });
    expect(objection.status).toBe(201);
    await api.call('POST', `/api/v1/objections/${objection.body.id}/acceptance`, { token: officer, body: { accepted: true } });
    const corrected = '无证经营食品摊点，当事人指纹已采集，被处以罚款人民币五百元';
    const refused = await api.call('POST', `/api/v1/objections/${objection.body.id}/result`, { token: officer, body: { outcome: 'corrected', correctedContent: corrected, reasons: '金额更正' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'forbidden_information', details: { found: [expect.objectContaining({ field: 'correctedContent', phrase: '指纹' })] } });
    const done = await api.call('POST', `/api/v1/objections/${objection.body.id}/result`, {
      token: officer,
      body: { outcome: 'corrected', correctedContent: corrected, reasons: '金额更正', personalInformation: { notPersonalAttributes: { phrases: ['指纹'], explanation: '系执法记录' } } },
    });
    expect(done.status).toBe(200);
    expect(done.body.events.at(-1).details.personalInformation).toMatchObject({ notPersonalAttributes: { phrases: ['指纹'] } });

    const other = await api.call('POST', '/api/v1/credit-records', { token: officer, body: record(person.id, '无证经营，被处以罚款人民币两千元') });
    const revocation = await api.call('POST', '/api/v1/revocations', {
      token: officer,
      body: { creditRecordId: other.body.id, change: 'altered', document: { number: '宁市监变〔2026〕1号', effectiveOn: '2026-10-20' }, newContent: '无证经营，当事人月收入五千元，被处以罚款人民币一千元' },
    });
    expect(revocation.status).toBe(422);
    expect(revocation.body.error).toMatchObject({ code: 'consent_required', details: { found: [expect.objectContaining({ field: 'newContent', category: 'income' })] } });
  });
});

describe('list checks', () => {
  test('a malformed identifier is invalid, with the reason, item by item', async () => {
    const person = await register('natural_person', '卫某某');
    await listThroughApi(api, person.id);
    // A wrong check digit (that does not happen to make a valid all-digit credit code instead).
    const first17 = newCitizenId('1975-05-05').slice(0, 17);
    const wrongCheck = first17 + [...'0123456789X'].find((c) => c !== citizenIdCheckCharacter(first17) && validateUscc(first17 + c) !== null);
    const clean = newUscc();
    const res = await api.call('POST', '/api/v1/list-checks', { token: await tokens.officer(), body: { identifiers: [person.identifier, 'not-an-id', wrongCheck, clean], purpose: '招标审查' } });
    expect(res.status).toBe(200);
    const [listed, garbage, typo, notListed] = res.body.results;
    expect(listed).toMatchObject({ identifier: person.identifier, status: 'listed', listed: true });
    expect(garbage).toMatchObject({ identifier: 'not-an-id', status: 'invalid', reason: { code: expect.any(String), message: expect.any(String) } });
    expect(garbage.listed).toBeUndefined();
    expect(typo).toMatchObject({ identifier: wrongCheck, status: 'invalid', reason: { code: 'check_character' } });
    expect(notListed).toEqual({ identifier: clean, status: 'not_listed', listed: false, entries: [] });
  });

  test('an item that is not an identifier at all (a number, an object without its value) refuses the check, naming the item, and logs nothing', async () => {
    const logged = async () => Number((await api.db('list_checks').count('* as n'))[0].n) + Number((await api.db('inquiry_log').count('* as n'))[0].n);
    const before = await logged();
    const identifiers = [...Array.from({ length: 4_999 }, () => newUscc()), 42, ...Array.from({ length: 3_000 }, () => newUscc()), { type: 'uscc' }];
    const res = await api.call('POST', '/api/v1/list-checks', { token: await tokens.officer(), body: { identifiers, purpose: '招标审查' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['body.identifiers.4999', 'body.identifiers.8000']);
    expect(await logged()).toBe(before);
  });

  test('a check of 100,000 identifiers marks each malformed one invalid and finds the listed ones', async () => {
    const listed = await register('legal_person', '南京某某十万检查有限公司');
    await listThroughApi(api, listed.id);
    const identifiers = Array.from({ length: 100_000 }, (_, i) => (i % 1000 === 7 ? `bad-${i}` : i % 25_000 === 3 ? listed.identifier : newUscc()));
    const res = await api.call('POST', '/api/v1/list-checks', { token: await tokens.agency('00000000-0000-4000-8000-00000000a012'), body: { identifiers, purpose: '批量审查（十万）' } });
    expect(res.status).toBe(200);
    const results = res.body.results as any[];
    expect(results).toHaveLength(100_000);
    const expected = (i: number) => (i % 1000 === 7 ? 'invalid' : i % 25_000 === 3 ? 'listed' : 'not_listed');
    expect(results.flatMap((r, i) => (r.identifier === identifiers[i] && r.status === expected(i) ? [] : [{ i, ...r }]))).toEqual([]);
    expect(results.filter((r) => r.status === 'invalid').every((r) => r.reason.code && r.reason.message)).toBe(true);
    expect(await api.db('list_checks').where({ purpose: '批量审查（十万）' }).first()).toMatchObject({ identifiers: 100_000, listed: 4, invalid: 100 });
  });
});

describe('inquiry log', () => {
  test("a list of cases is a read of each listed case's subject (once per subject and page), with the purpose given; the subject's own list is not", async () => {
    const org = await register('legal_person', '南京某某案件列表有限公司');
    const listed = await listThroughApi(api, org.id);
    const officer = await tokens.officer();
    const page = await api.call('GET', `/api/v1/cases?subjectId=${org.id}&purpose=${encodeURIComponent('信用审查')}`, { token: officer });
    expect(page.status).toBe(200);
    expect(page.body.items.map((c: { id: string }) => c.id)).toContain(listed.id);
    const own = await api.call('GET', '/api/v1/cases', { token: await tokens.subject(org.id) });
    expect(own.status).toBe(200);
    const inquiries = await api.db('inquiry_log').where({ subject_id: org.id, what: 'case list' });
    expect(inquiries).toEqual([expect.objectContaining({ actor: 'officer-market-regulation', role: 'officer', purpose: '信用审查' })]);
  });

  test('the purpose given is recorded, and reads of cases and documents count as reads of the file', async () => {
    const org = await register('legal_person', '南京某某查询有限公司');
    const officer = await tokens.officer();
    const listed = await listThroughApi(api, org.id);
    await api.call('GET', `/api/v1/subjects/${org.id}?purpose=${encodeURIComponent('行政许可审查')}`, { token: officer });
    await api.call('GET', `/api/v1/inclusion-cases/${listed.id}`, { token: officer });
    const doc = listed.documents.find((d: any) => d.kind === 'inclusion_decision');
    expect((await api.call('GET', `/api/v1/documents/${doc.id}?purpose=${encodeURIComponent('复核')}`, { token: officer })).status).toBe(200);
    const report = await api.call('GET', '/api/v1/me/report', { token: await tokens.subject(org.id) });
    expect(report.body.inquiries).toEqual(expect.arrayContaining([
      expect.objectContaining({ actor: 'officer-market-regulation', purpose: '行政许可审查', what: 'subject' }),
      expect.objectContaining({ actor: 'officer-market-regulation', what: `case ${listed.id}` }),
      expect.objectContaining({ actor: 'officer-market-regulation', purpose: '复核', what: `document ${doc.id} (inclusion_decision)` }),
    ]));
  });
});

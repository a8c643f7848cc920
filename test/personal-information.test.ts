/**
 * The JS Art 62 phrases and the JS Art 40 desensitisation (shared/): a natural person's own attributes are found,
 * the words institutions, laws and products are named with are not.
 */
import { desensitiseText } from '../shared/desensitise';
import { findPersonalInformation, screenPersonalInformation } from '../shared/personal-information';

const categories = (text: string) => [...new Set(findPersonalInformation('text', text).map((f) => f.category))].sort();

test.each([
  ['作为某某公司General Manager，负责生产经营', []],
  ['销售未按规定标注的转基因食品', []],
  ['拒不配合疾病预防控制机构开展传染病防治工作', []],
  ['违反《宗教事务条例》第四十一条', []],
  ['没收违法收入人民币三万元，并处非法收入一倍罚款', []],
  ['failed to pay the bid deposit; a higher deposit is required', []],
  ['冒用某某证券公司名义', []],
  ['拖欠农民工工资二十万元', []],
  ['当事人宗教信仰为佛教', ['religious_belief']],
  ['当事人信仰基督教', ['religious_belief']],
  ['对当事人进行基因检测', ['genes']],
  ['采集其指纹', ['fingerprints']],
  ['血型为O型', ['blood_type']],
  ['当事人患有糖尿病，有高血压病史', ['disease_history']],
  ['his medical history shows', ['disease_history']],
  ['当事人月收入一万元', ['income']],
  ['其银行存款二十万元', ['deposits']],
  ['持有某公司股票十万股', ['securities']],
  ['购买商业保险两份', ['commercial_insurance']],
  ['名下房产三套', ['real_estate']],
  ['年度纳税额五万元', ['tax_amount']],
])('%s → %j', (text, expected) => {
  expect(categories(text)).toEqual(expected);
});

test('only natural persons are screened; a confirmation covers exactly the phrases it names', () => {
  const texts = [{ field: 'content', text: '当事人血型为A型，月收入一万元' }];
  expect(screenPersonalInformation(texts, 'legal_person', 'published')).toEqual({ ok: true, confirmed: [] });
  expect(screenPersonalInformation(texts, 'natural_person', 'published')).toMatchObject({ ok: false, code: 'forbidden_information' });
  const confirmation = { phrases: ['血型'], explanation: '…' };
  expect(screenPersonalInformation(texts, 'natural_person', 'published', confirmation)).toMatchObject({ ok: false, code: 'consent_required' });
  expect(screenPersonalInformation(texts, 'natural_person', 'shielded', confirmation)).toMatchObject({ ok: true, confirmed: [{ phrase: '血型' }] });
});

test('desensitised text keeps the facts and masks the people', () => {
  expect(desensitiseText('法定代表人王小明（手机13812345678）拖欠员工工资，当事人南京某某有限公司未整改', ['王小明'])).toBe(
    '法定代表人王**（手机138****5678）拖欠员工工资，当事人南京某某有限公司未整改',
  );
  expect(desensitiseText('家住南京市鼓楼区某某街5号1单元302室，身份证号320102198506151234')).toBe(
    `家住${'*'.repeat(18)}，身份证号3201**********1234`,
  );
});

import {
  ageOn,
  birthDateFromCitizenId,
  CITIZEN_ID_PROVINCE_CODES,
  citizenIdCheckCharacter,
  normaliseIdentifier,
  organisationCodeCheckCharacter,
  OTHER_DOCUMENT_TYPES,
  USCC_CHARSET,
  usccCheckCharacter,
  validateCitizenId,
  validateIdentifier,
  validateOtherDocument,
  validateUscc,
  wasUnder18On,
} from '../shared/identifiers';

const TODAY = '2026-11-22';

/**
 * Published codes. Each passes both the GB 32100 check character and the GB 11714 check character of its
 * organisation code, which a mistyped or invented code does only by a 1-in-341 chance.
 */
const PUBLISHED_USCC = [
  '91350100M000100Y43', // the example commonly cited with GB 32100-2015
  '91110000600037341L', // python-stdnum's cn.uscc example
  '121200004013590816', // from python-stdnum's test list: a public institution (事业单位, authority 1)
  '92340602MA2PBMEM24', // from python-stdnum's test list: an individual business (个体工商户, 92)
  '914403001922038216', // 华为技术有限公司 (Huawei Technologies)
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司 (Tencent)
  '91330100716105852F', // 阿里巴巴（中国）有限公司 (Alibaba China)
  '91110108551385082Q', // 北京小米科技有限责任公司 (Xiaomi)
];

/** GB 11643-1999's own example: a woman born 1949-12-31, registered in 北京市朝阳区 (110105). */
const STANDARD_CITIZEN_ID = '11010519491231002X';

/** A valid USCC from its first 16 characters: organisation-code check character, then the code's own. */
function uscc(first16: string): string {
  const withOrg = first16 + organisationCodeCheckCharacter(first16.slice(8, 16));
  return withOrg + usccCheckCharacter(withOrg);
}

/** A citizen identity number with a correct check digit from its first 17 digits. */
function citizenId(first17: string): string {
  return first17 + citizenIdCheckCharacter(first17);
}

function swapAdjacent(s: string, i: number): string {
  return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
}

function replaceAt(s: string, i: number, ch: string): string {
  return s.slice(0, i) + ch + s.slice(i + 1);
}

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(PUBLISHED_USCC)('accepts the published code %s', (code) => {
    expect(validateUscc(code)).toBeNull();
  });

  it('computes the check characters of the published codes', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(organisationCodeCheckCharacter('M000100Y')).toBe('4');
    expect(usccCheckCharacter('91110000600037341')).toBe('L');
    expect(organisationCodeCheckCharacter('60003734')).toBe('1');
    // Organisation-code check value 10 is written X, 11 is written 0 (codes from python-stdnum's test list).
    expect(organisationCodeCheckCharacter('07837757')).toBe('X');
    expect(validateUscc('9115220107837757XE')).toBeNull();
    expect(organisationCodeCheckCharacter('07838973')).toBe('0');
    expect(validateUscc('911522010783897302')).toBeNull();
    // A letter leading the organisation code counts 10-35 (L = 21).
    expect(validateUscc('91620105L015101280')).toBeNull();
  });

  it.each(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'N', 'Y'])(
    'accepts registration authority %s',
    (authority) => {
      expect(validateUscc(uscc(`${authority}1110000MA01ABCD`))).toBeNull();
    },
  );

  it('rejects a registration authority outside the standard', () => {
    for (const authority of ['0', 'B', 'G', 'X']) {
      const code = uscc(`${authority}1110000MA01ABCD`);
      expect(validateUscc(code)).toMatchObject({ code: 'charset' });
      expect(validateUscc(code)!.message).toMatch(/registration authority/);
    }
  });

  it('rejects a wrong length', () => {
    expect(validateUscc('')).toMatchObject({ code: 'length' });
    expect(validateUscc('91350100M000100Y4')).toMatchObject({ code: 'length' });
    expect(validateUscc('91350100M000100Y433')).toMatchObject({ code: 'length' });
    expect(validateUscc('91350100M000100Y4')!.message).toMatch(/18 characters; this one has 17/);
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the forbidden letter %s anywhere', (letter) => {
    for (let i = 0; i < 18; i++) {
      const problem = validateUscc(replaceAt(PUBLISHED_USCC[0], i, letter));
      expect(problem).toMatchObject({ code: 'charset' });
      expect(problem!.message).toMatch(/I, O, Z, S and V/);
    }
  });

  it('rejects punctuation and whitespace', () => {
    expect(validateUscc('91350100-000100Y43')).toMatchObject({ code: 'charset' });
    expect(validateUscc('91350100 000100Y43')).toMatchObject({ code: 'charset' });
  });

  it('rejects lower case, which normalisation turns into the valid code', () => {
    const problem = validateUscc('91350100m000100y43');
    expect(problem).toMatchObject({ code: 'charset' });
    expect(problem!.message).toMatch(/lower case/);
    expect(normaliseIdentifier('uscc', ' 91350100m000100y43\n')).toBe('91350100M000100Y43');
    expect(validateUscc(normaliseIdentifier('uscc', '91350100m000100y43'))).toBeNull();
  });

  it('normalises spaces inside the code and full-width characters', () => {
    expect(normaliseIdentifier('uscc', '9135 0100 M000 100Y 43')).toBe('91350100M000100Y43');
    expect(normaliseIdentifier('uscc', '９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
  });

  it('rejects every other character in the place of the check character', () => {
    for (const code of PUBLISHED_USCC) {
      for (const ch of USCC_CHARSET) {
        if (ch === code[17]) continue;
        expect(validateUscc(replaceAt(code, 17, ch))).toMatchObject({ code: 'check_character' });
      }
    }
  });

  it('rejects every single-character change to the first 17 characters', () => {
    for (const code of PUBLISHED_USCC) {
      for (let i = 0; i < 17; i++) {
        for (const ch of USCC_CHARSET) {
          if (ch === code[i]) continue;
          expect(validateUscc(replaceAt(code, i, ch))).not.toBeNull();
        }
      }
    }
  });

  it('rejects every transposition of two adjacent different characters', () => {
    let tried = 0;
    for (const code of PUBLISHED_USCC) {
      for (let i = 0; i < 17; i++) {
        if (code[i] === code[i + 1]) continue;
        tried++;
        expect(validateUscc(swapAdjacent(code, i))).not.toBeNull();
      }
    }
    expect(tried).toBeGreaterThan(100);
    // Within the organisation code the code's own check character is what catches it.
    expect(validateUscc('91350100M000100Y43'.replace('M0001', 'M0010'))).toMatchObject({ code: 'check_character' });
  });

  it('rejects a non-numeric administrative division code even with a matching check character', () => {
    const first17 = '91A50100M000100Y4';
    const problem = validateUscc(first17 + usccCheckCharacter(first17));
    expect(problem).toMatchObject({ code: 'region' });
  });

  it('rejects an organisation code whose own check character is wrong, even when the code’s check character matches', () => {
    const first17 = '91350100M000100Y5'; // M000100Y's check character is 4
    const code = first17 + usccCheckCharacter(first17);
    expect(validateUscc(code)).toMatchObject({ code: 'organisation_code' });
    const letterCheck = '91350100M000100YA';
    expect(validateUscc(letterCheck + usccCheckCharacter(letterCheck))).toMatchObject({ code: 'organisation_code' });
  });
});

describe('citizen identity number (GB 11643-1999)', () => {
  it('accepts the standard’s example', () => {
    expect(validateCitizenId(STANDARD_CITIZEN_ID)).toBeNull();
    expect(validateCitizenId(STANDARD_CITIZEN_ID, { today: TODAY })).toBeNull();
    expect(citizenIdCheckCharacter('11010519491231002')).toBe('X');
    expect(birthDateFromCitizenId(STANDARD_CITIZEN_ID)).toBe('1949-12-31');
  });

  it('verifies the check digit of the standard’s second example but refuses its 1880 birth date', () => {
    expect(citizenIdCheckCharacter('44052418800101001')).toBe('4');
    expect(birthDateFromCitizenId('440524188001010014')).toBe('1880-01-01');
    const problem = validateCitizenId('440524188001010014', { today: TODAY });
    expect(problem).toMatchObject({ code: 'birth_date' });
    expect(problem!.message).toMatch(/before 1900-01-01/);
  });

  it('rejects a wrong length, with a word about first-generation numbers', () => {
    expect(validateCitizenId('', { today: TODAY })).toMatchObject({ code: 'length' });
    expect(validateCitizenId('11010519491231002', { today: TODAY })).toMatchObject({ code: 'length' });
    expect(validateCitizenId('11010519491231002X1', { today: TODAY })).toMatchObject({ code: 'length' });
    const old = validateCitizenId('110105491231002', { today: TODAY });
    expect(old).toMatchObject({ code: 'length' });
    expect(old!.message).toMatch(/15-digit/);
  });

  it('rejects letters in the body and anything but a digit or X at the end', () => {
    expect(validateCitizenId('1101051949123100AX', { today: TODAY })).toMatchObject({ code: 'charset' });
    expect(validateCitizenId('11010519491231002Y', { today: TODAY })).toMatchObject({ code: 'charset' });
    expect(validateCitizenId('11010519491231002 ', { today: TODAY })).toMatchObject({ code: 'charset' });
  });

  it('rejects a lower-case x, which normalisation turns into the valid number', () => {
    const problem = validateCitizenId('11010519491231002x', { today: TODAY });
    expect(problem).toMatchObject({ code: 'charset' });
    expect(problem!.message).toMatch(/lower-case/);
    expect(normaliseIdentifier('citizen_id', ' 110105 19491231 002x ')).toBe(STANDARD_CITIZEN_ID);
  });

  it('rejects every other character in the place of the check digit', () => {
    for (const ch of '0123456789X') {
      if (ch === 'X') continue;
      expect(validateCitizenId(replaceAt(STANDARD_CITIZEN_ID, 17, ch), { today: TODAY })).toMatchObject({
        code: 'check_character',
      });
    }
    const other = citizenId('32010619800101123');
    for (const ch of '0123456789X') {
      if (ch === other[17]) continue;
      expect(validateCitizenId(replaceAt(other, 17, ch), { today: TODAY })).toMatchObject({ code: 'check_character' });
    }
  });

  it('rejects every single-digit change to the first 17 digits', () => {
    for (let i = 0; i < 17; i++) {
      for (const ch of '0123456789') {
        if (ch === STANDARD_CITIZEN_ID[i]) continue;
        expect(validateCitizenId(replaceAt(STANDARD_CITIZEN_ID, i, ch), { today: TODAY })).not.toBeNull();
      }
    }
  });

  it('rejects every transposition of two adjacent different digits', () => {
    for (const id of [STANDARD_CITIZEN_ID, citizenId('32010619800101123')]) {
      for (let i = 0; i < 17; i++) {
        if (id[i] === id[i + 1]) continue;
        expect(validateCitizenId(swapAdjacent(id, i), { today: TODAY })).not.toBeNull();
      }
    }
    // In the sequence code, where the birth date stays valid, the check digit catches it.
    expect(validateCitizenId('11010519491231020X', { today: TODAY })).toMatchObject({ code: 'check_character' });
  });

  it.each([
    ['30 February', '19900230'],
    ['29 February of a common year', '19890229'],
    ['29 February 1900 (not a leap year)', '19000229'],
    ['a 13th month', '19901301'],
    ['month 00', '19900001'],
    ['day 00', '19900100'],
    ['31 April', '19900431'],
    ['before 1900', '18991231'],
  ])('rejects a birth date on %s', (_label, date) => {
    const problem = validateCitizenId(citizenId(`110105${date}001`), { today: TODAY });
    expect(problem).toMatchObject({ code: 'birth_date' });
  });

  it('accepts 29 February of a leap year, 1 January 1900 and a birth today; rejects one tomorrow', () => {
    expect(validateCitizenId(citizenId('11010520000229001'), { today: TODAY })).toBeNull();
    expect(validateCitizenId(citizenId('11010519000101001'), { today: TODAY })).toBeNull();
    expect(validateCitizenId(citizenId('11010520261122001'), { today: TODAY })).toBeNull();
    const future = validateCitizenId(citizenId('11010520261123001'), { today: TODAY });
    expect(future).toMatchObject({ code: 'birth_date' });
    expect(future!.message).toMatch(/future/);
  });

  it('rejects a birth date after the real today by default', () => {
    expect(validateCitizenId(citizenId('11010520991231001'))).toMatchObject({ code: 'birth_date' });
  });

  it('rejects an address code outside the provinces', () => {
    for (const province of ['00', '10', '16', '20', '24', '30', '38', '40', '47', '49', '55', '60', '66', '70', '72', '80', '84', '90', '99']) {
      const problem = validateCitizenId(citizenId(`${province}010519800101001`), { today: TODAY });
      expect(problem).toMatchObject({ code: 'region' });
    }
  });

  it('accepts every province, Hong Kong, Macao and Taiwan, and the Taiwan residents’ residence permit (83)', () => {
    expect(CITIZEN_ID_PROVINCE_CODES).toHaveLength(35);
    for (const province of CITIZEN_ID_PROVINCE_CODES) {
      expect(validateCitizenId(citizenId(`${province}010519800101001`), { today: TODAY })).toBeNull();
    }
    expect(validateCitizenId(citizenId('83000019900101002'), { today: TODAY })).toBeNull();
  });

  it('refuses a malformed today', () => {
    expect(() => validateCitizenId(STANDARD_CITIZEN_ID, { today: '2026-02-30' })).toThrow(RangeError);
  });

  it('birthDateFromCitizenId throws on a number without a date of birth', () => {
    expect(() => birthDateFromCitizenId('123')).toThrow(RangeError);
    expect(() => birthDateFromCitizenId(citizenId('11010519900230001'))).toThrow(RangeError);
  });
});

describe('age in full years (周岁)', () => {
  it('counts a new year from the day after the birthday', () => {
    expect(ageOn('2008-06-15', '2026-06-14')).toBe(17);
    expect(ageOn('2008-06-15', '2026-06-15')).toBe(17); // the 18th birthday itself
    expect(ageOn('2008-06-15', '2026-06-16')).toBe(18);
    expect(ageOn('2008-06-15', '2027-06-15')).toBe(18);
    expect(ageOn('2008-06-15', '2027-06-16')).toBe(19);
  });

  it('works across a year end and from birth', () => {
    expect(ageOn('2007-12-31', '2025-12-31')).toBe(17);
    expect(ageOn('2007-12-31', '2026-01-01')).toBe(18);
    expect(ageOn('2026-11-22', '2026-11-22')).toBe(0);
    expect(ageOn('2025-11-22', '2026-11-23')).toBe(1);
  });

  it('takes 28 February as the birthday of someone born on 29 February in a common year', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(19);
    expect(ageOn('2008-02-29', '2028-03-01')).toBe(20);
  });

  it('decides whether a person was under 18 at the time of an act', () => {
    const birth = birthDateFromCitizenId(citizenId('32010620080615002'));
    expect(wasUnder18On(birth, '2026-06-15')).toBe(true);
    expect(wasUnder18On(birth, '2026-06-16')).toBe(false);
  });

  it('refuses malformed dates and a date before the birth', () => {
    expect(() => ageOn('2008-02-30', '2026-01-01')).toThrow(RangeError);
    expect(() => ageOn('2008-01-01', '26-01-01')).toThrow(RangeError);
    expect(() => ageOn('2008-01-02', '2008-01-01')).toThrow(RangeError);
  });
});

describe('other identity documents', () => {
  it('accepts a known type with 5 to 30 of [A-Z0-9-]', () => {
    expect(validateOtherDocument('passport', 'E12345678')).toBeNull();
    expect(validateOtherDocument('hk_macao_permit', 'C12345678')).toBeNull();
    expect(validateOtherDocument('other', 'AB-123')).toBeNull();
    expect(validateOtherDocument('taiwan_permit', '12345')).toBeNull();
    expect(validateOtherDocument('foreign_permanent_residence', 'A'.repeat(30))).toBeNull();
    expect(OTHER_DOCUMENT_TYPES).toContain('other');
  });

  it('rejects a missing or unknown document type', () => {
    expect(validateOtherDocument('', 'E12345678')).toMatchObject({ code: 'document_type' });
    expect(validateOtherDocument('driving_licence', 'E12345678')).toMatchObject({ code: 'document_type' });
  });

  it('rejects a number of the wrong length or with other characters', () => {
    expect(validateOtherDocument('passport', '')).toMatchObject({ code: 'length' });
    expect(validateOtherDocument('passport', '1234')).toMatchObject({ code: 'length' });
    expect(validateOtherDocument('passport', 'A'.repeat(31))).toMatchObject({ code: 'length' });
    expect(validateOtherDocument('passport', 'e12345678')).toMatchObject({ code: 'charset' });
    expect(validateOtherDocument('passport', 'E1234 5678')).toMatchObject({ code: 'charset' });
    expect(validateOtherDocument('passport', 'E1234/5678')!.message).toMatch(/Character 6/);
  });

  it('normalises by trimming and upper-casing only', () => {
    expect(normaliseIdentifier('other', '  e12345678 ')).toBe('E12345678');
    expect(normaliseIdentifier('other', 'e1234 5678')).toBe('E1234 5678');
  });
});

describe('validateIdentifier', () => {
  it('accepts the right identifier for each kind of subject', () => {
    expect(validateIdentifier({ type: 'citizen_id', value: STANDARD_CITIZEN_ID }, 'natural_person', TODAY)).toBeNull();
    expect(validateIdentifier({ type: 'uscc', value: PUBLISHED_USCC[0] }, 'legal_person', TODAY)).toBeNull();
    expect(validateIdentifier({ type: 'uscc', value: PUBLISHED_USCC[0] }, 'unincorporated_org')).toBeNull();
    expect(
      validateIdentifier({ type: 'other', value: 'E12345678', documentType: 'passport' }, 'natural_person', TODAY),
    ).toBeNull();
    expect(validateIdentifier({ type: 'other', value: 'HK-12345', documentType: 'other' }, 'legal_person')).toBeNull();
  });

  it('refuses a unified social credit code for a natural person', () => {
    const problem = validateIdentifier({ type: 'uscc', value: PUBLISHED_USCC[0] }, 'natural_person', TODAY);
    expect(problem).toMatchObject({ code: 'document_type' });
    expect(problem!.message).toMatch(/natural person/);
  });

  it('refuses a citizen identity number for an organisation', () => {
    for (const kind of ['legal_person', 'unincorporated_org'] as const) {
      expect(validateIdentifier({ type: 'citizen_id', value: STANDARD_CITIZEN_ID }, kind, TODAY)).toMatchObject({
        code: 'document_type',
      });
    }
  });

  it('refuses a personal document for an organisation', () => {
    expect(
      validateIdentifier({ type: 'other', value: 'E12345678', documentType: 'passport' }, 'legal_person', TODAY),
    ).toMatchObject({ code: 'document_type' });
  });

  it('refuses an unknown identifier type and a missing document type', () => {
    expect(validateIdentifier({ type: 'ssn' as never, value: '123' }, 'natural_person', TODAY)).toMatchObject({
      code: 'document_type',
    });
    expect(validateIdentifier({ type: 'other', value: 'E12345678' }, 'natural_person', TODAY)).toMatchObject({
      code: 'document_type',
    });
  });

  it('passes on the validator’s problem and the given today', () => {
    expect(validateIdentifier({ type: 'uscc', value: '91350100M000100Y44' }, 'legal_person')).toMatchObject({
      code: 'check_character',
    });
    const born = citizenId('11010520261123001');
    expect(validateIdentifier({ type: 'citizen_id', value: born }, 'natural_person', TODAY)).toMatchObject({
      code: 'birth_date',
    });
    expect(validateIdentifier({ type: 'citizen_id', value: born }, 'natural_person', '2026-11-23')).toBeNull();
  });

  it('gives every problem a message', () => {
    const problems = [
      validateUscc('X'),
      validateUscc('91350100M000100Y4I'),
      validateCitizenId('99010519491231002X', { today: TODAY }),
      validateOtherDocument('nope', 'E12345678'),
    ];
    for (const problem of problems) expect(problem!.message.length).toBeGreaterThan(20);
  });
});

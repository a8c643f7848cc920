/**
 * Validation of subject identifiers (DOMAIN.md §2): the unified social credit code of an organisation
 * (GB 32100-2015), the citizen identity number of a natural person (GB 11643-1999), or another identity
 * document (type + number) when there is none.
 *
 * Pure and deterministic apart from the default "today" (which reads the clock; inside a Temporal workflow
 * the clock is the workflow's own and deterministic). Workflow-safe: imports only domain types.
 *
 * The validators take NORMALISED input: call `normaliseIdentifier` first and store what it returns. A
 * lower-case letter handed to a validator is reported as a `charset` problem, so that nothing un-normalised
 * is ever accepted (and stored) as valid.
 */
import type { IdentifierType, SubjectKind } from './domain';

export type IdentifierProblemCode =
  | 'length'
  | 'charset'
  | 'check_character'
  | 'birth_date'
  | 'region'
  | 'organisation_code'
  | 'document_type';

export interface IdentifierProblem {
  code: IdentifierProblemCode;
  /** A sentence in English an officer or a subject can act on. */
  message: string;
}

export interface IdentifierInput {
  type: IdentifierType;
  value: string;
  /** Only for `type: 'other'`: one of OTHER_DOCUMENT_TYPES. */
  documentType?: string;
}

/** Identity documents accepted when a subject has no code or citizen identity number. */
export const OTHER_DOCUMENT_TYPES = [
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'foreign_permanent_residence',
  'other',
] as const;
export type OtherDocumentType = (typeof OTHER_DOCUMENT_TYPES)[number];

/** Document types that identify a natural person and so never an organisation. */
const PERSONAL_DOCUMENT_TYPES: readonly string[] = [
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'foreign_permanent_residence',
];

// ---------------------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------------------

/**
 * The canonical form of an identifier as typed: Unicode NFKC (full-width ０-９ Ａ-Ｚ from a Chinese input
 * method become ASCII), upper case, outer whitespace removed; for a code or citizen identity number all inner
 * whitespace is removed as well ("9135 0100 M000 100Y 43" is a common way of writing one).
 */
export function normaliseIdentifier(type: IdentifierType, value: string): string {
  // Most identifiers arrive normalised already (a list check brings 100,000 at once): skip Unicode folding then.
  if (/^[0-9A-Z]*$/.test(value)) return value;
  const folded = value.normalize('NFKC').toUpperCase();
  return type === 'other' ? folded.trim() : folded.replace(/\s+/g, '');
}

// ---------------------------------------------------------------------------------------------------------
// Unified social credit code (GB 32100-2015)
// ---------------------------------------------------------------------------------------------------------

/** GB 32100-2015 §4.2: digits and upper-case letters without I, O, Z, S, V; a character's value is its index. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1-17: 3^(i-1) mod 31. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A character's value in the charset by its char code (-1 outside it): list checks validate 100,000 codes at once. */
const USCC_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARSET.length; i++) USCC_VALUES[USCC_CHARSET.charCodeAt(i)] = i;
const usccValue = (ch: string) => (ch.charCodeAt(0) < 128 ? USCC_VALUES[ch.charCodeAt(0)] : -1);

/**
 * Registration authority codes (position 1): GB 32100-2015 with amendment No. 1 (2016) and the later
 * additions — 1 机构编制 (staffing commissions), 2 外交 (foreign affairs), 3 司法行政 (justice), 4 文化 (culture),
 * 5 民政 (civil affairs), 6 旅游 (tourism), 7 宗教 (religious affairs), 8 工会 (trade unions),
 * 9 工商 (market regulation), A 中央军委改革和编制办公室 (CMC reform and staffing office), N 农业 (agriculture:
 * rural collective economic organisations), Y 其他 (others).
 * The institution category (position 2) is not checked against the authorities' tables: they are each
 * authority's own and have grown over time; it only has to be in the charset.
 */
const REGISTRATION_AUTHORITIES: Record<string, string> = {
  '1': 'staffing commission (机构编制)',
  '2': 'foreign affairs (外交)',
  '3': 'justice administration (司法行政)',
  '4': 'culture (文化)',
  '5': 'civil affairs (民政)',
  '6': 'tourism (旅游)',
  '7': 'religious affairs (宗教)',
  '8': 'trade union (工会)',
  '9': 'market regulation (工商)',
  A: 'CMC reform and staffing office (中央军委改革和编制办公室)',
  N: 'agriculture (农业)',
  Y: 'other (其他)',
};

/** GB 11714-1997 (organisation code, positions 9-17 of a USCC): weights of its 8 body characters. */
const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The check character (position 18) of the first 17 characters of a USCC. Throws on a character outside the charset. */
export function usccCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`usccCheckCharacter needs 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = usccValue(first17[i]);
    if (value < 0) throw new RangeError(`'${first17[i]}' is not in the GB 32100 charset`);
    sum += value * USCC_WEIGHTS[i];
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * The check character (9th) of an organisation code's 8 body characters, GB 11714-1997: digits count their
 * value, letters A-Z 10-35; C = 11 - (Σ value × weight) mod 11, with 10 written 'X' and 11 written '0'.
 */
export function organisationCodeCheckCharacter(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new RangeError(`an organisation code body is 8 of [0-9A-Z]: '${body8}'`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8.charCodeAt(i);
    const value = c <= 57 ? c - 48 : c - 55;
    sum += value * ORGANISATION_CODE_WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** Problem with a normalised unified social credit code, or null when it is valid. */
export function validateUscc(code: string): IdentifierProblem | null {
  if (code.length !== 18) {
    return {
      code: 'length',
      message: `A unified social credit code has 18 characters; this one has ${code.length}.`,
    };
  }
  for (let i = 0; i < 18; i++) {
    const ch = code[i];
    if (usccValue(ch) >= 0) continue;
    return { code: 'charset', message: `Character ${i + 1} of the unified social credit code, '${ch}', ${charsetReason(ch)}` };
  }
  const authority = code[0];
  if (!(authority in REGISTRATION_AUTHORITIES)) {
    return {
      code: 'charset',
      message: `The first character of a unified social credit code is the registration authority (1-9, A, N or Y); '${authority}' is none.`,
    };
  }
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) {
    return {
      code: 'region',
      message: `Characters 3-8 of a unified social credit code are the 6-digit administrative division code of the registration authority; '${code.slice(2, 8)}' is not.`,
    };
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) {
    return {
      code: 'check_character',
      message: `The check character (the 18th) of the unified social credit code does not match the other 17 (expected '${expected}', found '${code[17]}'): a character was probably mistyped or two were swapped.`,
    };
  }
  const organisationCode = code.slice(8, 17);
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(organisationCode) || organisationCodeCheckCharacter(organisationCode.slice(0, 8)) !== organisationCode[8]) {
    return {
      code: 'organisation_code',
      message: `Characters 9-17 of the unified social credit code ('${organisationCode}') are not a valid organisation code (GB 11714): its own check character does not match.`,
    };
  }
  return null;
}

function charsetReason(ch: string): string {
  if (/[a-z]/.test(ch)) return 'is lower case (the code must be normalised to upper case first).';
  if ('IOZSV'.includes(ch)) return 'is not allowed: the letters I, O, Z, S and V are never used (perhaps 1, 0, 2, 5 or U was meant).';
  if (/\s/.test(ch)) return 'is whitespace.';
  return 'is not allowed: only digits and the upper-case letters other than I, O, Z, S and V are used.';
}

// ---------------------------------------------------------------------------------------------------------
// Citizen identity number (GB 11643-1999)
// ---------------------------------------------------------------------------------------------------------

const CITIZEN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * First two digits of the address code (GB/T 2260 provinces), plus the codes of residence permits that use
 * the same 18-digit format: 81 Hong Kong and 82 Macao residents (港澳居民居住证, 810000 / 820000) and 83 Taiwan
 * residents (台湾居民居住证, 830000 — not a GB/T 2260 province code, used only by these permits). 71 is
 * Taiwan's GB/T 2260 code.
 */
export const CITIZEN_ID_PROVINCE_CODES: readonly string[] = [
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71',
  '81', '82',
  '83',
];

/** Earliest birth date accepted. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** The check digit (18th) of the first 17 digits of a citizen identity number: '0'-'9' or 'X'. */
export function citizenIdCheckCharacter(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new RangeError(`a citizen identity number body is 17 digits: '${first17}'`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * CITIZEN_ID_WEIGHTS[i];
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** The last `today` found to be a date (a list check validates 100,000 numbers against the same day). */
let checkedToday = '';

/**
 * Problem with a normalised 18-digit citizen identity number, or null when it is valid.
 * `today` (YYYY-MM-DD, default the current date in Asia/Shanghai) bounds the birth date.
 */
export function validateCitizenId(id: string, opts: { today?: string } = {}): IdentifierProblem | null {
  const today = opts.today ?? shanghaiToday();
  if (today !== checkedToday) {
    if (!isCalendarDate(today)) throw new RangeError(`today must be a YYYY-MM-DD date: '${today}'`);
    checkedToday = today;
  }
  if (id.length !== 18) {
    return {
      code: 'length',
      message:
        id.length === 15
          ? 'A citizen identity number has 18 characters; 15-digit first-generation numbers are no longer valid.'
          : `A citizen identity number has 18 characters; this one has ${id.length}.`,
    };
  }
  for (let i = 0; i < 17; i++) {
    if (id[i] >= '0' && id[i] <= '9') continue;
    return {
      code: 'charset',
      message: `Character ${i + 1} of the citizen identity number, '${id[i]}', is not a digit: only the last character may be 'X'.`,
    };
  }
  if (!/^[0-9X]$/.test(id[17])) {
    return {
      code: 'charset',
      message:
        id[17] === 'x'
          ? "The last character of the citizen identity number is a lower-case 'x' (the number must be normalised to upper case first)."
          : `The last character of a citizen identity number is a digit or 'X'; '${id[17]}' is neither.`,
    };
  }
  if (!CITIZEN_ID_PROVINCE_CODES.includes(id.slice(0, 2))) {
    return {
      code: 'region',
      message: `The citizen identity number begins with '${id.slice(0, 2)}', which is not a province code: its first six digits are the address code of the place of registration.`,
    };
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isRealDate(digitsValue(id, 6, 10), digitsValue(id, 10, 12), digitsValue(id, 12, 14))) {
    return {
      code: 'birth_date',
      message: `Digits 7-14 of the citizen identity number are the date of birth; ${id.slice(6, 14)} is not a real date.`,
    };
  }
  if (birthDate > today) {
    return { code: 'birth_date', message: `The date of birth in the citizen identity number, ${birthDate}, is in the future.` };
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    return {
      code: 'birth_date',
      message: `The date of birth in the citizen identity number, ${birthDate}, is before ${EARLIEST_BIRTH_DATE}.`,
    };
  }
  const expected = citizenIdCheckCharacter(id.slice(0, 17));
  if (id[17] !== expected) {
    return {
      code: 'check_character',
      message: `The check digit (the 18th character) of the citizen identity number does not match the other 17 (expected '${expected}', found '${id[17]}'): a digit was probably mistyped or two were swapped.`,
    };
  }
  return null;
}

/** The date of birth ('YYYY-MM-DD') of an 18-digit citizen identity number. Throws when it has none. */
export function birthDateFromCitizenId(id: string): string {
  if (!/^[0-9]{17}[0-9X]$/i.test(id)) throw new RangeError(`not an 18-digit citizen identity number: '${id}'`);
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birthDate)) throw new RangeError(`the citizen identity number has no real date of birth: '${id.slice(6, 14)}'`);
  return birthDate;
}

/**
 * Age in full years (周岁) on `date` of a person born on `birthDate` (both YYYY-MM-DD), as Chinese law counts
 * it: by the Gregorian calendar, a new year of age beginning on the day AFTER the birthday (SPC
 * interpretation on juvenile criminal cases, Art 2; Civil Code Art 201: the first day is not counted). On
 * their 18th birthday a person is therefore still 17 — the reading that favours the minor.
 * For a birthday on 29 February the birthday of a common year is 28 February (Civil Code Art 202).
 * Throws on a malformed date or a `date` before `birthDate`.
 */
export function ageOn(birthDate: string, date: string): number {
  if (!isCalendarDate(birthDate)) throw new RangeError(`birthDate must be a YYYY-MM-DD date: '${birthDate}'`);
  if (!isCalendarDate(date)) throw new RangeError(`date must be a YYYY-MM-DD date: '${date}'`);
  if (date < birthDate) throw new RangeError(`date ${date} is before birthDate ${birthDate}`);
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const years = Number(date.slice(0, 4)) - by;
  // The birthday in `date`'s year; the years count only once it has passed.
  const birthday = `${date.slice(0, 4)}-${pad2(bm)}-${pad2(Math.min(bd, daysInMonth(by + years, bm)))}`;
  return date > birthday ? years : Math.max(0, years - 1);
}

/** Whether a person born on `birthDate` was under 18 (not yet 已满十八周岁) on `date`; see `ageOn`. */
export function wasUnder18On(birthDate: string, date: string): boolean {
  return ageOn(birthDate, date) < 18;
}

// ---------------------------------------------------------------------------------------------------------
// Other identity documents
// ---------------------------------------------------------------------------------------------------------

/** Problem with another identity document (type + normalised number), or null when it is acceptable. */
export function validateOtherDocument(documentType: string, number: string): IdentifierProblem | null {
  if (!documentType) {
    return { code: 'document_type', message: `The type of the identity document is missing (one of ${OTHER_DOCUMENT_TYPES.join(', ')}).` };
  }
  if (!(OTHER_DOCUMENT_TYPES as readonly string[]).includes(documentType)) {
    return {
      code: 'document_type',
      message: `'${documentType}' is not a known identity document type (one of ${OTHER_DOCUMENT_TYPES.join(', ')}).`,
    };
  }
  if (number.length < 5 || number.length > 30) {
    return {
      code: 'length',
      message: number.length === 0
        ? 'The number of the identity document is missing.'
        : `The number of an identity document has 5 to 30 characters; this one has ${number.length}.`,
    };
  }
  const bad = /[^A-Z0-9-]/.exec(number);
  if (bad) {
    return {
      code: 'charset',
      message: `Character ${bad.index + 1} of the identity document number, '${bad[0]}', is not allowed: only digits, upper-case letters A-Z and '-' are.`,
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------------------

/**
 * Problem with a subject's (normalised) identifier, or null when it is valid for a subject of that kind:
 * a natural person has a citizen identity number or another identity document; an organisation has a unified
 * social credit code or, lacking one, an identity document of type `other` (a passport or permit identifies a
 * person, never an organisation).
 */
export function validateIdentifier(
  identifier: IdentifierInput,
  subjectKind: SubjectKind,
  today?: string,
): IdentifierProblem | null {
  const isPerson = subjectKind === 'natural_person';
  switch (identifier.type) {
    case 'uscc':
      if (isPerson) {
        return {
          code: 'document_type',
          message: 'A natural person is identified by a citizen identity number or another identity document, not a unified social credit code.',
        };
      }
      return validateUscc(identifier.value);
    case 'citizen_id':
      if (!isPerson) {
        return {
          code: 'document_type',
          message: 'An organisation is identified by its unified social credit code, not a citizen identity number.',
        };
      }
      return validateCitizenId(identifier.value, { today });
    case 'other': {
      const documentType = identifier.documentType ?? '';
      if (!isPerson && PERSONAL_DOCUMENT_TYPES.includes(documentType)) {
        return {
          code: 'document_type',
          message: `A '${documentType}' identifies a natural person; an organisation without a unified social credit code needs a document of type 'other'.`,
        };
      }
      return validateOtherDocument(documentType, identifier.value);
    }
    default:
      return {
        code: 'document_type',
        message: `'${String((identifier as { type: unknown }).type)}' is not an identifier type (uscc, citizen_id or other).`,
      };
  }
}

/**
 * An identifier written alone, as in a list check, normalised and told apart by its form: 17 digits and a digit or
 * 'X' is a citizen identity number, any other 18 characters a unified social credit code; anything else is a
 * problem (another identity document is given with its type). Either way the value is fully validated.
 */
export function identifyIdentifier(
  raw: string | IdentifierInput,
  today?: string,
): { identifier: IdentifierInput; problem: null } | { identifier: null; problem: IdentifierProblem } {
  if (typeof raw !== 'string') {
    const identifier = { ...raw, value: normaliseIdentifier(raw.type, raw.value) };
    const personal = raw.type === 'citizen_id' || (raw.type === 'other' && PERSONAL_DOCUMENT_TYPES.includes(raw.documentType ?? ''));
    const problem = validateIdentifier(identifier, personal ? 'natural_person' : 'legal_person', today);
    return problem ? { identifier: null, problem } : { identifier, problem: null };
  }
  const value = normaliseIdentifier('uscc', raw);
  if (value.length !== 18) {
    return {
      identifier: null,
      problem: {
        code: 'length',
        message: `A unified social credit code or a citizen identity number has 18 characters; this has ${value.length} (give another identity document as { type: 'other', documentType, value }).`,
      },
    };
  }
  // A code may be all digits too: a number of the citizen form that is no valid identity number may be a code.
  if (/^\d{17}[\dX]$/.test(value)) {
    const problem = validateCitizenId(value, { today });
    if (!problem) return { identifier: { type: 'citizen_id', value }, problem: null };
    return validateUscc(value) ? { identifier: null, problem } : { identifier: { type: 'uscc', value }, problem: null };
  }
  const problem = validateUscc(value);
  return problem ? { identifier: null, problem } : { identifier: { type: 'uscc', value }, problem: null };
}

// ---------------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------------

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A YYYY-MM-DD string naming a real Gregorian date. */
function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return !!m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The number the digits of `s` from `from` to `to` (exclusive) write; the caller has checked they are digits. */
function digitsValue(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

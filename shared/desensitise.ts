/**
 * JS Art 40: a natural person's personal information is desensitised before it is published (DOMAIN.md §5):
 * the name and identity number of a listed person, and inside published free text the names, identity numbers,
 * phone numbers and addresses of natural persons. Workflow-safe: no imports.
 */

export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

export function maskIdentifier(value: string): string {
  return value.length <= 8 ? '*'.repeat(value.length) : value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

/** Words after which a Chinese text names a natural person (法定代表人张三, 当事人：李四). */
const PERSON_BEFORE_NAME =
  /(法定代表人|负责人|实际控制人|直接责任人员?|当事人|经营者|投资人|驾驶员|举报人|证人|被执行人|联系人|户主|姓名)([:：为是]?)(?![未对应已在的及和与因将要等均依不没拒无有所以被把向从自称表签负主具明知同也都即就还并或系作违])(\p{Script=Han}{2,3})/gu;
/** What follows a name-like span when it is in fact an organisation's name (当事人南京某某有限公司). */
const ORGANISATION_AHEAD = /^\p{Script=Han}{0,16}?(?:公司|企业|厂|店|合作社|中心|集团|协会|事务所|医院|学校|银行)/u;
/** Words after which a text gives someone's home (住址：…, 家住…, 户籍地…), up to the end of the clause. */
const ADDRESS = /(住址|住所|家庭住址|家住|现住|居住于|居住在|居住地|户籍地|户籍所在地|身份证地址)([:：为是在于]?)([^，。；;,()（）\n]{2,60})/gu;
/** A dwelling to the room: …号…室, …栋…单元…室 (a business address stops at the building). */
const DWELLING = /[\p{Script=Han}\d]{0,20}?\d+(?:号楼|栋|幢|号)(?:\d+单元)?\d+(?:室|户)/gu;
/** Citizen identity numbers (18 and old 15 digits), not inside a longer run of digits or letters. */
const CITIZEN_ID = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
/** Mobile numbers (11 digits from 13-19) and landlines with an area code (025-84567890, 02584567890). */
const PHONE = /(?<!\d)(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)/g;

const stars = (s: string) => '*'.repeat([...s].length);

/**
 * Masks what identifies natural persons in a text that is published. `names` are the natural persons the text is
 * known to be about (the subject, an organisation's responsible persons); other names are found after the words
 * that introduce a person. Masking too much is harmless here; masking too little is not.
 */
export function desensitiseText(text: string, names: string[] = []): string {
  let out = text.replace(CITIZEN_ID, (id) => maskIdentifier(id));
  out = out.replace(PHONE, (phone) => phone.slice(0, phone.length - 8) + '****' + phone.slice(-4));
  out = out.replace(ADDRESS, (_m, word: string, sep: string, place: string) => `${word}${sep}${stars(place)}`);
  out = out.replace(DWELLING, (place) => stars(place));
  for (const name of [...new Set(names)].filter((n) => [...n].length >= 2).sort((a, b) => b.length - a.length)) {
    out = out.split(name).join(maskName(name));
  }
  out = out.replace(PERSON_BEFORE_NAME, (m: string, word: string, sep: string, name: string, at: number, all: string) =>
    ORGANISATION_AHEAD.test(all.slice(at + word.length + sep.length)) ? m : `${word}${sep}${maskName(name)}`,
  );
  return out;
}

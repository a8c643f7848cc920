/**
 * JS Art 62: what may not be collected about a natural person, and what only with the person's written consent.
 * The one home of the rule (DOMAIN.md §2); the API and the workflow validators screen every text that becomes part
 * of a record or is published with `screenPersonalInformation`. Workflow-safe: no imports but domain types.
 *
 * The rule is about a *natural person's own attributes*, not about words: a penalty about genetically modified
 * food, a record from a disease-control agency or a citation of the Regulations on Religious Affairs is ordinary
 * enforcement text. So the phrases below describe a person's belief, body, health or wealth (信仰基督教, 血型,
 * 患有…病, 月收入, 银行存款, 名下房产), not the bare nouns (宗教, 基因, 疾病, 收入, 证券) that institutions, laws and
 * products are named with. What still looks like such information is refused with the phrases found; the officer
 * may then confirm, for those phrases, that the text is not about the person's own attributes (audited).
 */
import type { SubjectKind } from './domain';

/** Information JS Art 62(1) forbids collecting at all. */
export const FORBIDDEN_CATEGORIES = ['religious_belief', 'genes', 'fingerprints', 'blood_type', 'disease_history'] as const;
/** Information JS Art 62(2) allows only with the person's written consent, or to a state organ under a law. */
export const CONSENT_CATEGORIES = ['income', 'deposits', 'securities', 'commercial_insurance', 'real_estate', 'tax_amount'] as const;
export type ForbiddenCategory = (typeof FORBIDDEN_CATEGORIES)[number];
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];
export type PersonalInformationCategory = ForbiddenCategory | ConsentCategory;

/** Han characters of a short span within one clause (no punctuation, no line break). */
const SPAN = '[^，。；;,.!?！？、\\s]';

const PHRASES: Record<PersonalInformationCategory, RegExp[]> = {
  religious_belief: [
    /宗教信仰/g,
    new RegExp(`信仰${SPAN}{0,4}?(?:教|佛|神|主)`, 'g'),
    /信奉|皈依|受洗|信教/g,
    /(?:基督|天主|伊斯兰|佛|道)教徒|基督徒|穆斯林/g,
    /\breligious (?:belief|faith|affiliation)s?\b/gi,
    /\b(?:his|her|their) (?:religion|faith)\b/gi,
  ],
  // 转基因 (genetically modified) names a product, not a person's genes.
  genes: [/(?<!转)基因/g, /\bDNA\b/g, /\bgen(?:e|es|etic|ome|otype)\b/gi],
  fingerprints: [/指纹/g, /\bfingerprints?\b/gi],
  blood_type: [/血型/g, /\bblood (?:type|group)\b/gi],
  // Diseases are named by laws and institutions (传染病防治法, 疾病预防控制机构): only a person having one counts.
  disease_history: [
    /病史|病历|既往史|就诊记录|住院记录|体检报告|健康状况/g,
    new RegExp(`(?:患有|罹患|身患|确诊|诊断为|感染了?)${SPAN}{0,8}`, 'g'),
    /(?:艾滋病|HIV|乙肝)(?:病毒)?(?:感染者|携带者|阳性)/g,
    /\bmedical (?:history|records?)\b/gi,
    /\bdiagnosed\b/gi,
    /\bsuffer(?:s|ed|ing)? from\b/gi,
  ],
  // 违法收入, 非法收入 (illegal income, confiscated by a penalty) are facts of the act, not the person's income.
  income: [
    /(?:个人|工资|薪酬|薪金|劳动|家庭|月|年)收入/g,
    /(?<!违法|非法)收入(?:为|约|达|情况|证明|水平)/g,
    /月薪|年薪|月工资|年工资/g,
    /\b(?:personal|annual|monthly|household|his|her|their) (?:income|salary|earnings)\b/gi,
  ],
  // "deposit" alone is also a security deposit (保证金), e.g. the measure `restrict_government_projects`.
  deposits: [/存款|储蓄|账户余额/g, /\bbank (?:deposits?|balance)\b/gi, /\bsavings\b/gi],
  // 证券公司 (a securities company) is an institution.
  securities: [
    /有价证券|股票账户|证券账户|资金账户|理财产品/g,
    new RegExp(`持有${SPAN}{0,6}?(?:股票|股份|证券|基金|债券)`, 'g'),
    /\b(?:his|her|their) (?:shares|stocks|securities)\b/gi,
    /\bsecurities account\b/gi,
  ],
  commercial_insurance: [/商业保险|人寿保险|商业医疗保险|保险单|保单/g, /\b(?:commercial|life) insurance\b/gi, /\binsurance polic(?:y|ies)\b/gi],
  real_estate: [
    /不动产|房产|房屋所有权|房屋产权|宅基地/g,
    new RegExp(`名下${SPAN}{0,6}?(?:房|住宅|土地|商铺)`, 'g'),
    /\breal estate\b/gi,
    /\b(?:his|her|their) (?:house|home|apartment|flat|property)\b/gi,
  ],
  tax_amount: [
    /纳税(?:数额|额|金额|记录|证明)|完税证明|应纳税额/g,
    new RegExp(`(?:缴纳|缴)${SPAN}{0,4}?个人所得税`, 'g'),
    /个人所得税(?:数额|金额|额)/g,
    /\b(?:tax (?:amount|paid|payments?)|amount of tax)\b/gi,
  ],
};

export interface PersonalInformationFinding {
  /** Which text it was found in, e.g. `content`, `facts`. */
  field: string;
  category: PersonalInformationCategory;
  kind: 'forbidden' | 'consent_required';
  phrase: string;
}

/** The phrases in a text that look like a natural person's forbidden or consent-only information. */
export function findPersonalInformation(field: string, text: string): PersonalInformationFinding[] {
  const found: PersonalInformationFinding[] = [];
  for (const category of Object.keys(PHRASES) as PersonalInformationCategory[]) {
    const kind = (FORBIDDEN_CATEGORIES as readonly string[]).includes(category) ? 'forbidden' : 'consent_required';
    for (const pattern of PHRASES[category]) {
      for (const m of text.matchAll(pattern)) {
        if (!found.some((f) => f.category === category && f.phrase === m[0])) found.push({ field, category, kind, phrase: m[0] });
      }
    }
  }
  return found;
}

/** The officer's confirmation, for the phrases found, that the text is not about the person's own attributes (audited). */
export interface NotPersonalAttributes {
  phrases: string[];
  explanation: string;
}

/**
 * Where the texts go: `shielded` onto a record shown only to the subject and those it authorised (consent or a
 * legal basis recorded for it); `consentable` onto a record that could be so shielded (a new credit record);
 * `published` where consent-only information may not go at all (JS Art 62(3): inclusion facts become the public
 * record of the list; the content of an ordinary record is published).
 */
export type Destination = 'shielded' | 'consentable' | 'published';

export type ScreeningOutcome =
  | {
      ok: true;
      /** The phrases the officer confirmed as not about the person: to be audited with the write. */
      confirmed: PersonalInformationFinding[];
    }
  | { ok: false; code: 'forbidden_information' | 'consent_required'; message: string; details: { found: PersonalInformationFinding[] } };

const CONFIRM = 'if the text is not about the person’s own attributes, confirm the phrases found (personalInformation.notPersonalAttributes)';

/** Screens the texts of one write about a subject. Only natural persons have these attributes. */
export function screenPersonalInformation(
  texts: Array<{ field: string; text: string | undefined }>,
  subjectKind: SubjectKind,
  destination: Destination,
  confirmation?: NotPersonalAttributes,
): ScreeningOutcome {
  if (subjectKind !== 'natural_person') return { ok: true, confirmed: [] };
  const found = texts.flatMap((t) => (t.text ? findPersonalInformation(t.field, t.text) : []));
  const confirmedPhrases = new Set(confirmation?.phrases ?? []);
  const confirmed = found.filter((f) => confirmedPhrases.has(f.phrase));
  const open = found.filter((f) => !confirmedPhrases.has(f.phrase));
  if (open.some((f) => f.kind === 'forbidden')) {
    return {
      ok: false,
      code: 'forbidden_information',
      message: `JS Art 62 forbids collecting a natural person’s religious belief, genes, fingerprints, blood type, disease or medical history; ${CONFIRM}`,
      details: { found: open.filter((f) => f.kind === 'forbidden') },
    };
  }
  if (open.length === 0 || destination === 'shielded') return { ok: true, confirmed };
  return {
    ok: false,
    code: 'consent_required',
    message:
      destination === 'published'
        ? `this text is published: it may not carry a natural person’s income, deposits, securities, insurance, real estate or tax amounts (JS Art 62(3)); ${CONFIRM}`
        : `a natural person’s income, deposits, securities, insurance, real estate or tax amounts need the person’s written consent (sensitive.consentDocument) or, for a state organ, the legal basis it collects them under (sensitive.legalBasis, JS Art 62(2)); ${CONFIRM}`,
    details: { found: open },
  };
}

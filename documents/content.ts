/**
 * What the generated documents say (DOMAIN.md §4; JS Art 31, 67, 71). One composer per document kind: a pure
 * function from typed domain input to a `DocumentContent` that `renderPdf` lays out. Codes (department,
 * measures, field, basis kind) come in as codes and are mapped to their Chinese labels here; dates come in as
 * `YYYY-MM-DD` (Asia/Shanghai) and are printed as `YYYY年M月D日`.
 */
import { type IsoDate, shanghaiDate } from '../shared/calendar';
import {
  type BasisKind,
  type Department,
  type IdentifierType,
  type ListField,
  type Measure,
  DEPARTMENTS,
  LIST_FIELDS,
  MEASURES,
  type RemovalReason,
  type StopUseReason,
} from '../shared/domain';

// ---------------------------------------------------------------------------------------------------------
// The content a renderer lays out
// ---------------------------------------------------------------------------------------------------------

export const DOCUMENT_KINDS = [
  'prior_notice',
  'statement_feedback',
  'inclusion_decision',
  'credit_repair_notice',
  'non_inclusion_notice',
  'withdrawal_notice',
  'removal_notice',
  'objection_reply',
  'repair_decision',
  'stop_use_notice',
  'responsible_person_notice',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_TITLES: Record<DocumentKind, string> = {
  prior_notice: '拟列入严重失信主体名单事先告知书',
  statement_feedback: '陈述申辩意见核实反馈书',
  inclusion_decision: '列入严重失信主体名单决定书',
  credit_repair_notice: '信用修复告知书',
  non_inclusion_notice: '不予列入严重失信主体名单决定书',
  withdrawal_notice: '撤回拟列入严重失信主体名单告知书',
  removal_notice: '移出严重失信主体名单告知书',
  objection_reply: '异议处理答复书',
  repair_decision: '信用修复决定书',
  stop_use_notice: '停止使用失信信息通知书',
  responsible_person_notice: '责任人员失信信息标注告知书',
};

export type DocumentBlock = { type: 'paragraph'; text: string } | { type: 'bullets'; items: string[] };

export interface DocumentSection {
  /** Numbered heading (`一、事实`), or none for an opening or closing passage. */
  heading?: string;
  blocks: DocumentBlock[];
}

export interface DocumentContent {
  /** A case document, or the subject's credit report (documents/credit-report.ts, not stored with the cases). */
  kind: DocumentKind | 'credit_report';
  title: string;
  /** 文号 */
  reference: string;
  /** ISO instant; also the PDF's creation date. */
  issuedAt: string;
  /** The issue date in Asia/Shanghai, `YYYY-MM-DD`. */
  issuedOn: IsoDate;
  /** The issuing authority's name as printed at the head and above the date. */
  authority: string;
  /** Whom the document is addressed to: the subject, or for a stop-use notice the credit service agency. */
  addressee: { label: string; name: string; identifierLabel: string; identifier: string };
  sections: DocumentSection[];
}

// ---------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------

export interface DocumentSubject {
  name: string;
  identifier: string;
  /** Chooses the identifier's label (统一社会信用代码, 公民身份号码, 证件号码). */
  identifierType?: IdentifierType;
}

export interface DocumentAuthority {
  department: Department;
  /** Full name of the issuing body, e.g. 南京市市场监督管理局; defaults to the department's label. */
  name?: string;
}

/** What every composer takes. */
export interface CommonInput {
  reference: string;
  /** ISO instant. */
  issuedAt: string;
  authority: DocumentAuthority;
  subject: DocumentSubject;
}

/** A legally effective document an identification rests on (JS Art 27). */
export interface BasisDocument {
  kind: BasisKind;
  number: string;
  issuer: string;
  effectiveDate: IsoDate;
}

/** JS Art 71; the numbers come from the case's time-limit configuration. */
export interface Relief {
  reconsiderationDays: number;
  lawsuitMonths: number;
  /** The body reconsideration is applied to (the department's configured one); defaults to a generic wording. */
  reconsiderationBody?: string;
  /** A court prints its own correction procedure instead of reconsideration and lawsuit. */
  correctionProcedure?: string;
}

/** Ways of answering a notice besides the system itself. */
export interface ResponseChannels {
  /** Address of the online service, if there is one to print. */
  onlineUrl?: string;
  /** Postal or office address for written submissions. */
  address?: string;
  /** Contact person and telephone. */
  contact?: string;
}

/** A credit record a document is about. */
export interface RecordReference {
  /** Record number in the system. */
  reference: string;
  /** What it records, e.g. the catalogue item, basis document and content. */
  description: string;
}

export interface PriorNoticeInput extends CommonInput {
  facts: string;
  reasons: string;
  basis: BasisDocument[];
  legalProvisions: string[];
  field: ListField;
  measures: Measure[];
  /** The measure and its citation, required when `measures` includes `local_law_other`. */
  localLawMeasure?: string;
  /**
   * The window for stating, defending and objecting, as a rule: the notice is issued before it is served, so the
   * date the window ends is not known yet and is never printed (DOMAIN.md §3, "Service").
   */
  deadline: {
    workingDays: number;
    /** Days after publication when service by public announcement takes effect. */
    announcementDays: number;
  };
  /** Working days the department has to verify a statement and give feedback. */
  verificationWorkingDays: number;
  channels?: ResponseChannels;
}

export interface StatementFeedbackInput extends CommonInput {
  priorNoticeReference: string;
  statementReceivedOn: IsoDate;
  /** Whether the statement, defence or objection was accepted. */
  accepted: boolean;
  /** The verification result and its reasons. */
  text: string;
}

export interface InclusionDecisionInput extends CommonInput {
  facts: string;
  reasons: string;
  basis: BasisDocument[];
  legalProvisions: string[];
  field: ListField;
  measures: Measure[];
  localLawMeasure?: string;
  priorNoticeReference?: string;
  /** How the subject's statement was handled, if it made one. */
  statementHandling?: string;
  /** The term counts from the service of the decision, which is not known when it is issued: printed as a rule. */
  term: { years: number };
  /** Early removal by credit repair is possible after this many years on the list. */
  earlyRemovalAfterYears: number;
  relief: Relief;
}

export interface CreditRepairNoticeInput extends CommonInput {
  inclusionDecisionReference: string;
  /** Years of the term, counted from the service of the decision. */
  termYears: number;
  /** Repair can be applied for from the day after this many years from the service of the decision. */
  earlyRemovalAfterYears: number;
  /** Working days the department has to decide on a complete application. */
  decisionWorkingDays: number;
  channels?: ResponseChannels;
}

export interface NonInclusionNoticeInput extends CommonInput {
  priorNoticeReference?: string;
  reasons: string;
}

export interface WithdrawalNoticeInput extends CommonInput {
  priorNoticeReference?: string;
  reason: string;
}

export { REMOVAL_REASONS, type RemovalReason } from '../shared/domain';

export interface RemovalNoticeInput extends CommonInput {
  inclusionDecisionReference: string;
  field: ListField;
  includedOn: IsoDate;
  removedOn: IsoDate;
  reason: RemovalReason;
  /** e.g. the repair decision or the revoking document. */
  details?: string;
}

export const OBJECTION_OUTCOMES = ['upheld', 'corrected', 'deleted', 'refused'] as const;
/** `refused`: not accepted as inadmissible. */
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];

export interface ObjectionReplyInput extends CommonInput {
  record: RecordReference;
  objectionReceivedOn: IsoDate;
  grounds: string;
  outcome: ObjectionOutcome;
  reasons: string;
  /** The record's new content, required when the outcome is `corrected`. */
  correctedContent?: string;
  relief: Relief;
}

export interface RepairDecisionInput extends CommonInput {
  record: RecordReference;
  appliedOn: IsoDate;
  granted: boolean;
  reasons: string;
  /** Granted: the date publicity stops. */
  effectiveOn?: IsoDate;
  /** Granted: the list entry resting on the record is removed early. */
  listEntryRemoved?: boolean;
  relief: Relief;
}

export { STOP_USE_REASONS, type StopUseReason } from '../shared/domain';

export interface StopUseNoticeInput extends CommonInput {
  /** The addressee: a registered credit service agency (JS Art 52, 67). */
  agency: { name: string; identifier: string };
  record: RecordReference;
  reason: StopUseReason;
  /** The date publicity stopped or retention ended. */
  effectiveOn: IsoDate;
  acknowledge: { workingDays: number; dueDate: IsoDate };
}

/** JS Art 32: served on each responsible person marked with an organisation's entry on the list. */
export interface ResponsiblePersonNoticeInput extends CommonInput {
  organisation: DocumentSubject;
  role: string;
  inclusionDecisionReference: string;
  includedOn: IsoDate;
  removalDueOn: IsoDate;
  relief: Relief;
}

export type DocumentRequest =
  | { kind: 'prior_notice'; input: PriorNoticeInput }
  | { kind: 'statement_feedback'; input: StatementFeedbackInput }
  | { kind: 'inclusion_decision'; input: InclusionDecisionInput }
  | { kind: 'credit_repair_notice'; input: CreditRepairNoticeInput }
  | { kind: 'non_inclusion_notice'; input: NonInclusionNoticeInput }
  | { kind: 'withdrawal_notice'; input: WithdrawalNoticeInput }
  | { kind: 'removal_notice'; input: RemovalNoticeInput }
  | { kind: 'objection_reply'; input: ObjectionReplyInput }
  | { kind: 'repair_decision'; input: RepairDecisionInput }
  | { kind: 'stop_use_notice'; input: StopUseNoticeInput }
  | { kind: 'responsible_person_notice'; input: ResponsiblePersonNoticeInput };

// ---------------------------------------------------------------------------------------------------------
// Labels and formatting
// ---------------------------------------------------------------------------------------------------------

const REGULATION = '《江苏省社会信用条例》';

export const BASIS_KIND_LABELS: Record<BasisKind, string> = {
  effective_judgment: '生效判决书',
  arbitration_award: '仲裁裁决书',
  administrative_penalty: '行政处罚决定书',
  administrative_compulsion: '行政强制决定书',
  administrative_ruling: '行政裁决书',
  other_legal_document: '其他法律文书',
};

export const IDENTIFIER_LABELS: Record<IdentifierType, string> = {
  uscc: '统一社会信用代码',
  citizen_id: '公民身份号码',
  other: '身份证件号码',
};

const REMOVAL_REASON_TEXT: Record<RemovalReason, string> = {
  term_ended: '列入期限届满',
  credit_repair: '经信用修复，提前移出',
  basis_revoked: '作为列入依据的法律文书被撤销、变更或者确认无效',
  record_deleted: '作为列入依据的信用信息经异议核实予以删除',
};

const STOP_USE_REASON_TEXT: Record<StopUseReason, string> = {
  publicity_ended: '该失信信息公示期限届满，已停止公示',
  repaired: '信用主体已完成信用修复，该失信信息已停止公示',
  revoked: '该失信信息所依据的法律文书被撤销、变更或者确认无效，该信息已撤销',
  deleted: '该信用信息经异议核实已予删除',
  retention_ended: '该失信信息保存期限届满，不再共享和提供查询',
};

/** The Chinese part of a bilingual label from shared/domain.ts. */
function chinese(label: string): string {
  return label.split(' (')[0];
}

export function measureLabel(code: Measure): string {
  return chinese(MEASURES[code]);
}

export function fieldLabel(code: ListField): string {
  return chinese(LIST_FIELDS[code]);
}

export function authorityName(authority: DocumentAuthority): string {
  if (authority.name) return authority.name;
  const label = chinese(DEPARTMENTS[authority.department]);
  return label.endsWith('部门') || label.endsWith('法院') ? label : `${label}部门`;
}

/** `2025-03-07` → `2025年3月7日`. */
export function chineseDate(date: IsoDate): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

const paragraph = (text: string): DocumentBlock => ({ type: 'paragraph', text });
const bullets = (items: string[]): DocumentBlock => ({ type: 'bullets', items });
const section = (heading: string | undefined, ...blocks: DocumentBlock[]): DocumentSection =>
  heading === undefined ? { blocks } : { heading, blocks };

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** The document's frame: header, addressee, and the sections with their headings numbered 一、二、… */
function frame(kind: DocumentKind, input: CommonInput, sections: DocumentSection[], addressee?: DocumentContent['addressee']): DocumentContent {
  const issuedMs = Date.parse(input.issuedAt);
  if (Number.isNaN(issuedMs)) throw new RangeError(`issuedAt is not an ISO instant: ${input.issuedAt}`);
  let n = 0;
  return {
    kind,
    title: DOCUMENT_TITLES[kind],
    reference: input.reference,
    issuedAt: input.issuedAt,
    issuedOn: shanghaiDate(issuedMs),
    authority: authorityName(input.authority),
    addressee: addressee ?? {
      label: '当事人',
      name: input.subject.name,
      identifierLabel: IDENTIFIER_LABELS[input.subject.identifierType ?? 'other'],
      identifier: input.subject.identifier,
    },
    sections: sections.map((s) => (s.heading ? { ...s, heading: `${NUMERALS[n++] ?? n}、${s.heading}` } : s)),
  };
}

/** How the text addresses the subject: 你 a person, 你单位 an organisation. */
function youOf(subject: DocumentSubject): string {
  if (subject.identifierType === 'citizen_id') return '你';
  if (subject.identifierType === 'uscc') return '你单位';
  return '你（单位）';
}

function subjectText(subject: DocumentSubject): string {
  return `${subject.name}（${IDENTIFIER_LABELS[subject.identifierType ?? 'other']}：${subject.identifier}）`;
}

// ---------------------------------------------------------------------------------------------------------
// Shared blocks
// ---------------------------------------------------------------------------------------------------------

function basisSection(basis: BasisDocument[], legalProvisions: string[]): DocumentSection {
  if (basis.length === 0) throw new RangeError('at least one basis document is required (JS Art 27)');
  const blocks = [
    paragraph('作出认定所依据的法律文书：'),
    bullets(
      basis.map(
        (b) => `${BASIS_KIND_LABELS[b.kind]}（${b.number}），作出机关：${b.issuer}，生效日期：${chineseDate(b.effectiveDate)}`,
      ),
    ),
  ];
  if (legalProvisions.length > 0) blocks.push(paragraph('适用的法律、法规及有关规定：'), bullets(legalProvisions));
  return section('依据', ...blocks);
}

function fieldSection(field: ListField): DocumentSection {
  return section('名单领域', paragraph(`依据${REGULATION}第二十九条，列入严重失信主体名单的领域为：${fieldLabel(field)}。`));
}

function measureItems(measures: Measure[], localLawMeasure?: string): string[] {
  if (measures.length === 0) throw new RangeError('at least one disciplinary measure is required');
  return measures.map((m) => {
    if (m !== 'local_law_other') return measureLabel(m);
    if (!localLawMeasure) throw new RangeError('local_law_other needs the measure and its citation (localLawMeasure)');
    return `${measureLabel(m)}：${localLawMeasure}`;
  });
}

function measuresSection(lead: string, measures: Measure[], localLawMeasure?: string): DocumentSection {
  return section('失信惩戒措施提示', paragraph(lead), bullets(measureItems(measures, localLawMeasure)));
}

function reliefSection(relief: Relief, you: string): DocumentSection {
  if (relief.correctionProcedure) return section('救济途径', paragraph(`${you}${relief.correctionProcedure}`));
  const body = relief.reconsiderationBody ?? '本机关的本级人民政府或者上一级主管部门';
  return section(
    '救济途径',
    paragraph(
      `${you}如不服本决定，可以自收到本文书之日起${relief.reconsiderationDays}日内向${body}申请行政复议，` +
        `或者自收到本文书之日起${relief.lawsuitMonths}个月内依法向人民法院提起行政诉讼（${REGULATION}第七十一条）。`,
    ),
  );
}

function channelItems(authority: string, channels: ResponseChannels = {}): string[] {
  const written = [channels.address && `地址：${channels.address}`, channels.contact && `联系人及电话：${channels.contact}`]
    .filter(Boolean)
    .join('；');
  return [
    `通过社会信用案件管理系统在线提交${channels.onlineUrl ? `（${channels.onlineUrl}）` : ''}；`,
    `以书面形式向${authority}提交${written ? `（${written}）` : ''}。`,
  ];
}

function recordSection(record: RecordReference): DocumentSection {
  return section('涉及的信用记录', paragraph(`记录编号：${record.reference}。${record.description}`));
}

/** An unheaded passage: the opening or the closing formula. */
const passage = (text: string): DocumentSection => section(undefined, paragraph(text));

// ---------------------------------------------------------------------------------------------------------
// Composers
// ---------------------------------------------------------------------------------------------------------

/** JS Art 31: before the decision, the reasons, basis, measures and the party's rights. */
export function composePriorNotice(input: PriorNoticeInput): DocumentContent {
  const you = youOf(input.subject);
  const authority = authorityName(input.authority);
  const { workingDays, announcementDays } = input.deadline;
  return frame('prior_notice', input, [
    passage(
      `根据${REGULATION}第三十一条的规定，本机关拟将${you}列入严重失信主体名单。现将拟作出决定的事实、理由、依据、` +
        `失信惩戒措施提示以及${you}依法享有的权利告知如下：`,
    ),
    section('事实', paragraph(input.facts)),
    section('理由', paragraph(input.reasons)),
    basisSection(input.basis, input.legalProvisions),
    fieldSection(input.field),
    measuresSection(
      `${you}被列入严重失信主体名单后，将依法被采取下列失信惩戒措施：`,
      input.measures,
      input.localLawMeasure,
    ),
    section(
      '当事人的权利',
      paragraph(`${you}对上述事实、理由和依据享有陈述、申辩的权利；对拟列入决定有异议的，有权提出异议。`),
    ),
    section(
      '提出期限',
      paragraph(
        `请自本告知书送达之日起${workingDays}个工作日内提出陈述、申辩或者异议：送达当日不计入，` +
          '按国家法定工作日计算（法定节假日不计入，调休上班日计入），期限最后一日24时届满。' +
          `本告知书以公告方式送达的，自公告发布之日起经过${announcementDays}日视为送达。` +
          `逾期未提出的，视为放弃陈述、申辩和异议的权利，本机关将依法作出决定。`,
      ),
    ),
    section(
      '提出方式',
      paragraph('陈述、申辩或者异议应当说明理由，并可附相关证据材料，可以通过下列方式之一提出：'),
      bullets(channelItems(authority, input.channels)),
      paragraph(`本机关将在收到之日起${input.verificationWorkingDays}个工作日内予以核实并反馈。`),
    ),
    passage('特此告知。'),
  ]);
}

const RESPONSIBLE_PERSON_ROLE_LABELS: Record<string, string> = {
  legal_representative: '法定代表人',
  principal_person_in_charge: '主要负责人',
  actual_controller: '实际控制人',
  directly_responsible_person: '其他直接责任人员',
};

/**
 * JS Art 32: the organisation's entry marks its responsible persons' records; served on each, with the period
 * (the same as the entry: these dates are applied, the entry exists when this is issued) and the relief.
 */
export function composeResponsiblePersonNotice(input: ResponsiblePersonNoticeInput): DocumentContent {
  const you = youOf(input.subject);
  const role = RESPONSIBLE_PERSON_ROLE_LABELS[input.role] ?? input.role;
  return frame('responsible_person_notice', input, [
    passage(
      `${subjectText(input.organisation)}已由本机关以《${DOCUMENT_TITLES.inclusion_decision}》（${input.inclusionDecisionReference}）` +
        `列入严重失信主体名单，列入期限自${chineseDate(input.includedOn)}起至${chineseDate(input.removalDueOn)}止。` +
        `根据${REGULATION}第三十二条，${you}作为该单位的${role}，其失信信息在你的信用记录中予以标注。`,
    ),
    section(
      '标注期限',
      paragraph(`标注与该单位的列入同时开始；该单位移出名单（期满、信用修复或依据撤销）时，标注一并解除，不能单独申请信用修复。`),
    ),
    reliefSection(input.relief, you),
    passage('特此告知。'),
  ]);
}

/** JS Art 31: the verification of a statement, defence or objection and its result. */
export function composeStatementFeedback(input: StatementFeedbackInput): DocumentContent {
  const you = youOf(input.subject);
  const result = input.accepted
    ? `经核实，${you}提出的陈述、申辩或者异议意见成立，本机关予以采纳。`
    : `经核实，${you}提出的陈述、申辩或者异议意见不成立，本机关不予采纳。`;
  return frame('statement_feedback', input, [
    passage(
      `本机关于${chineseDate(input.statementReceivedOn)}收到${you}针对《${DOCUMENT_TITLES.prior_notice}》` +
        `（${input.priorNoticeReference}）提出的陈述、申辩或者异议意见。现将核实情况反馈如下：`,
    ),
    section('核实结果', paragraph(result)),
    section('核实情况及理由', paragraph(input.text)),
    passage('特此反馈。'),
  ]);
}

/** JS Art 31, 71: reasons and basis, measures, removal conditions and procedure, relief. */
export function composeInclusionDecision(input: InclusionDecisionInput): DocumentContent {
  const you = youOf(input.subject);
  const { term } = input;
  const opening = input.priorNoticeReference
    ? `本机关已于事前以《${DOCUMENT_TITLES.prior_notice}》（${input.priorNoticeReference}）告知${you}拟作出决定的事实、理由、依据及依法享有的权利。`
    : '';
  return frame('inclusion_decision', input, [
    passage(`${opening}根据${REGULATION}第三十一条的规定，本机关决定将${you}列入严重失信主体名单。具体如下：`),
    section('事实', paragraph(input.facts)),
    section('理由', paragraph(input.reasons)),
    ...(input.statementHandling ? [section('陈述申辩及采纳情况', paragraph(input.statementHandling))] : []),
    basisSection(input.basis, input.legalProvisions),
    fieldSection(input.field),
    measuresSection(`自列入之日起，${you}将依法被采取下列失信惩戒措施：`, input.measures, input.localLawMeasure),
    section(
      '列入期限',
      paragraph(
        `列入期限为${term.years}年，自本决定书送达之日起计算。列入期间，相关信息依法公示。`,
      ),
    ),
    section(
      '移出条件和程序',
      bullets([
        `期满移出：列入期限届满之日，本机关将${you}移出名单，停止公示，并书面告知。`,
        `信用修复提前移出：自本决定书送达之日起满${input.earlyRemovalAfterYears}年后，${you}主动履行义务、纠正失信行为、消除不良影响并作出信用承诺的，` +
          `可以向本机关申请信用修复；经审核同意的，提前移出名单，停止公示。`,
        '依据撤销移出：作为列入依据的法律文书被撤销、变更或者确认无效的，本机关将依法移出名单。',
        '移出名单后，相关失信惩戒措施即行停止，本机关将通知有关信用服务机构停止使用相关失信信息。',
      ]),
    ),
    reliefSection(input.relief, you),
  ]);
}

/** Sent with the inclusion decision: how and when credit repair can be applied for (JS Art 66). */
export function composeCreditRepairNotice(input: CreditRepairNoticeInput): DocumentContent {
  const you = youOf(input.subject);
  const authority = authorityName(input.authority);
  return frame('credit_repair_notice', input, [
    passage(
      `本机关以《${DOCUMENT_TITLES.inclusion_decision}》（${input.inclusionDecisionReference}）决定将${you}列入严重失信主体名单，` +
        `列入期限为${input.termYears}年，自该决定书送达之日起计算。根据${REGULATION}第六十六条，` +
        `现将信用修复有关事项告知如下：`,
    ),
    section(
      '申请时间',
      paragraph(
        `自该决定书送达之日起满${input.earlyRemovalAfterYears}年的次日起，${you}可以申请信用修复。` +
          `未申请或者未获同意的，列入期限届满之日移出名单。`,
      ),
    ),
    section(
      '修复条件',
      bullets([
        '已主动履行法定义务或者约定义务；',
        '已纠正失信行为、消除不良影响；',
        '作出信用承诺，承诺今后守法诚信经营。',
      ]),
    ),
    section(
      '申请材料',
      bullets(['信用修复申请书；', '履行义务、纠正失信行为、消除不良影响的证明材料；', '签署的信用承诺书。']),
    ),
    section(
      '申请方式和办理时限',
      bullets(channelItems(authority, input.channels)),
      paragraph(`本机关自收到完整申请材料之日起${input.decisionWorkingDays}个工作日内作出是否同意修复的决定，并书面告知。`),
    ),
    passage('特此告知。'),
  ]);
}

/** The officer decided not to include: the case ends, with reasons. */
export function composeNonInclusionNotice(input: NonInclusionNoticeInput): DocumentContent {
  const you = youOf(input.subject);
  const ref = input.priorNoticeReference ? `《${DOCUMENT_TITLES.prior_notice}》（${input.priorNoticeReference}）所告知的` : '';
  return frame('non_inclusion_notice', input, [
    passage(`经审查，本机关决定不将${you}列入严重失信主体名单，${ref}拟列入程序终止。`),
    section('理由', paragraph(input.reasons)),
    passage('特此告知。'),
  ]);
}

/** The officer withdrew the case before a decision, with a reason. */
export function composeWithdrawalNotice(input: WithdrawalNoticeInput): DocumentContent {
  const you = youOf(input.subject);
  const ref = input.priorNoticeReference ? `以《${DOCUMENT_TITLES.prior_notice}》（${input.priorNoticeReference}）` : '';
  return frame('withdrawal_notice', input, [
    passage(`本机关${ref}告知${you}拟列入严重失信主体名单。现决定撤回该拟列入程序，不再作出列入决定。`),
    section('撤回理由', paragraph(input.reason)),
    passage('特此告知。'),
  ]);
}

/** The list entry ends: term ended, credit repair, or basis revoked; publicity stops. */
export function composeRemovalNotice(input: RemovalNoticeInput): DocumentContent {
  const you = youOf(input.subject);
  return frame('removal_notice', input, [
    passage(
      `${you}经本机关《${DOCUMENT_TITLES.inclusion_decision}》（${input.inclusionDecisionReference}）` +
        `于${chineseDate(input.includedOn)}列入严重失信主体名单（领域：${fieldLabel(input.field)}）。` +
        `本机关决定自${chineseDate(input.removedOn)}起将${you}移出名单。`,
    ),
    section('移出理由', paragraph(`${REMOVAL_REASON_TEXT[input.reason]}。${input.details ?? ''}`)),
    section(
      '移出后果',
      bullets([
        `自${chineseDate(input.removedOn)}起停止公示相关名单信息，相关失信惩戒措施即行停止；`,
        '本机关已通知有关信用服务机构停止使用并删除相关失信信息。',
      ]),
    ),
    passage('特此告知。'),
  ]);
}

const OBJECTION_RESULT: Record<ObjectionOutcome, string> = {
  upheld: '经核查，该信用记录准确无误，予以维持。',
  corrected: '经核查，该信用记录存在错误或者遗漏，已予更正。',
  deleted: '经核查，该信用记录不应记载，已予删除。',
  refused: '经审查，该异议申请不符合受理条件，不予受理。',
};

/** JS Art 63, 64: the written reply to an objection to a credit record. */
export function composeObjectionReply(input: ObjectionReplyInput): DocumentContent {
  const you = youOf(input.subject);
  if (input.outcome === 'corrected' && !input.correctedContent) {
    throw new RangeError('a corrected objection reply needs the corrected content');
  }
  return frame('objection_reply', input, [
    passage(
      `本机关于${chineseDate(input.objectionReceivedOn)}收到${you}对下列信用记录提出的异议申请。` +
        `根据${REGULATION}第六十三条、第六十四条，现答复如下：`,
    ),
    recordSection(input.record),
    section('异议理由', paragraph(input.grounds)),
    section('处理结果', paragraph(OBJECTION_RESULT[input.outcome])),
    section('理由', paragraph(input.reasons)),
    ...(input.outcome === 'corrected' ? [section('更正后的内容', paragraph(input.correctedContent ?? ''))] : []),
    reliefSection(input.relief, you),
  ]);
}

/** JS Art 66: the decision on an application for credit repair. */
export function composeRepairDecision(input: RepairDecisionInput): DocumentContent {
  const you = youOf(input.subject);
  const effects: string[] = [];
  if (input.granted) {
    const on = input.effectiveOn ? `自${chineseDate(input.effectiveOn)}起` : '';
    effects.push(`${on}停止公示并停止共享该失信信息；`);
    if (input.listEntryRemoved) effects.push('依据该信息列入的严重失信主体名单，提前移出；');
    effects.push('本机关将通知有关信用服务机构停止使用并删除该失信信息。');
  }
  return frame('repair_decision', input, [
    passage(`本机关于${chineseDate(input.appliedOn)}收到${you}的信用修复申请。经审核，决定如下：`),
    recordSection(input.record),
    section('决定', paragraph(input.granted ? '同意信用修复。' : '不予信用修复。')),
    section('理由', paragraph(input.reasons)),
    ...(input.granted ? [section('修复后果', bullets(effects))] : []),
    reliefSection(input.relief, you),
  ]);
}

/** JS Art 67: tells a credit service agency to stop using and remove a dishonest record. */
export function composeStopUseNotice(input: StopUseNoticeInput): DocumentContent {
  return frame(
    'stop_use_notice',
    input,
    [
      passage(`根据${REGULATION}第六十七条，现通知如下：`),
      section('信用主体', paragraph(subjectText(input.subject))),
      recordSection(input.record),
      section('停止使用理由', paragraph(`${STOP_USE_REASON_TEXT[input.reason]}（自${chineseDate(input.effectiveOn)}起）。`)),
      section(
        '要求',
        bullets([
          '立即停止使用上述失信信息，并在你机构提供服务的平台上予以删除；',
          `于${chineseDate(input.acknowledge.dueDate)}24时前（自本通知送达之日起${input.acknowledge.workingDays}个工作日内）通过系统确认已处理。`,
        ]),
      ),
      passage('特此通知。'),
    ],
    { label: '信用服务机构', name: input.agency.name, identifierLabel: IDENTIFIER_LABELS.uscc, identifier: input.agency.identifier },
  );
}

export function composeDocument(req: DocumentRequest): DocumentContent {
  switch (req.kind) {
    case 'prior_notice':
      return composePriorNotice(req.input);
    case 'statement_feedback':
      return composeStatementFeedback(req.input);
    case 'inclusion_decision':
      return composeInclusionDecision(req.input);
    case 'credit_repair_notice':
      return composeCreditRepairNotice(req.input);
    case 'non_inclusion_notice':
      return composeNonInclusionNotice(req.input);
    case 'withdrawal_notice':
      return composeWithdrawalNotice(req.input);
    case 'removal_notice':
      return composeRemovalNotice(req.input);
    case 'responsible_person_notice':
      return composeResponsiblePersonNotice(req.input);
    case 'objection_reply':
      return composeObjectionReply(req.input);
    case 'repair_decision':
      return composeRepairDecision(req.input);
    case 'stop_use_notice':
      return composeStopUseNotice(req.input);
  }
}

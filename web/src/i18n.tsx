/**
 * Words of the pages in Chinese (default) and English. Domain codes are labelled from shared/domain.ts, whose labels
 * read `中文 (english)`; the rest is here.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { DEPARTMENTS, LIST_FIELDS, MEASURES } from '../../shared/domain';

export type Lang = 'zh' | 'en';

const WORDS = {
  appTitle: ['社会信用案件管理', 'Social-credit case management'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  language: ['English', '中文'],
  publicList: ['严重失信主体名单', 'Serious-dishonesty list'],
  apiDocs: ['接口文档', 'API reference'],
  role: ['角色', 'Role'],
  department: ['部门', 'Department'],
  subject: ['信用主体', 'Credit subject'],
  agency: ['信用服务机构', 'Credit service agency'],
  search: ['搜索', 'Search'],
  searchHint: ['名称或统一社会信用代码', 'Name or code'],
  localSignInHint: ['本地模式：选择身份后由服务器签发令牌。', 'Local mode: choose who you are and the server signs a token.'],
  oidcSignIn: ['通过统一身份认证登录', 'Sign in with the identity provider'],
  pasteToken: ['粘贴令牌', 'Paste a token'],
  token: ['令牌', 'Token'],
  signedInAs: ['当前身份', 'Signed in as'],
  loadMore: ['加载更多', 'Load more'],
  noMore: ['已全部加载', 'All loaded'],
  submit: ['提交', 'Submit'],
  cancel: ['取消', 'Cancel'],
  open: ['打开', 'Open'],
  actions: ['可办理事项', 'What you may do now'],
  noActions: ['当前没有可办理的事项。', 'Nothing for you to do now.'],
  // officer
  officerCases: ['本部门案件', "Department's cases"],
  registerSubject: ['登记信用主体', 'Register a subject'],
  openSubject: ['按编号打开主体', 'Open a subject by ID'],
  subjectKind: ['主体类型', 'Kind'],
  name: ['名称', 'Name'],
  identifierType: ['证照类型', 'Identifier type'],
  identifier: ['证照号码', 'Identifier'],
  registered: ['已登记', 'Registered'],
  recordCredit: ['记录信用信息', 'Record credit information'],
  startInclusion: ['启动列入严重失信主体名单程序', 'Start an inclusion case'],
  category: ['信息类别', 'Category'],
  severity: ['失信程度', 'Severity'],
  catalogueItem: ['目录事项', 'Catalogue item'],
  basisKind: ['依据文书类型', 'Basis document kind'],
  basisNumber: ['文书编号', 'Document number'],
  effectiveOn: ['生效日期', 'Effective on'],
  issuer: ['作出机关', 'Issuer'],
  content: ['信息内容', 'Content'],
  field: ['列入领域', 'Field'],
  measures: ['惩戒措施', 'Measures'],
  facts: ['失信事实', 'Facts'],
  actOn: ['失信行为发生日期', 'Date of the act'],
  reasons: ['理由', 'Reasons'],
  legalProvisions: ['法律依据（每行一条）', 'Legal provisions (one a line)'],
  records: ['信用记录', 'Credit records'],
  type: ['类型', 'Type'],
  status: ['状态', 'Status'],
  dueBefore: ['截止日期早于', 'Due before'],
  nextDue: ['最近期限', 'Next deadline'],
  createdAt: ['创建时间', 'Created'],
  filter: ['筛选', 'Filter'],
  // case
  case: ['案件', 'Case'],
  deadlines: ['期限', 'Deadlines'],
  documents: ['文书', 'Documents'],
  events: ['办理记录', 'Events'],
  dueAt: ['截止', 'Due'],
  computedAs: ['计算方式', 'How it was computed'],
  workingDays: ['工作日', 'working days'],
  workingDaysLeft: ['剩余工作日', 'Working days left'],
  from: ['起算', 'from'],
  served: ['送达', 'Served'],
  acknowledged: ['已签收', 'Acknowledged'],
  openPdf: ['查看 PDF', 'Open PDF'],
  statementClosed: ['陈述申辩期限已届满或已放弃，不能再提交陈述申辩。', 'The window to state and defend has closed (or was waived): no statement can be submitted any more.'],
  evidence: ['证据材料', 'Evidence files'],
  chooseFiles: ['选择文件', 'Choose files'],
  text: ['内容', 'Text'],
  accepted: ['是否采纳', 'Accepted'],
  outcome: ['结果', 'Outcome'],
  reason: ['原因', 'Reason'],
  document: ['文书', 'Document'],
  method: ['送达方式', 'Method'],
  servedAt: ['送达时间', 'Served at'],
  correctedContent: ['更正后内容', 'Corrected content'],
  done: ['已办理', 'Done'],
  working: ['正在办理…', 'Working…'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  // subject
  myCases: ['我的通知与决定', 'My notices and decisions'],
  myRecords: ['我的信用记录', 'My credit records'],
  myReport: ['我的信用报告', 'My credit report'],
  object: ['提出异议', 'Object'],
  applyRepair: ['申请信用修复', 'Apply for repair'],
  grounds: ['异议理由类型', 'Grounds'],
  performance: ['履行义务、纠正失信行为的情况', 'Obligations performed, act corrected'],
  commitment: ['信用承诺', 'Credit commitment'],
  commitmentDefault: ['本主体承诺所提交材料真实有效，今后守法诚信经营。', 'We commit that the materials are true and that we will act lawfully and honestly.'],
  listEntries: ['名单记录', 'List entries'],
  inquiries: ['查询记录', 'Inquiries into my file'],
  state: ['状态', 'State'],
  authorisations: ['查询授权', 'Authorisations'],
  grantAuthorisation: ['授权查询', 'Grant an authorisation'],
  granteeType: ['被授权方类型', 'Grantee'],
  granteeId: ['被授权方编号', 'Grantee ID'],
  granteeIdHint: ['信用服务机构或自然人在本系统的编号', "The agency's or person's ID in this system"],
  grantee: ['被授权方', 'Grantee'],
  scope: ['授权范围', 'Scope'],
  recordsInScope: ['可查询的信用信息', 'Records it may read'],
  consentOnly: ['包括须经本人同意方可查询的信息', 'Including information shown only with consent'],
  until: ['授权截止日期', 'Until'],
  period: ['授权期间', 'Period'],
  allRecords: ['全部信用信息', 'All records'],
  revoke: ['撤销授权', 'Revoke'],
  revokeConfirm: ['撤销后被授权方将不能再查询您的信用信息。确定撤销？', 'The grantee will no longer be able to read your file. Revoke?'],
  downloadReport: ['下载信用报告 (PDF)', 'Download the credit report (PDF)'],
  verificationCode: ['报告验证码', 'Verification code'],
  verificationHint: ['任何人可凭验证码核验报告：', 'Anyone can check the report with its code: '],
  // supervisor
  overdue: ['超期与临期', 'Overdue and due soon'],
  countsPerDepartment: ['各部门统计', 'Counts per department'],
  calendar: ['工作日历', 'Working-day calendar'],
  year: ['年度', 'Year'],
  date: ['日期', 'Date'],
  workday: ['工作日', 'Working day'],
  holiday: ['休息日', 'Day off'],
  note: ['说明', 'Note'],
  provisional: ['暂定', 'provisional'],
  provisionalYear: ['本年度尚无官方公布的放假安排：日历为暂定，按此计算的期限可能随官方安排调整。', 'No official arrangement is published for this year yet: the calendar is provisional, and deadlines counted on it may move when it is.'],
  changedDays: ['调整的日期', 'Days changed'],
  movedDeadlines: ['随之调整的期限', 'Deadlines moved'],
  changeDay: ['调整日期', 'Change a day'],
  importYear: ['导入年度安排', "Import a year's arrangement"],
  holidays: ['放假日期（每行一个）', 'Holidays (one date a line)'],
  workdays: ['调休上班日期（每行一个）', 'Make-up working days (one date a line)'],
  sourceDocument: ['通知文号', 'Notice'],
  publishedOn: ['发布日期', 'Published on'],
  overdueBy: ['超期', 'Overdue by'],
  handler: ['承办人', 'Handler'],
  escalations: ['督办', 'Escalations'],
  due_soon: ['临期', 'Due soon'],
  allStates: ['全部', 'All'],
  incidents: ['运行故障', 'Incidents'],
  openIncidents: ['未处理的运行故障', 'Open incidents'],
  activity: ['环节', 'Activity'],
  kind: ['故障类型', 'Kind'],
  errorText: ['错误', 'Error'],
  since: ['发生时间', 'Since'],
  retrying: ['正在重试', 'Retrying'],
  // agency
  listCheck: ['名单核查', 'List check'],
  identifiers: ['统一社会信用代码或身份证号（每行一个）', 'Codes or ID numbers (one a line)'],
  uploadFile: ['上传文件', 'Upload a file'],
  purpose: ['查询用途', 'Purpose'],
  check: ['核查', 'Check'],
  downloadCsv: ['下载结果 (CSV)', 'Download the answer (CSV)'],
  listed: ['在名单内', 'Listed'],
  notListed: ['不在名单内', 'Not listed'],
  notices: ['停止使用通知', 'Stop-use notices'],
  acknowledge: ['确认已停止使用', 'Acknowledge'],
  // public
  includedOn: ['列入日期', 'Included on'],
  removalDueOn: ['移出日期', 'Removal due'],
  nothing: ['暂无数据', 'Nothing here'],
} as const satisfies Record<string, readonly [string, string]>;

export type Word = keyof typeof WORDS;

/** Codes the API returns (statuses, kinds, actions…), labelled; an unknown code is shown as it is. */
const CODES: Record<string, readonly [string, string]> = {
  officer: ['执法人员', 'Officer'],
  subject: ['信用主体', 'Subject'],
  supervisor: ['监督人员', 'Supervisor'],
  agency: ['信用服务机构', 'Agency'],
  natural_person: ['自然人', 'Natural person'],
  legal_person: ['法人', 'Legal person'],
  unincorporated_org: ['非法人组织', 'Unincorporated organisation'],
  uscc: ['统一社会信用代码', 'Unified social credit code'],
  citizen_id: ['居民身份证', 'Citizen ID'],
  other: ['其他', 'Other'],
  basic: ['基础信息', 'Basic'],
  good: ['守信信息', 'Good'],
  dishonest: ['失信信息', 'Dishonest'],
  minor: ['轻微', 'Minor'],
  general: ['一般', 'General'],
  serious: ['严重', 'Serious'],
  // case types
  inclusion: ['列入严重失信名单', 'Inclusion'],
  objection: ['异议', 'Objection'],
  revocation: ['依据撤销', 'Revocation'],
  repair: ['信用修复', 'Repair'],
  agency_notice: ['机构停止使用通知', 'Agency notice'],
  // statuses
  starting: ['启动中', 'Starting'],
  preparing_notice: ['制作告知书', 'Preparing the notice'],
  awaiting_approval: ['待审批', 'Awaiting approval'],
  notice_issued: ['告知书已制作', 'Notice issued'],
  objection_window: ['陈述申辩期', 'Window to state and defend'],
  awaiting_decision: ['待决定', 'Awaiting decision'],
  decision_issued: ['决定书已制作', 'Decision issued'],
  listed: ['已列入名单', 'Listed'],
  removed: ['已移出', 'Removed'],
  not_included: ['不予列入', 'Not included'],
  withdrawn: ['已撤回', 'Withdrawn'],
  awaiting_acceptance: ['待受理', 'Awaiting acceptance'],
  verifying: ['核查中', 'Verifying'],
  refused: ['不予支持', 'Refused'],
  upheld: ['维持', 'Upheld'],
  corrected: ['更正', 'Corrected'],
  deleted: ['删除', 'Deleted'],
  granted: ['准予修复', 'Granted'],
  awaiting_platform_change: ['待平台变更', 'Awaiting platform change'],
  applied: ['已变更', 'Applied'],
  entered: ['人工录入', 'Entered'],
  official: ['官方公布', 'Official'],
  active: ['有效', 'Active'],
  under_objection: ['异议中', 'Under objection'],
  publicity_stopped: ['已停止公示', 'Publicity stopped'],
  retention_ended: ['保存期满', 'Retention ended'],
  revoked: ['已撤销', 'Revoked'],
  expired: ['已过期', 'Expired'],
  person: ['自然人', 'Person'],
  // incident kinds
  data_refused: ['数据被拒绝（不再重试）', 'Data refused (not retried)'],
  failing: ['反复失败', 'Failing repeatedly'],
  stuck_starting: ['启动受阻', 'Stuck starting'],
  // deadline states and kinds
  pending: ['进行中', 'Running'],
  due_soon: ['临期', 'Due soon'],
  overdue: ['已超期', 'Overdue'],
  met: ['已完成', 'Met'],
  suspended: ['已中止', 'Suspended'],
  cancelled: ['已取消', 'Cancelled'],
  statement_window: ['陈述申辩期限', 'Window to state and defend'],
  statement_verification: ['陈述申辩核实期限', 'Verification of a statement'],
  objection_acceptance: ['异议受理期限', 'Acceptance of the objection'],
  objection_verification: ['异议核查期限', 'Verification of the objection'],
  repair_decision: ['修复决定期限', 'Repair decision'],
  revocation_notification: ['撤销告知期限', 'Notification of the revocation'],
  revocation_platform_change: ['平台变更期限', 'Platform change'],
  acknowledgement: ['签收期限', 'Acknowledgement'],
  // documents
  prior_notice: ['列入严重失信主体名单告知书', 'Prior notice'],
  statement_feedback: ['陈述申辩核实反馈', 'Feedback on the statement'],
  inclusion_decision: ['列入严重失信主体名单决定书', 'Inclusion decision'],
  non_inclusion_notice: ['不予列入通知书', 'Non-inclusion notice'],
  withdrawal_notice: ['撤回通知书', 'Withdrawal notice'],
  removal_notice: ['移出名单通知书', 'Removal notice'],
  objection_reply: ['异议答复', 'Reply to the objection'],
  credit_repair_notice: ['信用修复决定书', 'Credit repair decision'],
  // actions
  approve: ['审批同意', 'Approve'],
  withdraw: ['撤回案件', 'Withdraw'],
  record_service: ['登记送达', 'Record service'],
  acknowledge: ['签收', 'Acknowledge'],
  submit_statement: ['提交陈述申辩', 'Submit a statement'],
  waive: ['放弃陈述申辩', 'Waive the window'],
  feedback: ['反馈核实结果', 'Give feedback'],
  decide: ['作出决定', 'Decide'],
  accept: ['受理', 'Accept'],
  result: ['核查结果', 'Verification result'],
  suspend: ['中止', 'Suspend'],
  resume: ['恢复', 'Resume'],
  extend: ['延长期限', 'Extend'],
  confirm: ['确认变更', 'Confirm the change'],
  // values in forms
  notice: ['告知书', 'Notice'],
  decision: ['决定书', 'Decision'],
  in_person: ['直接送达', 'In person'],
  post: ['邮寄送达', 'By post'],
  electronic: ['电子送达', 'Electronically'],
  announcement: ['公告送达', 'By announcement'],
  include: ['列入', 'Include'],
  not_include: ['不予列入', 'Do not include'],
  error: ['记载错误', 'Error'],
  omission: ['记载遗漏', 'Omission'],
  trade_secret: ['涉及商业秘密', 'Trade secret'],
  privacy: ['涉及个人隐私', 'Privacy'],
};

function fromDomain(label: string): readonly [string, string] {
  const m = /^(.*?) \((.*)\)$/.exec(label);
  return m ? [m[1], m[2]] : [label, label];
}
for (const table of [DEPARTMENTS, LIST_FIELDS, MEASURES] as Record<string, string>[]) {
  for (const [code, label] of Object.entries(table)) CODES[code] = fromDomain(label);
}

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(word: Word): string;
  /** The label of an API code in the current language (the code itself when unknown). */
  label(code: string | undefined | null): string;
}

const Context = createContext<I18n | undefined>(undefined);
const LANG_KEY = 'credit-cases.lang';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'));
  const value = useMemo<I18n>(() => {
    const i = lang === 'zh' ? 0 : 1;
    return {
      lang,
      setLang(next) {
        localStorage.setItem(LANG_KEY, next);
        document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
        setLangState(next);
      },
      t: (word) => WORDS[word][i],
      label: (code) => (code ? (CODES[code]?.[i] ?? code) : ''),
    };
  }, [lang]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(Context);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}

/**
 * The subject's credit report (JS Art 63; DOMAIN.md §5): its records with their sources and states, every change and
 * why, its list entries, its cases, every inquiry into its file and its authorisations, with the verification code
 * anyone can check the report's SHA-256 against. Laid out by the same renderer as the case documents.
 */
import { shanghaiDate } from '../shared/calendar';
import { DEPARTMENTS, type Department, type IdentifierType, type ListField, type Measure } from '../shared/domain';
import { BASIS_KIND_LABELS, IDENTIFIER_LABELS, chineseDate, fieldLabel, measureLabel, type DocumentContent, type DocumentSection } from './content';

export interface CreditReportInput {
  code: string;
  issuedAt: string;
  subject: { kind: string; name: string; identifierType: IdentifierType; identifier: string };
  records: Array<{
    id: string;
    category: string;
    severity?: string;
    catalogueItem: string;
    department: string;
    basis: { kind: keyof typeof BASIS_KIND_LABELS; number: string; effectiveOn: string; issuer: string };
    content: string;
    state: string;
    publicityStart?: string;
    publicityEnd?: string;
    retentionEnd?: string;
    history: Array<{ change: string; reason?: string | null; actor: string; at: string }>;
  }>;
  listEntries: Array<{ field: string; includedOn: string; removalDueOn: string; removedOn?: string; removalReason?: string; measures: Array<{ code: string }> }>;
  cases: Array<{ id: string; type: string; status: string; department: string; createdAt?: string }>;
  inquiries: Array<{ at: string; actor: string; role: string; department?: string; purpose: string; what: string }>;
  authorisations: Array<{ grantee: { type: string; id?: string; subjectId?: string }; scope: { records: string[] | 'all'; consentOnly: boolean }; until: string; status: string }>;
}

const CATEGORY: Record<string, string> = { basic: '基础信息', good: '守信信息', dishonest: '失信信息' };
const SEVERITY: Record<string, string> = { minor: '轻微', general: '一般', serious: '严重' };
const STATE: Record<string, string> = {
  active: '有效', under_objection: '异议处理中', corrected: '已更正', deleted: '已删除', publicity_stopped: '已停止公示', retention_ended: '保存期满', revoked: '已撤销',
};
const CASE_TYPE: Record<string, string> = { inclusion: '列入严重失信主体名单', objection: '异议', revocation: '依据文书撤销', repair: '信用修复', agency_notice: '停止使用通知' };

const department = (code: string) => (DEPARTMENTS[code as Department] ?? code).split(' (')[0];
const day = (iso: string) => chineseDate(shanghaiDate(Date.parse(iso)));
const dateOr = (date: string | undefined, none: string) => (date ? chineseDate(date) : none);
const list = (heading: string, items: string[], none: string): DocumentSection => ({
  heading,
  blocks: [items.length ? { type: 'bullets', items } : { type: 'paragraph', text: none }],
});

export function composeCreditReport(r: CreditReportInput): DocumentContent {
  const sections: DocumentSection[] = [
    {
      blocks: [
        {
          type: 'paragraph',
          text: `本报告依据《江苏省社会信用条例》第六十三条出具，载明信用主体的公共信用信息及其来源、每一次变更及其理由、列入严重失信主体名单情况、办理事项、对其信用档案的查询记录和授权查询情况，截至${day(r.issuedAt)}。`,
        },
      ],
    },
    list('信用记录', r.records.map((rec) => [
      `${CATEGORY[rec.category] ?? rec.category}${rec.severity ? `（${SEVERITY[rec.severity] ?? rec.severity}）` : ''}：${rec.content}`,
      `来源：${department(rec.department)}；依据：${BASIS_KIND_LABELS[rec.basis.kind] ?? rec.basis.kind}（${rec.basis.number}，${rec.basis.issuer}，${chineseDate(rec.basis.effectiveOn)}生效）`,
      `状态：${STATE[rec.state] ?? rec.state}；公示：${dateOr(rec.publicityStart, '不公示')}至${dateOr(rec.publicityEnd, '长期')}；保存至：${dateOr(rec.retentionEnd, '长期')}；记录编号：${rec.id}`,
    ].join('\n')), '无。'),
    list('信息变更', r.records.flatMap((rec) => rec.history.map((h) => `${day(h.at)} 记录${rec.id.slice(0, 8)}：${STATE[h.change] ?? h.change}；理由：${h.reason ?? '—'}；操作：${h.actor}`)), '无。'),
    list('严重失信主体名单', r.listEntries.map((e) =>
      `${fieldLabel(e.field as ListField)}；列入：${chineseDate(e.includedOn)}；${e.removedOn ? `移出：${chineseDate(e.removedOn)}（${e.removalReason ?? ''}）` : `应移出：${chineseDate(e.removalDueOn)}`}；惩戒措施：${e.measures.map((m) => measureLabel(m.code as Measure)).join('、')}`), '未被列入。'),
    list('办理事项', r.cases.map((c) => `${CASE_TYPE[c.type] ?? c.type}：${c.id}；${department(c.department)}；状态：${c.status}${c.createdAt ? `；${day(c.createdAt)}` : ''}`), '无。'),
    list('查询记录', r.inquiries.map((i) => `${day(i.at)} ${i.actor}（${i.role}${i.department ? `，${department(i.department)}` : ''}）；目的：${i.purpose}；查询：${i.what}`), '无。'),
    list('授权查询', r.authorisations.map((a) =>
      `${a.grantee.type === 'agency' ? '信用服务机构' : '个人'} ${a.grantee.id ?? a.grantee.subjectId}；范围：${a.scope.records === 'all' ? '全部信用记录' : a.scope.records.map((c) => CATEGORY[c] ?? c).join('、')}${a.scope.consentOnly ? '，含须经本人同意的信息' : ''}；至${day(a.until)}；${a.status}`), '无。'),
    {
      heading: '报告验证',
      blocks: [
        { type: 'paragraph', text: `验证码：${r.code}` },
        { type: 'paragraph', text: `任何人可凭验证码在 /api/v1/public/report-verification/${r.code} 查询本报告的出具时间、信用主体（脱敏）和SHA-256摘要，以核验本报告的真实性。` },
      ],
    },
  ];
  let n = 0;
  const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  return {
    kind: 'credit_report',
    title: '信用报告',
    reference: r.code,
    issuedAt: r.issuedAt,
    issuedOn: shanghaiDate(Date.parse(r.issuedAt)),
    authority: '公共信用信息平台',
    addressee: { label: '信用主体', name: r.subject.name, identifierLabel: IDENTIFIER_LABELS[r.subject.identifierType], identifier: r.subject.identifier },
    sections: sections.map((s) => (s.heading ? { ...s, heading: `${numerals[n++]}、${s.heading}` } : s)),
  };
}

/** Every document kind renders to a PDF with the embedded Chinese font, readable text, and a stable hash. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { extract, normalise } from './helpers/pdf';
import {
  type CommonInput,
  type DocumentRequest,
  DOCUMENT_KINDS,
  DOCUMENT_TITLES,
  chineseDate,
  composeDocument,
  composeObjectionReply,
  composePriorNotice,
  renderPdf,
  sha256,
} from '../documents';

const company: CommonInput = {
  reference: '宁市监信〔2025〕12号',
  issuedAt: '2025-03-07T10:15:00+08:00',
  authority: { department: 'market-regulation', name: '南京市市场监督管理局' },
  subject: { name: '南京某某建材有限公司', identifier: '91320100MA1XXXXX0X', identifierType: 'uscc' },
};
const person: CommonInput = {
  ...company,
  authority: { department: 'tax' },
  subject: { name: '张三', identifier: '320102199001011234', identifierType: 'citizen_id' },
};
const basis = [
  {
    kind: 'administrative_penalty' as const,
    number: '宁市监罚〔2024〕88号',
    issuer: '南京市市场监督管理局',
    effectiveDate: '2024-11-01',
  },
];
const relief = { reconsiderationDays: 60, lawsuitMonths: 6 };
const record = { reference: 'CR-2024-000123', description: '行政处罚：销售不合格建材，罚款人民币十万元。' };

const REASONS = '当事人在政府投资项目中多次销售不合格建筑材料，造成严重质量安全隐患，且拒不改正。';

/**
 * One request per kind, with what its PDF must say: the reasons text, the deadline or removal date where the kind
 * has one (as a Chinese calendar date), and other phrases.
 */
interface Case {
  req: DocumentRequest;
  reasons: string;
  date?: string;
  expect: string[];
}
const cases: Case[] = [
  {
    req: {
      kind: 'prior_notice',
      input: {
        ...company,
        facts: '2024年6月至9月，当事人向南京市某政府投资项目供应钢筋共计三百吨，经抽检不合格。',
        reasons: REASONS,
        basis,
        legalProvisions: ['《江苏省社会信用条例》第二十九条第二款第（一）项', '《江苏省社会信用条例》第三十一条'],
        field: 'health_safety',
        measures: ['key_supervision', 'restrict_government_projects', 'local_law_other'],
        localLawMeasure: '依据《南京市社会信用条例》第三十条，限制申请市级专项资金',
        deadline: { workingDays: 5, announcementDays: 30 },
        verificationWorkingDays: 5,
        channels: { address: '南京市建邺区某某路1号', contact: '李四 025-00000000' },
      },
    },
    reasons: REASONS,
    expect: ['请自本告知书送达之日起5个工作日内', '公告发布之日起经过30日视为送达', '陈述、申辩', '异议', '列为重点监管对象', '限制申请市级专项资金', '宁市监罚〔2024〕88号', '严重危害人民群众身体健康和生命安全', '南京市建邺区某某路1号'],
  },
  {
    req: {
      kind: 'statement_feedback',
      input: { ...company, priorNoticeReference: '宁市监信〔2025〕12号', statementReceivedOn: '2025-03-12', accepted: false, text: REASONS },
    },
    reasons: REASONS,
    expect: ['不予采纳', '2025年3月12日'],
  },
  {
    req: {
      kind: 'inclusion_decision',
      input: {
        ...company,
        facts: '当事人向政府投资项目供应不合格钢筋。',
        reasons: REASONS,
        basis,
        legalProvisions: ['《江苏省社会信用条例》第三十一条'],
        field: 'health_safety',
        measures: ['restrict_convenience', 'restrict_commendation'],
        priorNoticeReference: '宁市监信〔2025〕12号',
        term: { years: 3 },
        earlyRemovalAfterYears: 1,
        relief,
      },
    },
    reasons: REASONS,
    expect: ['列入期限为3年，自本决定书送达之日起计算', '自本决定书送达之日起满1年后', '60日内', '6个月内', '限制参加评先评优', '在行政管理和公共服务中限制享受便利措施'],
  },
  {
    req: {
      kind: 'credit_repair_notice',
      input: {
        ...company,
        inclusionDecisionReference: '宁市监信决〔2025〕3号',
        termYears: 3,
        earlyRemovalAfterYears: 1,
        decisionWorkingDays: 3,
      },
    },
    reasons: '已主动履行法定义务或者约定义务',
    expect: ['信用承诺', '3个工作日', '自该决定书送达之日起满1年的次日起'],
  },
  { req: { kind: 'non_inclusion_notice', input: { ...person, reasons: REASONS } }, reasons: REASONS, expect: ['决定不将你列入'] },
  {
    req: { kind: 'withdrawal_notice', input: { ...person, priorNoticeReference: '宁税信〔2025〕7号', reason: REASONS } },
    reasons: REASONS,
    expect: ['撤回', '宁税信〔2025〕7号', '税务部门'],
  },
  {
    req: {
      kind: 'removal_notice',
      input: {
        ...company,
        inclusionDecisionReference: '宁市监信决〔2025〕3号',
        field: 'health_safety',
        includedOn: '2025-03-20',
        removedOn: '2026-04-02',
        reason: 'credit_repair',
        details: REASONS,
      },
    },
    reasons: REASONS,
    date: '2026年4月2日',
    expect: ['经信用修复', '停止公示'],
  },
  {
    req: {
      kind: 'objection_reply',
      input: {
        ...person,
        record,
        objectionReceivedOn: '2025-02-10',
        grounds: '罚款金额记载错误。',
        outcome: 'corrected',
        reasons: REASONS,
        correctedContent: '行政处罚：销售不合格建材，罚款人民币五万元。',
        relief,
      },
    },
    reasons: REASONS,
    expect: ['CR-2024-000123', '已予更正', '罚款人民币五万元', '2025年2月10日'],
  },
  {
    req: {
      kind: 'repair_decision',
      input: { ...company, record, appliedOn: '2026-03-25', granted: true, reasons: REASONS, effectiveOn: '2026-04-02', listEntryRemoved: true, relief },
    },
    reasons: REASONS,
    date: '2026年4月2日',
    expect: ['同意信用修复', '提前移出'],
  },
  {
    req: {
      kind: 'stop_use_notice',
      input: {
        ...company,
        agency: { name: '江苏某某征信服务有限公司', identifier: '91320000MA2XXXXX1Y' },
        record,
        reason: 'repaired',
        effectiveOn: '2026-04-02',
        acknowledge: { workingDays: 5, dueDate: '2026-04-10' },
      },
    },
    reasons: '信用主体已完成信用修复',
    date: '2026年4月10日',
    expect: ['江苏某某征信服务有限公司', 'CR-2024-000123', '91320100MA1XXXXX0X'],
  },
  {
    req: {
      kind: 'responsible_person_notice',
      input: {
        ...person,
        organisation: company.subject,
        role: 'legal_representative',
        inclusionDecisionReference: '宁市监信决〔2025〕3号',
        includedOn: '2025-03-20',
        removalDueOn: '2028-03-20',
        relief,
      },
    },
    reasons: '不能单独申请信用修复',
    date: '2028年3月20日',
    expect: ['法定代表人', '南京某某建材有限公司', '第三十二条', '60日内'],
  },
];

describe('documents', () => {
  it('has a fixture for every kind', () => {
    expect(cases.map((c) => c.req.kind).sort()).toEqual([...DOCUMENT_KINDS].sort());
  });

  describe.each(cases)('$req.kind', ({ req, reasons, date, expect: phrases }) => {
    let pdf: Buffer;
    beforeAll(async () => {
      pdf = await renderPdf(composeDocument(req));
      // DOCUMENTS_OUT=/tmp/docs writes each PDF there for a look.
      if (process.env.DOCUMENTS_OUT) writeFileSync(path.join(process.env.DOCUMENTS_OUT, `${req.kind}.pdf`), pdf);
    });

    it('renders the title, subject, dates and reasons as extractable Chinese text', () => {
      const { text } = extract(pdf);
      const input = req.input;
      expect(text).toContain(normalise(DOCUMENT_TITLES[req.kind]));
      expect(text).toContain(input.subject.name);
      expect(text).toContain(normalise(input.reference));
      expect(text).toContain(chineseDate('2025-03-07')); // issue date
      expect(text).toContain(normalise(reasons));
      if (date) expect(text).toContain(date);
      for (const p of phrases) expect(text).toContain(normalise(p));
    });

    it('embeds the font and renders byte-identically twice', async () => {
      const raw = pdf.toString('latin1');
      expect(raw).toContain('/FontFile2');
      expect(raw).toContain('NotoSansSC');
      expect(raw).toContain('/ToUnicode');
      expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
      const again = await renderPdf(composeDocument(req));
      expect(sha256(again)).toBe(sha256(pdf));
    });
  });

  it('renders the same bytes whatever the process rendered before, alone or at once (a retry on another worker stores the same SHA-256)', async () => {
    // The fonts are parsed once per process and shared by every document: nothing of one document may leak into the next.
    const alone: string[] = [];
    for (const { req } of cases) alone.push(sha256(await renderPdf(composeDocument(req))));
    const atOnce = await Promise.all(cases.map(async ({ req }) => sha256(await renderPdf(composeDocument(req)))));
    expect(atOnce).toEqual(alone);
    for (const kind of ['prior_notice', 'inclusion_decision'] as const) {
      const { req } = cases.find((c) => c.req.kind === kind)!;
      const fresh = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'helpers', 'render-once.ts')], { input: JSON.stringify(req), encoding: 'utf8' });
      expect(fresh).toBe(alone[cases.findIndex((c) => c.req.kind === kind)]);
    }
  });

  it('gives different content a different file ID: the first 16 bytes of the SHA-256 of the composed document', async () => {
    const docs = [composeDocument(cases[1].req), composeDocument({ ...cases[1].req, input: { ...cases[1].req.input, reference: '宁市监信〔2025〕13号' } } as DocumentRequest)];
    const [a, b] = await Promise.all(docs.map((d) => renderPdf(d)));
    const id = (buf: Buffer) => /\/ID \[<([0-9a-f]+)>/.exec(buf.toString('latin1'))?.[1];
    const contentId = (d: unknown) => createHash('sha256').update(JSON.stringify(d)).digest('hex').slice(0, 32);
    expect(id(a)).toBe(contentId(docs[0]));
    expect(id(b)).toBe(contentId(docs[1]));
    expect(contentId(docs[0])).not.toBe(contentId(docs[1]));
  });

  it('wraps long text over several pages', async () => {
    const prior = cases[0].req.input as Parameters<typeof composePriorNotice>[0];
    const long = await renderPdf(composePriorNotice({ ...prior, facts: '当事人多次销售不合格建材，'.repeat(300) }));
    const { text, pages } = extract(long);
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain(`第${pages}页共${pages}页`);
    expect(text).toContain(normalise('请自本告知书送达之日起5个工作日内'));
  });

  it('documents issued before their service print no date the system would not apply (DOMAIN.md §3, "Service")', async () => {
    // Their periods count from a service not yet made: only the issue date and the basis documents' dates appear.
    const datesOf = (text: string) => [...text.matchAll(/\d{4}年\d{1,2}月\d{1,2}日/g)].map((m) => m[0]);
    const allowed = new Set([chineseDate('2025-03-07'), ...basis.map((b) => chineseDate(b.effectiveDate))]);
    for (const kind of ['prior_notice', 'inclusion_decision', 'credit_repair_notice'] as const) {
      const req = cases.find((c) => c.req.kind === kind)!.req;
      const printed = datesOf(extract(await renderPdf(composeDocument(req))).text);
      expect({ kind, printed: printed.filter((d) => !allowed.has(d)) }).toEqual({ kind, printed: [] });
    }
  });

  it('prints the department’s own relief: a vertically managed department’s reconsideration body, a court’s correction procedure', async () => {
    const decision = cases.find((c) => c.req.kind === 'inclusion_decision')!.req as Extract<DocumentRequest, { kind: 'inclusion_decision' }>;
    const tax = extract(await renderPdf(composeDocument({ ...decision, input: { ...decision.input, authority: { department: 'tax', name: '国家税务总局南京市税务局' }, relief: { ...relief, reconsiderationBody: '国家税务总局江苏省税务局' } } }))).text;
    expect(tax).toContain(normalise('国家税务总局南京市税务局'));
    expect(tax).toContain(normalise('60日内向国家税务总局江苏省税务局申请行政复议'));
    const court = extract(await renderPdf(composeDocument({ ...decision, input: { ...decision.input, authority: { department: 'court', name: '南京市中级人民法院' }, relief: { ...relief, correctionProcedure: '认为将其纳入失信名单错误的，可以向本院申请纠正。' } } }))).text;
    expect(court).toContain(normalise('可以向本院申请纠正'));
    expect(court).not.toContain(normalise('行政复议'));
  });

  it('refuses incomplete input', () => {
    const prior = cases[0].req.input as Parameters<typeof composePriorNotice>[0];
    expect(() => composePriorNotice({ ...prior, basis: [] })).toThrow(/basis/);
    expect(() => composePriorNotice({ ...prior, localLawMeasure: undefined })).toThrow(/local_law_other/);
    expect(() => composePriorNotice({ ...prior, issuedAt: 'not-a-date' })).toThrow(/ISO instant/);
    const reply = cases[7].req.input as Parameters<typeof composeObjectionReply>[0];
    expect(() => composeObjectionReply({ ...reply, correctedContent: undefined })).toThrow(/corrected content/);
  });
});

/**
 * Documents: the prior notice and the inclusion decision as a case issues them (composeDocument + renderPdf, in
 * this process), beside the floor: bare pdfkit setting the same text, as one run, with the same fonts (parsed
 * once, as the renderer does) and size on A4. Also shown: bare pdfkit given the font files' paths, as its
 * documentation shows it, which reads and parses them in every document. Timed alternately, in CPU seconds of
 * this process (steadier than wall time on a shared machine).
 */
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { composeDocument, renderPdf, type DocumentContent, type DocumentRequest } from '../documents';
import { type BenchEntry, log, round } from './lib';

const REGULAR = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

const common = {
  reference: 'A1B2C3D4-1',
  issuedAt: '2026-11-30T10:15:00+08:00',
  authority: { department: 'market-regulation' as const, name: '南京市市场监督管理局' },
  subject: { name: '南京基准测试建材有限公司', identifier: '91320100MA1XXXXX0X', identifierType: 'uscc' as const },
};
const basis = [{ kind: 'administrative_penalty' as const, number: '宁市监罚〔2026〕88号', issuer: '南京市市场监督管理局', effectiveDate: '2026-10-01' }];
const facts = '生产经营添加非食用物质的食品，货值金额较大，造成严重社会影响';
const reasons = '情节严重，社会影响恶劣，依法应当列入严重失信主体名单';

/** The two documents with the inputs the throughput benchmark's cases give them. */
export const BENCH_DOCUMENTS: Array<{ name: string; request: DocumentRequest }> = [
  {
    name: 'prior notice',
    request: {
      kind: 'prior_notice',
      input: {
        ...common, facts, reasons, basis, legalProvisions: ['《江苏省社会信用条例》第二十九条第一项'], field: 'health_safety',
        measures: ['key_supervision', 'restrict_commendation'], deadline: { workingDays: 5, announcementDays: 30 }, verificationWorkingDays: 5,
      },
    },
  },
  {
    name: 'inclusion decision',
    request: {
      kind: 'inclusion_decision',
      input: {
        ...common, facts, reasons: '违法事实清楚，证据确凿，当事人放弃陈述申辩', basis, legalProvisions: ['《江苏省社会信用条例》第二十九条第一项'],
        field: 'health_safety', measures: ['key_supervision', 'restrict_commendation'], priorNoticeReference: 'A1B2C3D4-1',
        term: { years: 3 }, earlyRemovalAfterYears: 1, relief: { reconsiderationDays: 60, lawsuitMonths: 6 },
      },
    },
  },
];

/** All the text a document prints, in order. */
function textOf(doc: DocumentContent): { regular: string; bold: string } {
  const regular = [doc.authority, `文号：${doc.reference}`, `${doc.addressee.identifierLabel}：${doc.addressee.identifier}`];
  const bold = [doc.title, `${doc.addressee.label}：${doc.addressee.name}`];
  for (const s of doc.sections) {
    if (s.heading) bold.push(s.heading);
    for (const b of s.blocks) regular.push(...(b.type === 'paragraph' ? [b.text] : b.items));
  }
  regular.push(doc.authority);
  return { regular: regular.join('\n'), bold: bold.join('\n') };
}

const PARSED = { regular: fontkit.create(readFileSync(REGULAR)) as never, bold: fontkit.create(readFileSync(BOLD)) as never };
const BY_PATH = { regular: REGULAR, bold: BOLD };

/** The floor: bare pdfkit, the same characters in the same fonts, one text run each. */
function barePdf(text: { regular: string; bold: string }, fonts: { regular: string; bold: string } = PARSED): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 72, left: 72, right: 72 } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
  });
  pdf.font(fonts.bold).fontSize(12).text(text.bold);
  pdf.font(fonts.regular).fontSize(12).text(text.regular);
  pdf.end();
  return done;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function timeEach(fn: () => Promise<unknown>, iterations: number): Promise<{ cpu: number; wall: number }> {
  const c0 = cpuNow();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return { cpu: (cpuNow() - c0) / iterations, wall: (performance.now() - t0) / 1000 / iterations };
}

export async function documents(opts: { iterations: number }): Promise<BenchEntry[]> {
  const entries: BenchEntry[] = [];
  for (const { name, request } of BENCH_DOCUMENTS) {
    const content = composeDocument(request);
    const text = textOf(content);
    const real = () => renderPdf(composeDocument(request));
    const floor = () => barePdf(text);
    const sample = await real();
    const bare = await floor();
    for (let i = 0; i < 3; i++) await Promise.all([real(), floor()]); // warm-up
    // Alternately, in rounds, so that the machine's other load weighs on both alike.
    const rounds = 4;
    const r = { cpu: 0, wall: 0 };
    const f = { cpu: 0, wall: 0 };
    let byPathCpu = 0;
    for (let k = 0; k < rounds; k++) {
      const a = await timeEach(real, Math.ceil(opts.iterations / rounds));
      const b = await timeEach(floor, Math.ceil(opts.iterations / rounds));
      byPathCpu += (await timeEach(() => barePdf(text, BY_PATH), Math.ceil(opts.iterations / rounds / 2))).cpu / rounds;
      r.cpu += a.cpu / rounds;
      r.wall += a.wall / rounds;
      f.cpu += b.cpu / rounds;
      f.wall += b.wall / rounds;
    }
    log(`${name}: ${round(1 / r.cpu, 1)} PDFs per CPU-second (${round(r.cpu * 1000, 1)} ms), bare pdfkit ${round(1 / f.cpu, 1)} (${round(f.cpu * 1000, 1)} ms)`);
    const ratio = f.cpu / r.cpu;
    entries.push({
      scenario: `document: ${name}`,
      metric: 'PDFs per CPU-second',
      figure: round(1 / r.cpu, 1),
      floor: round(1 / f.cpu, 1),
      ratio: round(ratio),
      target: 'ratio ≥ 0.67 (within 1.5×)',
      met: ratio >= 1 / 1.5,
      better: 'higher',
      details: {
        cpuMsPerPdf: round(r.cpu * 1000, 1),
        floorCpuMsPerPdf: round(f.cpu * 1000, 1),
        wallMsPerPdf: round(r.wall * 1000, 1),
        floorWallMsPerPdf: round(f.wall * 1000, 1),
        barePdfkitByPathCpuMsPerPdf: round(byPathCpu * 1000, 1),
        characters: text.regular.length + text.bold.length,
        bytes: sample.length,
        floorBytes: bare.length,
        iterations: opts.iterations,
      },
    });
  }
  return entries;
}

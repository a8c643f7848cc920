/**
 * Lays a `DocumentContent` out as an A4 PDF with pdfkit, in the embedded Noto Sans SC font (never a system font).
 *
 * Deterministic: the same content gives byte-identical output, so a retried generating activity produces the
 * same SHA-256. pdfkit's only sources of variation are the creation date (taken from `issuedAt` here) and the
 * file ID (derived from the info dictionary; replaced here by a hash of the whole content). Font subset tags
 * are derived from the font's position in the document, and stream compression is deterministic.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { chineseDate, type DocumentBlock, type DocumentContent } from './content';

const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};
/** Names the fonts are registered under in every document. */
const REGULAR = 'regular';
const BOLD = 'bold';

/**
 * The two 10 MB fonts, read and parsed once per process: given a path, pdfkit reads and parses the file anew in
 * every document, most of a document's cost (bench/README.md, "Documents"). Each document still embeds its own subset.
 */
let parsedFonts: Record<keyof typeof FONT_FILES, fontkit.Font> | undefined;
function fonts() {
  parsedFonts ??= {
    regular: fontkit.create(readFileSync(FONT_FILES.regular)) as fontkit.Font,
    bold: fontkit.create(readFileSync(FONT_FILES.bold)) as fontkit.Font,
  };
  return parsedFonts;
}

const MARGINS = { top: 72, bottom: 72, left: 72, right: 72 };
const BODY_SIZE = 12;
const LINE_GAP = 5;
/** First-line indent of a paragraph: two characters, as Chinese documents are set. */
const INDENT = 2 * BODY_SIZE;

type Pdf = InstanceType<typeof PDFDocument>;

function block(pdf: Pdf, b: DocumentBlock): void {
  pdf.font(REGULAR).fontSize(BODY_SIZE);
  if (b.type === 'paragraph') {
    pdf.text(b.text, { indent: INDENT, lineGap: LINE_GAP, align: 'justify' });
  } else {
    // pdfkit draws the bullet at x and the text `textIndent` further in.
    const x = MARGINS.left + INDENT;
    pdf.list(b.items, x, pdf.y, { bulletRadius: 2, textIndent: 12, lineGap: LINE_GAP, width: pdf.page.width - MARGINS.right - x - 12 });
    pdf.x = MARGINS.left;
  }
  pdf.moveDown(0.3);
}

/** Starts a new page when fewer than `lines` body lines fit, so a heading is not left alone at the bottom. */
function keepLines(pdf: Pdf, lines: number): void {
  const bottom = pdf.page.height - pdf.page.margins.bottom;
  if (pdf.y + lines * (BODY_SIZE + LINE_GAP) > bottom) pdf.addPage();
}

function pageNumbers(pdf: Pdf): void {
  const { start, count } = pdf.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i);
    const bottomMargin = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0; // writing in the margin must not add a page
    pdf
      .font(REGULAR)
      .fontSize(9)
      .fillColor('#555555')
      .text(`第 ${i + 1} 页 共 ${count} 页`, MARGINS.left, pdf.page.height - bottomMargin / 2 - 5, {
        width: pdf.page.width - MARGINS.left - MARGINS.right,
        align: 'center',
        lineBreak: false,
      });
    pdf.page.margins.bottom = bottomMargin;
  }
}

export function renderPdf(doc: DocumentContent): Promise<Buffer> {
  const issued = new Date(doc.issuedAt);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    font: null as unknown as string, // registered below, from the parsed fonts
    info: {
      Title: doc.title,
      Author: doc.authority,
      Subject: doc.reference,
      Creator: 'credit-cases',
      Producer: 'credit-cases',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  // The trailer's file ID: pdfkit derives it from the info dictionary only; make it identify the content.
  (pdf as unknown as { _id: Uint8Array })._id = createHash('sha256').update(JSON.stringify(doc)).digest().subarray(0, 16);
  const { regular, bold } = fonts();
  // pdfkit takes a parsed fontkit font as a source (its types list only files and buffers).
  pdf.registerFont(REGULAR, regular as never);
  pdf.registerFont(BOLD, bold as never);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - MARGINS.left - MARGINS.right;

  // Head: authority, title, reference number.
  pdf.font(REGULAR).fontSize(15).text(doc.authority, { align: 'center' });
  pdf.moveDown(0.4);
  pdf.font(BOLD).fontSize(20).text(doc.title, { align: 'center' });
  pdf.moveDown(0.4);
  pdf.font(REGULAR).fontSize(BODY_SIZE).text(`文号：${doc.reference}`, { align: 'center' });
  pdf.moveDown(0.6);
  const ruleY = pdf.y;
  pdf.moveTo(MARGINS.left, ruleY).lineTo(MARGINS.left + width, ruleY).lineWidth(1).strokeColor('#b00000').stroke();
  pdf.moveDown(1);

  // Addressee.
  pdf.font(BOLD).fontSize(BODY_SIZE).text(`${doc.addressee.label}：${doc.addressee.name}`, { lineGap: LINE_GAP });
  pdf
    .font(REGULAR)
    .fontSize(BODY_SIZE)
    .text(`${doc.addressee.identifierLabel}：${doc.addressee.identifier}`, { lineGap: LINE_GAP });
  pdf.moveDown(0.6);

  // Sections.
  for (const s of doc.sections) {
    if (s.heading) {
      keepLines(pdf, 3);
      pdf.font(BOLD).fontSize(BODY_SIZE + 0.5).text(s.heading, { lineGap: LINE_GAP });
      pdf.moveDown(0.2);
    }
    for (const b of s.blocks) block(pdf, b);
  }

  // Signature: authority and date, right-aligned.
  keepLines(pdf, 4);
  pdf.moveDown(1.5);
  pdf.font(REGULAR).fontSize(BODY_SIZE).text(doc.authority, { align: 'right', lineGap: LINE_GAP });
  pdf.text(chineseDate(doc.issuedOn), { align: 'right' });

  pageNumbers(pdf);
  pdf.end();
  return done;
}

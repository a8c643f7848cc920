/** PDF text extraction for tests. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const normalise = (s: string) => s.replace(/\s+/g, '');

/**
 * Text and page count with pdf-parse. It runs in a child Node process: pdf.js loads its worker with a dynamic
 * `import()`, which Jest's CommonJS sandbox does not support.
 */
const EXTRACT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const { text, total } = await parser.getText();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text, pages: total }));
});`;

export function extract(pdf: Buffer): { text: string; pages: number } {
  const out = spawnSync(process.execPath, ['-e', EXTRACT], { input: pdf, cwd: path.resolve(__dirname, '..', '..'), encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`pdf-parse failed: ${out.stderr}`);
  const { text, pages } = JSON.parse(out.stdout) as { text: string; pages: number };
  return { text: normalise(text), pages };
}


/** The PDFs the system generates: compose the content of a document kind, render it, hash it. */
import { createHash } from 'node:crypto';

export * from './content';
export { renderPdf } from './render';

/** Hex SHA-256 of a rendered document, as stored with it. */
export function sha256(buf: Buffer | Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

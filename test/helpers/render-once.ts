/** Renders the document request given as JSON on stdin, in a process that has rendered nothing before; prints its SHA-256. */
import { readFileSync } from 'node:fs';
import { composeDocument, renderPdf, sha256 } from '../../documents';

void renderPdf(composeDocument(JSON.parse(readFileSync(0, 'utf8')))).then((pdf) => process.stdout.write(sha256(pdf)));

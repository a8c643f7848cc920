/**
 * Evidence files submitted with a statement, an objection or a repair application: size-limited, stored under
 * their case with their SHA-256 before the step is sent, and removed again if the process refuses the step.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { deleteEvidenceFiles, insertEvidenceFiles, type EvidenceFile } from '../db/stores/evidence';
import { text } from './schemas';
import { ApiError } from './errors';
import type { Deps } from './http';
import type { EvidenceRef } from '../shared/cases';

export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

export const Evidence = z
  .array(
    z.strictObject({
      name: text({ max: 200 }),
      contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/),
      contentBase64: z.base64(),
    }),
  )
  .max(10);

export type DecodedEvidence = EvidenceRef & EvidenceFile;

/** Decodes the files; too much evidence is refused (413) before anything is stored. */
export function decodeEvidence(evidence: z.infer<typeof Evidence> = []): DecodedEvidence[] {
  const files = evidence.map((e) => {
    const bytes = Buffer.from(e.contentBase64, 'base64');
    return { id: randomUUID(), name: e.name, contentType: e.contentType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
  });
  if (files.reduce((n, f) => n + f.size, 0) > MAX_EVIDENCE_BYTES) {
    throw new ApiError(413, 'payload_too_large', `evidence may total at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB`);
  }
  return files;
}

export async function storeEvidence(deps: Deps, caseId: string, files: DecodedEvidence[]): Promise<EvidenceRef[]> {
  await insertEvidenceFiles(deps.db, caseId, files);
  return files.map(({ id, name, sha256, size }) => ({ id, name, sha256, size }));
}

/** Runs the step with the evidence stored; if the step is refused, the evidence goes again. */
export async function withEvidence<T>(deps: Deps, caseId: string, files: DecodedEvidence[], step: (refs: EvidenceRef[]) => Promise<T>): Promise<T> {
  const refs = await storeEvidence(deps, caseId, files);
  try {
    return await step(refs);
  } catch (err) {
    await deleteEvidenceFiles(deps.db, refs.map((e) => e.id));
    throw err;
  }
}

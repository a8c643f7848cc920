/** Evidence files of statements, objections and repair applications, stored under their case with their SHA-256. */
import type { Db } from '../knex';

export interface EvidenceFile {
  id: string;
  name: string;
  contentType: string;
  sha256: string;
  size: number;
  bytes: Buffer;
}

export async function insertEvidenceFiles(db: Db, caseId: string, files: EvidenceFile[]): Promise<void> {
  if (files.length === 0) return;
  await db('evidence_files').insert(files.map((e) => ({
    id: e.id, key: `${caseId}:evidence:${e.id}`, case_id: caseId, name: e.name, content_type: e.contentType, sha256: e.sha256, size: e.size, content: e.bytes,
  })));
}

export async function deleteEvidenceFiles(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await db('evidence_files').whereIn('id', ids).delete();
}

/** Credit records for tests, written as the credit-records endpoint would (a dishonest record of a department). */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/knex';
import type { Department } from '../../shared/domain';

export async function insertCreditRecord(
  db: Db,
  subjectId: string,
  overrides: Partial<{ department: Department; content: string; state: string; basisEffectiveOn: string; marksRecordId: string }> = {},
): Promise<{ id: string; content: string; department: Department }> {
  const id = randomUUID();
  const content = overrides.content ?? '未按规定公示年度报告，被处以罚款人民币五千元';
  const department = overrides.department ?? 'market-regulation';
  await db('credit_records').insert({
    id,
    subject_id: subjectId,
    category: 'dishonest',
    severity: 'general',
    catalogue_item: 'administrative_penalty',
    department,
    basis_kind: 'administrative_penalty',
    basis_number: `宁市监罚〔2026〕${Math.floor(Math.random() * 900) + 100}号`,
    basis_effective_on: overrides.basisEffectiveOn ?? '2026-03-02',
    basis_issuer: '南京市市场监督管理局',
    content,
    publicity_start: '2026-03-02',
    minimum_publicity_end: '2026-06-02',
    publicity_end: '2027-03-02',
    retention_end: '2032-03-02',
    state: overrides.state ?? 'active',
    marks_record_id: overrides.marksRecordId ?? null,
    recorded_by: 'officer-li',
  });
  return { id, content, department };
}

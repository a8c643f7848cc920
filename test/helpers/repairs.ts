/** Dishonest records, agencies and repair applications for tests, written through the stores the API uses. */
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/knex';
import { insertAgency } from '../../db/stores/agency-notices';
import { claimCase } from '../../db/stores/cases';
import { loadRepairCandidate } from '../../db/stores/repairs';
import { currentTimeLimits } from '../../db/stores/time-limits';
import { type IsoDate, addMonths, addYears } from '../../shared/calendar';
import type { Severity } from '../../shared/domain';
import { type RepairInput, repairMatterKey, repairRefusal } from '../../shared/repair';
import { newUscc } from './fixtures';

export interface DishonestRecordOptions {
  severity?: Severity;
  /** The basis document's effective date; publicity counts from it. */
  effectiveOn: IsoDate;
  publicityEnd?: IsoDate | null;
  retentionEnd?: IsoDate;
  state?: string;
  department?: string;
  category?: 'dishonest' | 'good';
}

/** A record as the credit-records endpoint would write it: minimum and maximum publicity from the effective date. */
export async function insertDishonestRecord(db: Db, subjectId: string, o: DishonestRecordOptions): Promise<string> {
  const id = randomUUID();
  const severity = o.severity ?? 'general';
  const minimumMonths = severity === 'minor' ? 0 : severity === 'general' ? 3 : 12;
  const publicityEnd = o.publicityEnd === undefined ? (severity === 'minor' ? null : addMonths(o.effectiveOn, severity === 'general' ? 12 : 36)) : o.publicityEnd;
  await db('credit_records').insert({
    id,
    subject_id: subjectId,
    category: o.category ?? 'dishonest',
    severity: o.category === 'good' ? null : severity,
    catalogue_item: o.category === 'good' ? 'commendation' : 'administrative_penalty',
    department: o.department ?? 'market-regulation',
    basis_kind: 'administrative_penalty',
    basis_number: `宁市监罚〔2026〕${Math.floor(Math.random() * 9000) + 1000}号`,
    basis_effective_on: o.effectiveOn,
    basis_issuer: '南京市市场监督管理局',
    content: '未按规定公示年度报告，被处以罚款人民币五千元',
    publicity_start: severity === 'minor' ? null : o.effectiveOn,
    minimum_publicity_end: severity === 'minor' ? null : addMonths(o.effectiveOn, minimumMonths),
    publicity_end: publicityEnd,
    retention_end: o.retentionEnd ?? addYears(publicityEnd ?? o.effectiveOn, 5),
    state: o.state ?? 'active',
    recorded_by: 'officer-li',
  });
  return id;
}

export async function registerAgency(db: Db, name = '南京某某信用服务有限公司'): Promise<string> {
  const row = await insertAgency(db, { id: randomUUID(), name, uscc: newUscc() });
  return row!.id;
}

/**
 * Applies for repair as the API does: the refusal checks, then the claim on the record, then the workflow.
 * Returns the refusal code, or the started case's handle.
 */
export async function applyForRepair(
  deps: { db: Db; client: Client; taskQueue: string },
  a: { subjectId: string; recordId: string; today: IsoDate },
): Promise<{ refusal: string } | { caseId: string }> {
  const candidate = await loadRepairCandidate(deps.db, a.recordId);
  if (!candidate) return { refusal: 'not_found' };
  const { limits } = await currentTimeLimits(deps.db);
  const refused = repairRefusal(candidate.record, a.subjectId, a.today, limits);
  if (refused) return { refusal: refused.code };
  const caseId = `repair-${randomUUID()}`;
  const input: RepairInput = {
    caseId,
    department: candidate.record.department,
    subject: candidate.subject,
    record: { id: candidate.record.id, severity: candidate.record.severity, catalogueItem: candidate.record.catalogueItem, basisNumber: candidate.record.basisNumber, content: candidate.record.content },
    performance: '已全额缴纳罚款并完成整改，补报年度报告',
    evidence: [],
    commitment: { text: '本单位承诺所提交材料真实有效，今后依法诚信经营', acceptedAt: new Date().toISOString() },
    matterKey: repairMatterKey(a.recordId),
  };
  const claimed = await deps.db.transaction((trx) =>
    claimCase(trx, { id: caseId, type: 'repair', subjectId: a.subjectId, department: input.department, recordId: a.recordId, matterKey: input.matterKey }),
  );
  if (claimed === 'duplicate') return { refusal: 'repair_already_open' };
  await deps.client.workflow.start('repairCase', { args: [input], workflowId: caseId, taskQueue: deps.taskQueue });
  return { caseId };
}

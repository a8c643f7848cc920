import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { loadRepairCandidate } from '../../db/stores/repairs';
import { currentTimeLimits } from '../../db/stores/time-limits';
import { shanghaiDate } from '../../shared/calendar';
import { type RepairInput, decideRepairUpdate, repairMatterKey, repairRefusal } from '../../shared/repair';
import type { repairCase } from '../../workflows/repair';
import { assertCaseAccess, caseIdFor, caseUpdate, firstView, loadCase, presentCase, projected, startCase } from '../cases';
import { ApiError, notFound, refusal } from '../errors';
import { route, type Deps } from '../http';

const CaseParams = z.object({ id: z.string().regex(/^repair-[0-9a-f-]{36}$/, 'not a repair id') });

const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;
const Evidence = z
  .array(
    z.strictObject({
      name: z.string().trim().min(1).max(200),
      contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/),
      contentBase64: z.base64(),
    }),
  )
  .max(10);

const ApplyForRepair = z.strictObject({
  creditRecordId: z.uuid(),
  /** Proof that the subject performed its obligations and corrected the act. */
  performance: z.string().trim().min(1).max(20_000),
  evidence: Evidence.optional(),
  /** The signed credit commitment: accepted, with its text. */
  commitment: z.strictObject({ accepted: z.literal(true), text: z.string().trim().min(1).max(10_000) }),
});

const Decision = z.strictObject({ outcome: z.enum(['granted', 'refused']), reasons: z.string().trim().min(1).max(20_000) });

/** Stores the evidence of a new application under its case; removed again if the application is refused at start. */
async function storeEvidence(deps: Deps, caseId: string, evidence: z.infer<typeof Evidence>) {
  const files = evidence.map((e) => ({ ...e, bytes: Buffer.from(e.contentBase64, 'base64') }));
  if (files.reduce((n, f) => n + f.bytes.length, 0) > MAX_EVIDENCE_BYTES) {
    throw new ApiError(413, 'payload_too_large', `evidence may total at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB`);
  }
  const stored = files.map((f) => ({
    id: randomUUID(), name: f.name, contentType: f.contentType, size: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex'), bytes: f.bytes,
  }));
  if (stored.length) {
    await deps.db('evidence_files').insert(stored.map((e) => ({
      id: e.id, key: `${caseId}:evidence:${e.id}`, case_id: caseId, name: e.name, content_type: e.contentType, sha256: e.sha256, size: e.size, content: e.bytes,
    })));
  }
  return stored.map(({ id, name, sha256, size }) => ({ id, name, sha256, size }));
}

export const repairRoutes = [
  route({
    method: 'post',
    path: '/api/v1/repairs',
    tag: 'repairs',
    summary: 'The subject applies for credit repair of one of its dishonest records (JS Art 66); the identifying department decides within the limit',
    access: ['subject'],
    body: ApplyForRepair,
    idempotent: true,
    responses: {
      201: 'the repair case, awaiting the decision',
      400: 'invalid body',
      401: 'no token',
      403: 'wrong role',
      404: 'unknown credit record',
      409: 'repair_already_open',
      413: 'evidence too large',
      422: 'minimum_publicity_not_elapsed, record_not_subjects, record_not_dishonest, record_not_publicised',
    },
    async handle({ actor, body, idempotencyKey, deps }) {
      const candidate = await loadRepairCandidate(deps.db, body.creditRecordId);
      if (!candidate) throw notFound('credit record');
      const { limits } = await currentTimeLimits(deps.db);
      const refused = repairRefusal(candidate.record, actor.subjectId!, shanghaiDate(Date.now()), limits);
      if (refused) throw refusal(refused.code, refused.message, refused.details);

      const id = caseIdFor('repair', actor, idempotencyKey);
      const evidence = await storeEvidence(deps, id, body.evidence ?? []);
      const { record } = candidate;
      const input: RepairInput = {
        caseId: id,
        department: record.department,
        subject: candidate.subject,
        record: { id: record.id, severity: record.severity, catalogueItem: record.catalogueItem, basisNumber: record.basisNumber, content: record.content },
        performance: body.performance,
        evidence,
        commitment: { text: body.commitment.text, acceptedAt: new Date().toISOString() },
        matterKey: repairMatterKey(record.id),
      };
      try {
        const handle = await startCase<typeof repairCase>(deps, {
          id, type: 'repair', workflow: 'repairCase', args: [input], subjectId: record.subjectId, department: record.department, recordId: record.id, matterKey: input.matterKey,
          duplicate: () => refusal('repair_already_open', 'a repair of this record is already open'),
        });
        const view = await firstView(handle, (v) => v.deadlines.length > 0);
        await projected(deps, id);
        return { status: 201, body: presentCase(view ?? { id, type: 'repair', status: 'awaiting_decision' }, actor), headers: { Location: `/api/v1/repairs/${id}` } };
      } catch (err) {
        if (evidence.length) await deps.db('evidence_files').whereIn('id', evidence.map((e) => e.id)).delete();
        throw err;
      }
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/repairs/{id}',
    tag: 'repairs',
    summary: 'The repair case: its decision deadline (and how it was computed), documents, events, what the caller may do now',
    access: ['officer', 'supervisor', 'subject'],
    params: CaseParams,
    responses: { 200: 'the repair case', 401: 'no token', 403: 'other department', 404: 'no such repair' },
    async handle({ actor, params, deps }) {
      const row = await loadCase(deps, params.id, 'repair');
      assertCaseAccess(actor, row);
      return { body: presentCase(row.view, actor) };
    },
  }),

  route({
    method: 'post',
    path: '/api/v1/repairs/{id}/decision',
    tag: 'repairs',
    summary: 'The identifying department grants (publicity stops, a list entry resting on the record is removed, agencies are told) or refuses, with reasons',
    access: ['officer', 'supervisor'],
    params: CaseParams,
    body: Decision,
    responses: { 200: 'the repair case, decided, with its decision document', 400: 'invalid body', 401: 'no token', 403: 'not the identifying department', 404: 'no such repair', 409: 'case_closed' },
    async handle({ actor, params, body, deps }) {
      const row = await loadCase(deps, params.id, 'repair');
      assertCaseAccess(actor, row);
      const view = await caseUpdate(deps, row, decideRepairUpdate, [{ actor, outcome: body.outcome, reasons: body.reasons }]);
      return { body: presentCase(view, actor) };
    },
  }),
];

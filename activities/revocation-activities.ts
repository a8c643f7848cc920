import { ApplicationFailure } from '@temporalio/activity';
import type { RevocationChange } from '../shared/revocation';
import type { Db } from '../db/knex';
import { inclusionsRestingOn } from '../db/stores/list-entries';
import { shanghaiDate } from '../shared/calendar';
import { notifyAgencies } from '../db/stores/agency-notices';
import { appendAudit } from '../db/stores/audit';

export interface ApplyRevocationInput {
  caseId: string;
  recordId: string;
  change: RevocationChange;
  document: { number: string; effectiveOn: string };
  newContent?: string;
  actor: string;
  role: string;
}

export function createRevocationActivities({ db }: { db: Db }) {
  return {
    /**
     * JS Art 65 on the platform: a revoked or invalid basis revokes the record and the marks on responsible persons
     * resting on it (JS Art 32); an altered basis changes the record's content (the old kept in its history).
     * Returns the inclusion cases whose list entries rest on a revoked record and are still on the list: the
     * workflow removes them through each case's signal. Keyed by the case: a retry changes nothing twice.
     */
    async applyRevocation(input: ApplyRevocationInput): Promise<{ recordState: string; listEntryCases: string[] }> {
      return db.transaction(async (trx) => {
        const record = await trx('credit_records').where({ id: input.recordId }).forUpdate().first();
        if (!record) throw ApplicationFailure.nonRetryable(`credit record ${input.recordId} not found`, 'invalid_record');
        const change = `basis_${input.change}`;
        const reason = `${input.document.number}（${input.document.effectiveOn}生效）`;
        const revokes = input.change !== 'altered';
        const done = await trx('credit_record_history').where({ case_id: input.caseId, record_id: record.id, change }).first('id');
        if (!done) {
          if (!revokes && !input.newContent) throw ApplicationFailure.nonRetryable('an altered basis needs the new content', 'new_content_required');
          const before = { state: record.state, content: record.content };
          const after = revokes ? { state: 'revoked', content: record.content } : { state: record.state, content: input.newContent };
          await trx('credit_records').where({ id: record.id }).update({ ...after, updated_at: trx.fn.now() });
          await trx('credit_record_history').insert({
            record_id: record.id, change, before: JSON.stringify(before), after: JSON.stringify(after), reason, actor: input.actor, case_id: input.caseId,
          });
          const marks = revokes
            ? await trx('credit_records').where({ marks_record_id: record.id }).whereNot({ state: 'revoked' }).select('id', 'state', 'subject_id')
            : [];
          if (marks.length > 0) {
            await trx('credit_records').whereIn('id', marks.map((m) => m.id)).update({ state: 'revoked', updated_at: trx.fn.now() });
            await trx('credit_record_history').insert(
              marks.map((m) => ({ record_id: m.id, change, before: JSON.stringify({ state: m.state }), after: JSON.stringify({ state: 'revoked' }), reason: `the marked record's basis: ${reason}`, actor: input.actor, case_id: input.caseId })),
            );
          }
          if (revokes) {
            // JS Art 67: every registered agency is told to stop using and remove what was revoked.
            await notifyAgencies(trx, {
              records: [{ id: record.id, subjectId: record.subject_id }, ...marks.map((m) => ({ id: m.id, subjectId: m.subject_id }))],
              reason: 'revoked',
              on: shanghaiDate(Date.now()),
              caseId: input.caseId,
            });
          }
          await appendAudit(trx, [
            { key: `${input.caseId}:record_${change}`, actor: input.actor, role: input.role, action: `credit_record.${change}`, caseId: input.caseId, recordId: record.id, subjectId: record.subject_id, before, after },
            ...marks.map((m) => ({ key: `${input.caseId}:mark_${change}:${m.id}`, actor: input.actor, role: input.role, action: `credit_record.${change}`, caseId: input.caseId, recordId: m.id, subjectId: m.subject_id, before: { state: m.state }, after: { state: 'revoked' } })),
          ]);
        }
        const listEntryCases = revokes ? await inclusionsRestingOn(trx, record.id) : [];
        const { state } = await trx('credit_records').where({ id: record.id }).first('state');
        return { recordState: state, listEntryCases };
      });
    },
  };
}

export type RevocationActivities = ReturnType<typeof createRevocationActivities>;

import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { RecordState } from '../shared/domain';
import { OBJECTABLE_STATES, type ObjectionResult } from '../shared/objection';
import type { Db } from '../db/knex';
import { inclusionsRestingOn } from '../db/stores/list-entries';
import { notifyAgencies } from '../db/stores/agency-notices';
import { appendAudit } from '../db/stores/audit';
import { shanghaiDate } from '../shared/calendar';
import { BASIS_KIND_LABELS } from '../documents';

export interface RecordSnapshot {
  stateBefore: RecordState;
  content: string;
  /** What the record is, as a reply prints it: catalogue item, basis document, content. */
  description: string;
  /** Shown only to the subject and those it authorised (consent-only information, JS Art 62). */
  sensitive: boolean;
}

/** States in which a record was publicised, so agencies may hold it. */
const PUBLICISED: RecordState[] = ['active', 'corrected'];

/** How an objection ends for the record: the department's result, or `refused` as inadmissible. */
export type ObjectionEnding = ObjectionResult | 'refused';

const STATE_AFTER: Record<ObjectionEnding, (before: RecordState) => RecordState> = {
  upheld: (before) => before,
  refused: (before) => before,
  corrected: () => 'corrected',
  deleted: () => 'deleted',
};

export function describeRecord(row: { catalogue_item: string; basis_kind: keyof typeof BASIS_KIND_LABELS; basis_number: string; basis_effective_on: string }, content: string): string {
  return `${row.catalogue_item}；依据：${BASIS_KIND_LABELS[row.basis_kind] ?? row.basis_kind}（${row.basis_number}，${row.basis_effective_on}生效）；内容：${content}`;
}

async function lockRecord(trx: Knex.Transaction, recordId: string) {
  const record = await trx('credit_records').where({ id: recordId }).forUpdate().first();
  if (!record) throw ApplicationFailure.nonRetryable(`credit record ${recordId} not found`, 'invalid_record');
  return record;
}

export function createObjectionActivities({ db }: { db: Db }) {
  return {
    /**
     * JS Art 64: the record is marked `under_objection` and stays disclosed. Keyed by the case: a retry finds the
     * history row the first attempt wrote and returns the record as it was before.
     */
    async markUnderObjection(input: { caseId: string; recordId: string; actor: string; grounds: string }): Promise<RecordSnapshot> {
      return db.transaction(async (trx) => {
        const record = await lockRecord(trx, input.recordId);
        const done = await trx('credit_record_history').where({ case_id: input.caseId, record_id: input.recordId, change: 'under_objection' }).first('before');
        if (done) {
          const before = done.before as { state: RecordState; content: string };
          return { stateBefore: before.state, content: before.content, description: describeRecord(record, before.content), sensitive: record.sensitive };
        }
        if (!OBJECTABLE_STATES.includes(record.state)) {
          throw ApplicationFailure.nonRetryable(`the record is ${record.state}: it cannot be objected to`, 'record_not_objectable', { state: record.state });
        }
        const before = { state: record.state as RecordState, content: record.content as string };
        await trx('credit_records').where({ id: record.id }).update({ state: 'under_objection', updated_at: trx.fn.now() });
        await trx('credit_record_history').insert({
          record_id: record.id, change: 'under_objection', before: JSON.stringify(before), after: JSON.stringify({ state: 'under_objection' }),
          reason: `objection (${input.grounds})`, actor: input.actor, case_id: input.caseId,
        });
        await appendAudit(trx, [
          { key: `${input.caseId}:record_under_objection`, actor: input.actor, role: 'subject', action: 'credit_record.under_objection', caseId: input.caseId, recordId: record.id, subjectId: record.subject_id, before: { state: before.state }, after: { state: 'under_objection' } },
        ]);
        return { stateBefore: before.state, content: before.content, description: describeRecord(record, before.content), sensitive: record.sensitive };
      });
    },

    /**
     * The mark is lifted with the outcome: upheld or refused → the state before; corrected → new content (the old
     * kept in the history); deleted → deleted, with the marks on responsible persons that rest on it (JS Art 32).
     * A state someone else set meanwhile (e.g. revoked) is not overwritten, except by a deletion.
     */
    async resolveObjection(input: {
      caseId: string;
      recordId: string;
      outcome: ObjectionEnding;
      correctedContent?: string;
      reasons: string;
      stateBefore: RecordState;
      actor: string;
      role: string;
    }): Promise<{ listEntryCases: string[] }> {
      return db.transaction(async (trx) => {
        const record = await lockRecord(trx, input.recordId);
        const change = `objection_${input.outcome}`;
        // A deleted record takes a list entry resting on it off the list (through its inclusion case).
        const listEntryCases = input.outcome === 'deleted' ? await inclusionsRestingOn(trx, record.id) : [];
        if (await trx('credit_record_history').where({ case_id: input.caseId, record_id: record.id, change }).first('id')) return { listEntryCases };

        const before = { state: record.state as RecordState, content: record.content as string };
        const state = input.outcome === 'deleted' || record.state === 'under_objection' ? STATE_AFTER[input.outcome](input.stateBefore) : record.state;
        const content = input.outcome === 'corrected' ? input.correctedContent! : record.content;
        await trx('credit_records').where({ id: record.id }).update({ state, content, updated_at: trx.fn.now() });
        await trx('credit_record_history').insert({
          record_id: record.id, change, before: JSON.stringify(before), after: JSON.stringify({ state, content }),
          reason: input.reasons, actor: input.actor, case_id: input.caseId,
        });
        const marks =
          input.outcome === 'deleted'
            ? await trx('credit_records').where({ marks_record_id: record.id }).whereNot({ state: 'deleted' }).select('id', 'state', 'subject_id')
            : [];
        if (marks.length > 0) {
          await trx('credit_records').whereIn('id', marks.map((m) => m.id)).update({ state: 'deleted', updated_at: trx.fn.now() });
          await trx('credit_record_history').insert(
            marks.map((m) => ({ record_id: m.id, change, before: JSON.stringify({ state: m.state }), after: JSON.stringify({ state: 'deleted' }), reason: `the marked record was deleted on objection: ${input.reasons}`, actor: input.actor, case_id: input.caseId })),
          );
        }
        if (input.outcome === 'deleted' && PUBLICISED.includes(input.stateBefore)) {
          // JS Art 67: agencies stop using and remove what was deleted.
          await notifyAgencies(trx, {
            records: [{ id: record.id, subjectId: record.subject_id }, ...marks.map((m) => ({ id: m.id, subjectId: m.subject_id }))],
            reason: 'deleted',
            on: shanghaiDate(Date.now()),
            caseId: input.caseId,
          });
        }
        await appendAudit(trx, [
          { key: `${input.caseId}:record_${change}`, actor: input.actor, role: input.role, action: `credit_record.${change}`, caseId: input.caseId, recordId: record.id, subjectId: record.subject_id, before, after: { state, content } },
          ...marks.map((m) => ({ key: `${input.caseId}:mark_${change}:${m.id}`, actor: input.actor, role: input.role, action: `credit_record.${change}`, caseId: input.caseId, recordId: m.id, subjectId: m.subject_id, before: { state: m.state }, after: { state: 'deleted' } })),
        ]);
        return { listEntryCases };
      });
    },
  };
}

export type ObjectionActivities = ReturnType<typeof createObjectionActivities>;

import { ApplicationFailure } from '@temporalio/activity';
import { STANDING_STATES, type RecordState } from '../shared/domain';
import { OBJECTABLE_STATES, type ObjectionResult } from '../shared/objection';
import type { Db } from '../db/knex';
import { findRecordChange, lockCreditRecord, type CreditRecordRow } from '../db/stores/credit-records';
import { inclusionsRestingOn } from '../db/stores/list-entries';
import { decideOnRecord } from '../db/stores/record-states';
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

function found(record: CreditRecordRow | undefined, recordId: string): CreditRecordRow {
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
        const record = found(await lockCreditRecord(trx, input.recordId), input.recordId);
        const done = await findRecordChange(trx, { caseId: input.caseId, recordId: record.id, change: 'under_objection' });
        const before = (done?.before as { state: RecordState; content: string } | undefined) ?? { state: record.state, content: record.content };
        if (!done) {
          if (!OBJECTABLE_STATES.includes(record.state)) {
            throw ApplicationFailure.nonRetryable(`the record is ${record.state}: it cannot be objected to`, 'record_not_objectable', { state: record.state });
          }
          await decideOnRecord(trx, {
            caseId: input.caseId, recordId: record.id, to: 'under_objection', change: 'under_objection', on: shanghaiDate(Date.now()),
            reason: `objection (${input.grounds})`, actor: input.actor, role: 'subject',
          });
        }
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
        const record = found(await lockCreditRecord(trx, input.recordId), input.recordId);
        const deleted = input.outcome === 'deleted';
        // A deleted record takes a list entry resting on it off the list (through its inclusion case).
        const listEntryCases = deleted ? await inclusionsRestingOn(trx, record.id) : [];
        await decideOnRecord(trx, {
          caseId: input.caseId,
          recordId: record.id,
          to: deleted || record.state === 'under_objection' ? STATE_AFTER[input.outcome](input.stateBefore) : record.state,
          content: input.outcome === 'corrected' ? input.correctedContent! : record.content,
          change: `objection_${input.outcome}`,
          on: shanghaiDate(Date.now()),
          reason: input.reasons,
          actor: input.actor,
          role: input.role,
          marks: deleted ? { reason: `the marked record was deleted on objection: ${input.reasons}` } : undefined,
          // JS Art 67: agencies stop using and remove what was deleted, if it was publicised.
          notify: deleted && STANDING_STATES.some((s) => s === input.stateBefore) ? { reason: 'deleted' } : undefined,
        });
        return { listEntryCases };
      });
    },
  };
}

export type ObjectionActivities = ReturnType<typeof createObjectionActivities>;

import { ApplicationFailure } from '@temporalio/activity';
import type { RevocationChange } from '../shared/revocation';
import type { Db } from '../db/knex';
import { findCreditRecord, lockCreditRecord } from '../db/stores/credit-records';
import { inclusionsRestingOn } from '../db/stores/list-entries';
import { decideOnRecord } from '../db/stores/record-states';
import { shanghaiDate } from '../shared/calendar';

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
     * resting on it (JS Art 32), and every agency is told (JS Art 67); an altered basis changes the record's content
     * (the old kept in its history). Returns the inclusion cases whose list entries rest on a revoked record and are
     * still on the list: the workflow removes them through each case's signal. Keyed by the case: a retry changes
     * nothing twice.
     */
    async applyRevocation(input: ApplyRevocationInput): Promise<{ recordState: string; listEntryCases: string[] }> {
      return db.transaction(async (trx) => {
        const record = await lockCreditRecord(trx, input.recordId);
        if (!record) throw ApplicationFailure.nonRetryable(`credit record ${input.recordId} not found`, 'invalid_record');
        const revokes = input.change !== 'altered';
        if (!revokes && !input.newContent) throw ApplicationFailure.nonRetryable('an altered basis needs the new content', 'new_content_required');
        const reason = `${input.document.number}（${input.document.effectiveOn}生效）`;
        await decideOnRecord(trx, {
          caseId: input.caseId,
          recordId: record.id,
          to: revokes ? 'revoked' : record.state,
          content: revokes ? record.content : input.newContent,
          change: `basis_${input.change}`,
          on: shanghaiDate(Date.now()),
          reason,
          actor: input.actor,
          role: input.role,
          marks: revokes ? { reason: `the marked record's basis: ${reason}` } : undefined,
          notify: revokes ? { reason: 'revoked' } : undefined,
        });
        const listEntryCases = revokes ? await inclusionsRestingOn(trx, record.id) : [];
        return { recordState: (await findCreditRecord(trx, record.id))!.state, listEntryCases };
      });
    },
  };
}

export type RevocationActivities = ReturnType<typeof createRevocationActivities>;

/**
 * A subject's authorisations to read its file (JS Art 39 "authorised inquiry", 62(3)): granted to a registered
 * agency or another natural person, revoked by the subject; each change with its audit event, in one transaction.
 */
import type { Db } from '../../db';
import { findAgency } from '../../db/stores/agency-notices';
import { appendAudit } from '../../db/stores/audit';
import { insertAuthorisation, revokeAuthorisation } from '../../db/stores/authorisations';
import { findSubject } from '../../db/stores/subjects';
import type { ActorOf } from '../../shared/cases';
import type { RecordCategory } from '../../shared/domain';
import { notFound, refusal } from '../errors';
import { presentAuthorisation } from '../presenters';

export interface Grant {
  grantee: { type: 'agency' | 'person'; id: string };
  scope: { records: 'all' | RecordCategory[]; consentOnly: boolean };
  until: string;
}

export function createAuthorisationService({ db }: { db: Db }) {
  return {
    /** Refused unless the grantee is a registered agency or another registered natural person, until a time to come. */
    async grant(actor: ActorOf<'subject'>, g: Grant) {
      if (Date.parse(g.until) <= Date.now()) throw refusal('invalid_authorisation', 'an authorisation lasts until a time in the future');
      if (g.grantee.type === 'agency' && !(await findAgency(db, g.grantee.id))) throw refusal('unknown_grantee', 'no credit service agency is registered with this id');
      if (g.grantee.type === 'person') {
        const person = await findSubject(db, g.grantee.id);
        if (person?.kind !== 'natural_person' || person.id === actor.subjectId) throw refusal('unknown_grantee', 'the grantee is not another registered natural person');
      }
      return db.transaction(async (trx) => {
        const row = await insertAuthorisation(trx, {
          subject_id: actor.subjectId, grantee_type: g.grantee.type, grantee_id: g.grantee.id, records: g.scope.records,
          consent_only: g.scope.consentOnly, until: new Date(g.until), granted_by: actor.id,
        });
        const presented = presentAuthorisation(row);
        await appendAudit(trx, [{ actor: actor.id, role: actor.role, action: 'authorisation.granted', subjectId: row.subject_id, after: presented }]);
        return presented;
      });
    },

    /** Only the subject's own; revoking a revoked one again changes nothing. */
    async revoke(actor: ActorOf<'subject'>, id: string) {
      return db.transaction(async (trx) => {
        const revoked = await revokeAuthorisation(trx, id, actor.subjectId);
        if (!revoked) throw notFound('authorisation');
        const presented = presentAuthorisation(revoked.row);
        if (revoked.changed) await appendAudit(trx, [{ actor: actor.id, role: actor.role, action: 'authorisation.revoked', subjectId: revoked.row.subject_id, after: presented }]);
        return presented;
      });
    },
  };
}

export type AuthorisationService = ReturnType<typeof createAuthorisationService>;

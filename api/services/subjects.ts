/**
 * What the API writes about subjects outside any case: registering one, its responsible persons, its agreement to
 * electronic service. Each write and its audit event commit together; a refused write changes nothing.
 */
import type { Db, Trx } from '../../db';
import { appendAudit } from '../../db/stores/audit';
import {
  findSubject,
  findSubjectByIdentifier,
  insertSubject,
  recordElectronicServiceConsent,
  replaceResponsiblePersons,
  responsiblePersons,
  type ElectronicServiceConsent,
  type NewSubject,
} from '../../db/stores/subjects';
import type { Actor } from '../../shared/cases';
import type { ResponsiblePersonRole } from '../../shared/domain';
import { notFound, refusal } from '../errors';
import { presentSubject } from '../presenters';

type ResponsiblePersons = Array<{ role: ResponsiblePersonRole; subjectId: string }>;

/** JS Art 32: an organisation's responsible persons are registered natural persons. */
async function requireNaturalPersons(trx: Trx, persons: ResponsiblePersons): Promise<void> {
  for (const p of persons) {
    const person = await findSubject(trx, p.subjectId);
    if (person?.kind !== 'natural_person') throw refusal('invalid_responsible_person', `responsible person ${p.subjectId} is not a registered natural person`);
  }
}

export function createSubjectService({ db }: { db: Db }) {
  return {
    /** A new subject (a known identifier is refused), as presented. */
    async register(actor: Actor, s: Omit<NewSubject, 'registeredBy' | 'registeredDepartment'> & { electronicServiceConsent?: ElectronicServiceConsent }) {
      const persons = s.responsiblePersons ?? [];
      return db.transaction(async (trx) => {
        await requireNaturalPersons(trx, persons);
        const { electronicServiceConsent, ...subject } = s;
        const id = await insertSubject(trx, { ...subject, registeredBy: actor.id, registeredDepartment: actor.department });
        if (!id) {
          const existing = await findSubjectByIdentifier(trx, s.identifierType, s.identifierValue);
          throw refusal('duplicate_subject', 'a subject with this identifier is already registered', { existingId: existing?.id });
        }
        if (electronicServiceConsent) await recordElectronicServiceConsent(trx, id, electronicServiceConsent);
        const registered = await findSubject(trx, id);
        if (!registered) throw new Error(`subject ${id} was inserted but cannot be read back`);
        const presented = presentSubject(registered, persons.map((p) => ({ personId: p.subjectId, role: p.role })));
        await appendAudit(trx, [{ actor: actor.id, role: actor.role, action: 'subject.registered', subjectId: id, after: presented }]);
        return presented;
      });
    },

    /** An organisation's responsible persons, replaced as a whole, with the reason audited. */
    async replaceResponsiblePersons(actor: Actor, subjectId: string, persons: ResponsiblePersons, reason: string) {
      return db.transaction(async (trx) => {
        const subject = await findSubject(trx, subjectId);
        if (!subject) throw notFound('subject');
        if (subject.kind === 'natural_person') throw refusal('invalid_responsible_person', 'only organisations have responsible persons');
        await requireNaturalPersons(trx, persons);
        const before = await replaceResponsiblePersons(trx, subject.id, persons);
        const after = persons.map((p) => ({ personId: p.subjectId, role: p.role }));
        await appendAudit(trx, [{ actor: actor.id, role: actor.role, action: 'subject.responsible_persons_changed', subjectId: subject.id, before: { responsiblePersons: before }, after: { responsiblePersons: after, reason } }]);
        return presentSubject(subject, after);
      });
    },

    /** The party's agreement to electronic service (without it, electronic service is refused). */
    async recordElectronicServiceConsent(actor: Actor, subjectId: string, consent: ElectronicServiceConsent) {
      return db.transaction(async (trx) => {
        const subject = await findSubject(trx, subjectId);
        if (!subject) throw notFound('subject');
        await recordElectronicServiceConsent(trx, subject.id, consent);
        await appendAudit(trx, [{ actor: actor.id, role: actor.role, action: 'subject.electronic_service_consent', subjectId: subject.id, before: subject.electronic_service_consent, after: consent }]);
        return presentSubject({ ...subject, electronic_service_consent: consent }, await responsiblePersons(trx, subject.id));
      });
    },
  };
}

export type SubjectService = ReturnType<typeof createSubjectService>;

import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { IdentifierType, ResponsiblePersonRole, SubjectKind } from '../../shared/domain';
import type { Db } from '../knex';

export interface NewSubject {
  kind: SubjectKind;
  name: string;
  identifierType: IdentifierType;
  identifierValue: string;
  documentType?: string;
  birthDate?: string;
  responsiblePersons?: Array<{ role: ResponsiblePersonRole; subjectId: string }>;
  registeredBy: string;
  registeredDepartment?: string;
}

export interface SubjectRow {
  id: string;
  kind: SubjectKind;
  name: string;
  identifier_type: IdentifierType;
  identifier_value: string;
  document_type: string | null;
  birth_date: string | null;
  electronic_service_consent: ElectronicServiceConsent | null;
  created_at: Date;
}

/** The party's agreement to be served electronically (DOMAIN.md §3): when, by which document, where to. */
export interface ElectronicServiceConsent {
  agreedOn: string;
  document: string;
  address?: string;
}

export async function findSubjectByIdentifier(db: Db | Knex.Transaction, type: IdentifierType, value: string): Promise<SubjectRow | undefined> {
  return db('subjects').where({ identifier_type: type, identifier_value: value }).first();
}

export async function findSubject(db: Db | Knex.Transaction, id: string): Promise<SubjectRow | undefined> {
  return db('subjects').where({ id }).first();
}

export async function responsiblePersons(db: Db | Knex.Transaction, organisationId: string): Promise<Array<{ personId: string; role: string }>> {
  const rows = await db('responsible_persons').where({ organisation_id: organisationId }).select('person_id', 'role');
  return rows.map((r) => ({ personId: r.person_id, role: r.role }));
}

/** Inserts the subject and its responsible persons; `undefined` when the identifier is already registered. */
export async function insertSubject(trx: Knex.Transaction, s: NewSubject): Promise<string | undefined> {
  const id = randomUUID();
  const inserted = await trx('subjects')
    .insert({
      id,
      kind: s.kind,
      name: s.name,
      identifier_type: s.identifierType,
      identifier_value: s.identifierValue,
      document_type: s.documentType ?? null,
      birth_date: s.birthDate ?? null,
      registered_by: s.registeredBy,
      registered_department: s.registeredDepartment ?? null,
    })
    .onConflict(['identifier_type', 'identifier_value'])
    .ignore()
    .returning('id');
  if (inserted.length === 0) return undefined;
  if (s.responsiblePersons?.length) {
    await trx('responsible_persons').insert(s.responsiblePersons.map((p) => ({ organisation_id: id, person_id: p.subjectId, role: p.role })));
  }
  return id;
}

/** Replaces an organisation's responsible persons (JS Art 32); returns those it had before. */
export async function replaceResponsiblePersons(trx: Knex.Transaction, organisationId: string, persons: Array<{ role: ResponsiblePersonRole; subjectId: string }>) {
  const before = await responsiblePersons(trx, organisationId);
  await trx('responsible_persons').where({ organisation_id: organisationId }).delete();
  if (persons.length) await trx('responsible_persons').insert(persons.map((p) => ({ organisation_id: organisationId, person_id: p.subjectId, role: p.role })));
  return before;
}

export async function recordElectronicServiceConsent(trx: Knex.Transaction, subjectId: string, consent: ElectronicServiceConsent | null): Promise<void> {
  await trx('subjects').where({ id: subjectId }).update({ electronic_service_consent: consent ? JSON.stringify(consent) : null });
}

/** The subject's records resting on a basis document: what an inclusion on that document rests on. */
export async function recordsOnBasis(db: Db | Knex.Transaction, subjectId: string, basis: Array<{ kind: string; number: string }>): Promise<string[]> {
  if (basis.length === 0) return [];
  return db('credit_records')
    .where({ subject_id: subjectId })
    .whereNull('marks_record_id')
    .whereNull('source_case_id')
    .where((q) => {
      for (const b of basis) q.orWhere({ basis_kind: b.kind, basis_number: b.number });
    })
    .orderBy('id')
    .pluck('id');
}

/** `%text%` for ILIKE, the text's own `%`, `_` and `\` matched as themselves. */
export const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The latest subjects whose name or identifier contains `text` (all of them without it), newest first. */
export async function subjectsMatching(db: Db, text: string | undefined, limit: number): Promise<Array<{ id: string; kind: string; name: string; identifier: string }>> {
  return db('subjects')
    .modify((q) => {
      if (text) q.where((w) => w.whereILike('name', containing(text)).orWhereILike('identifier_value', containing(text)));
    })
    .orderBy('created_at', 'desc')
    .limit(limit)
    .select('id', 'kind', 'name', 'identifier_value as identifier');
}

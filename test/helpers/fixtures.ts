/** Valid, unique subjects for tests, registered through the same store the API uses. */
import { randomInt } from 'node:crypto';
import type { Db } from '../../db/knex';
import { insertSubject } from '../../db/stores/subjects';
import { citizenIdCheckCharacter, organisationCodeCheckCharacter, usccCheckCharacter } from '../../shared/identifiers';
import type { InclusionInput } from '../../shared/inclusion';
import { objectionMatterKey, type ObjectionInput } from '../../shared/objection';
import { randomUUID } from 'node:crypto';
import type { Department } from '../../shared/domain';

const DIGITS = '0123456789';
const pick = (chars: string, n: number) => Array.from({ length: n }, () => chars[randomInt(chars.length)]).join('');

export function newUscc(): string {
  const body8 = pick(DIGITS, 8);
  const first17 = `91320100${body8}${organisationCodeCheckCharacter(body8)}`;
  return first17 + usccCheckCharacter(first17);
}

export function newCitizenId(birthDate = '1985-06-15'): string {
  // A random Jiangsu address code as well as sequence number: 3 random digits alone collide within a test run.
  const first17 = `32${pick(DIGITS, 4)}${birthDate.replaceAll('-', '')}${pick(DIGITS, 3)}`;
  return first17 + citizenIdCheckCharacter(first17);
}

export async function registerPerson(db: Db, name = '张三', birthDate = '1985-06-15') {
  const identifier = newCitizenId(birthDate);
  const id = await db.transaction((trx) =>
    insertSubject(trx, { kind: 'natural_person', name, identifierType: 'citizen_id', identifierValue: identifier, birthDate, registeredBy: 'fixture' }),
  );
  return { id: id!, name, identifier, birthDate };
}

export async function registerOrganisation(db: Db, name = '南京某某建材有限公司', persons: Array<{ role: 'legal_representative'; subjectId: string }> = []) {
  const identifier = newUscc();
  const id = await db.transaction((trx) =>
    insertSubject(trx, { kind: 'legal_person', name, identifierType: 'uscc', identifierValue: identifier, responsiblePersons: persons, registeredBy: 'fixture' }),
  );
  return { id: id!, name, identifier };
}

export function inclusionInput(
  subject: { id: string; name: string; identifier: string },
  overrides: Partial<InclusionInput> = {},
): InclusionInput {
  const caseId = `inclusion-${randomUUID()}`;
  return {
    caseId,
    department: 'market-regulation',
    handler: 'officer-li',
    subject: { id: subject.id, kind: 'legal_person', name: subject.name, identifierType: 'uscc', identifier: subject.identifier, responsiblePersons: [] },
    field: 'health_safety',
    basis: [{ kind: 'administrative_penalty', number: '宁市监罚〔2026〕118号', issuer: '南京市市场监督管理局', effectiveOn: '2026-09-01' }],
    facts: '生产销售不符合食品安全标准的食品，货值金额较大',
    reasons: '严重危害人民群众身体健康和生命安全，情节严重',
    legalProvisions: ['《江苏省社会信用条例》第二十九条第一项'],
    measures: ['key_supervision', 'restrict_government_projects'],
    needsApproval: false,
    matterKey: `${subject.id}|${randomUUID()}`,
    ...overrides,
  };
}

/** An objection of the organisation to one of its records (grounds: error). */
export function objectionInput(
  org: { id: string; name: string; identifier: string },
  record: { id: string; department: Department },
  overrides: Partial<ObjectionInput> = {},
): ObjectionInput {
  return {
    caseId: `objection-${randomUUID()}`,
    department: record.department,
    recordId: record.id,
    subject: { id: org.id, kind: 'legal_person', name: org.name, identifierType: 'uscc', identifier: org.identifier },
    submittedBy: `subject-${org.id}`,
    grounds: 'error',
    reasons: '罚款金额记载错误，处罚决定书载明为人民币三千元',
    evidence: [],
    matterKey: objectionMatterKey(record.id),
    ...overrides,
  };
}

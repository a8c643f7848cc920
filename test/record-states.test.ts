/**
 * One store function changes a record's state (db/stores/record-states.ts): the record, the marks on responsible
 * persons resting on it, their history, audit events and the agencies' stop-use notices, in the caller's
 * transaction; a rerun changes nothing twice. Against the test PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { changeRecordStates, decideOnRecord } from '../db/stores/record-states';
import { registerOrganisation, registerPerson } from './helpers/fixtures';
import { insertDishonestRecord, registerAgency } from './helpers/repairs';
import { testDb } from './helpers/temporal';

let db: Db;
beforeAll(async () => {
  db = testDb();
  await registerAgency(db, '南京丙信用服务有限公司');
});
afterAll(() => db?.destroy());

const agencies = async () => Number((await db('agencies').count<{ n: number }[]>('* as n'))[0].n);

/** An organisation's record with a mark on its legal representative, as a list entry leaves them. */
async function recordWithMark() {
  const person = await registerPerson(db, '周九');
  const org = await registerOrganisation(db, '南京某某贸易有限公司', [{ role: 'legal_representative', subjectId: person.id }]);
  const recordId = await insertDishonestRecord(db, org.id, { effectiveOn: '2026-01-05' });
  const markId = await insertDishonestRecord(db, person.id, { effectiveOn: '2026-01-05' });
  await db('credit_records').where({ id: markId }).update({ marks_record_id: recordId, mark_role: 'legal_representative' });
  return { org, person, recordId, markId };
}

test('a decision revokes the record and its mark once, with their history, keyed audit and one notice per agency', async () => {
  const { org, person, recordId, markId } = await recordWithMark();
  const caseId = `revocation-${randomUUID()}`;
  const content = (await db('credit_records').where({ id: recordId }).first()).content;
  const decide = () =>
    db.transaction((trx) =>
      decideOnRecord(trx, {
        caseId, recordId, to: 'revoked', content, change: 'basis_revoked', on: '2026-06-01', reason: '复1号', actor: 'officer-li', role: 'officer',
        marks: { reason: 'the marked record’s basis: 复1号' }, notify: { reason: 'revoked' },
      }),
    );

  expect(await decide()).toEqual([{ id: recordId, subjectId: org.id }, { id: markId, subjectId: person.id }]);
  expect(await decide()).toEqual([]);

  expect(await db('credit_records').whereIn('id', [recordId, markId]).pluck('state')).toEqual(['revoked', 'revoked']);
  expect(await db('credit_record_history').whereIn('record_id', [recordId, markId]).orderBy('id').select('record_id', 'change', 'before', 'after', 'reason', 'case_id')).toEqual([
    { record_id: recordId, change: 'basis_revoked', before: { state: 'active', content }, after: { state: 'revoked', content }, reason: '复1号', case_id: caseId },
    { record_id: markId, change: 'basis_revoked', before: { state: 'active' }, after: { state: 'revoked' }, reason: 'the marked record’s basis: 复1号', case_id: caseId },
  ]);
  expect(await db('audit_events').where({ case_id: caseId }).orderBy('id').select('key', 'action', 'record_id')).toEqual([
    { key: `${caseId}:record_basis_revoked`, action: 'credit_record.basis_revoked', record_id: recordId },
    { key: `${caseId}:mark_basis_revoked:${markId}`, action: 'credit_record.basis_revoked', record_id: markId },
  ]);
  const notices = await db('agency_notices').where({ case_id: caseId }).select('record_id', 'reason', 'effective_on');
  expect(notices).toHaveLength(2 * (await agencies()));
  expect(notices.every((n) => n.reason === 'revoked' && n.effective_on === '2026-06-01')).toBe(true);
});

test('a decision that brings the record back to its state is made once per case, the history its guard', async () => {
  const { recordId } = await recordWithMark();
  const caseId = `objection-${randomUUID()}`;
  const uphold = () =>
    db.transaction((trx) => decideOnRecord(trx, { caseId, recordId, to: 'active', change: 'objection_upheld', on: '2026-06-01', reason: '核实无误', actor: 'officer-li', role: 'officer' }));

  expect(await uphold()).toHaveLength(1);
  expect(await uphold()).toEqual([]);
  expect(await db('credit_record_history').where({ record_id: recordId }).pluck('change')).toEqual(['objection_upheld']);
  expect(await db('agency_notices').where({ record_id: recordId })).toHaveLength(0);
});

test('a stop by the source state: the marks follow from their own state, the day kept, unkeyed audit, notices due when given', async () => {
  const { recordId, markId } = await recordWithMark();
  await db('credit_records').where({ id: recordId }).update({ state: 'publicity_stopped' });
  const stop = () =>
    db.transaction((trx) =>
      changeRecordStates(trx, {
        records: { ids: [recordId], from: ['active'], marksFrom: ['active'] },
        to: 'publicity_stopped', on: '2026-06-01', reason: 'list entry removed: term_ended', actor: 'system', role: 'system', endPublicity: true,
        notify: { reason: 'publicity_ended', dueAt: '2026-06-09T00:00:00.000+08:00' },
      }),
    );

  expect((await stop()).map((r) => r.id)).toEqual([markId]);
  expect(await stop()).toEqual([]);
  expect(await db('credit_records').where({ id: markId }).first()).toMatchObject({ state: 'publicity_stopped', publicity_end: '2026-06-01' });
  expect(await db('credit_record_history').where({ record_id: markId }).select('before', 'after')).toEqual([{ before: { state: 'active' }, after: { state: 'publicity_stopped', on: '2026-06-01' } }]);
  expect(await db('audit_events').where({ record_id: markId }).select('key', 'after')).toEqual([
    { key: null, after: { state: 'publicity_stopped', on: '2026-06-01', reason: 'list entry removed: term_ended' } },
  ]);
  const notices = await db('agency_notices').where({ record_id: markId });
  expect(notices).toHaveLength(await agencies());
  expect(new Date(notices[0].due_at).toISOString()).toBe('2026-06-08T16:00:00.000Z');
});

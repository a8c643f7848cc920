/**
 * Publicity and retention expiry against the Temporal dev server and real PostgreSQL (DOMAIN.md §4.5; JS Art 41,
 * 67): the sweep changes exactly what is due, survives being killed midway, runs side by side with another, and
 * leaves each agency a list of notices that only it can acknowledge. The sweeps run for a fixed past day, so
 * records other test files write (all dated around now) are not due.
 */
import type { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createExpiryActivities } from '../activities/expiry-activities';
import { createInclusionActivities } from '../activities/inclusion-activities';
import { createRevocationActivities } from '../activities/revocation-activities';
import type { Db } from '../db/knex';
import { acknowledgeAgencyNotice, agencyNoticesOf } from '../db/stores/agency-notices';
import { supervisionItems } from '../db/stores/supervision';
import { claimCase } from '../db/stores/cases';
import { stopExpiredPublicity } from '../db/stores/record-states';
import type { ExpirySweepInput, SweepTotals } from '../shared/expiry';
import { ensureExpirySchedule } from '../worker/schedules';
import { expirySweep } from '../workflows';
import { registerOrganisation, registerPerson } from './helpers/fixtures';
import { insertDishonestRecord, registerAgency } from './helpers/repairs';
import { createTestWorker, devServerClient, testDb } from './helpers/temporal';

let db: Db;
let client: Client;
let connection: Connection;
let nativeConnection: NativeConnection;
let worker: Worker;
let taskQueue: string;
let running: Promise<void>;
let agencyA: string;
let agencyB: string;

beforeAll(async () => {
  db = testDb();
  ({ client, connection } = await devServerClient());
  nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  ({ worker, taskQueue } = await createTestWorker(nativeConnection, db));
  running = worker.run();
  agencyA = await registerAgency(db, '南京甲信用服务有限公司');
  agencyB = await registerAgency(db, '苏州乙征信有限公司');
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await nativeConnection?.close();
  await connection?.close();
  await db?.destroy();
});

const agencyCount = async () => Number((await db('agencies').count<{ n: number }[]>('* as n'))[0].n);
const stateOf = async (id: string) => (await db('credit_records').where({ id }).first()).state;
const sweep = (input: ExpirySweepInput, workflowId = `expiry-sweep-test-${randomUUID()}`) =>
  client.workflow.start(expirySweep, { args: [input], workflowId, taskQueue });

/** A list entry with its serious record, as an inclusion case leaves it; `openCase` keeps its case open. */
async function listEntry(subjectId: string, removalDueOn: string, opts: { openCase?: boolean; markOn?: string } = {}) {
  const caseId = `inclusion-${randomUUID()}`;
  const recordId = await insertDishonestRecord(db, subjectId, { severity: 'serious', effectiveOn: '2022-06-16', publicityEnd: removalDueOn });
  const markId = opts.markOn ? await insertDishonestRecord(db, opts.markOn, { severity: 'serious', effectiveOn: '2022-06-16', publicityEnd: removalDueOn }) : undefined;
  if (markId) await db('credit_records').where({ id: markId }).update({ marks_record_id: recordId });
  if (opts.openCase) await db.transaction((trx) => claimCase(trx, { id: caseId, type: 'inclusion', subjectId, department: 'market-regulation', matterKey: caseId }));
  const id = randomUUID();
  await db('list_entries').insert({
    id, subject_id: subjectId, field: 'health_safety', case_id: caseId, record_id: recordId, measures: JSON.stringify(['key_supervision']),
    department: 'market-regulation', included_on: '2022-06-16', removal_due_on: removalDueOn,
  });
  return { id, caseId, recordId, markId };
}

test('a sweep over records with mixed dates changes exactly the right ones, in small batches across continue-as-new', async () => {
  const today = '2025-06-16';
  const org = await registerOrganisation(db);
  const person = await registerPerson(db, '钱七');
  const r = {
    endedBefore: await insertDishonestRecord(db, org.id, { effectiveOn: '2024-06-14', publicityEnd: '2025-06-14' }),
    endedYesterday: await insertDishonestRecord(db, org.id, { effectiveOn: '2024-06-15', publicityEnd: '2025-06-15' }),
    lastDayToday: await insertDishonestRecord(db, org.id, { effectiveOn: '2024-06-16', publicityEnd: '2025-06-16' }),
    endsLater: await insertDishonestRecord(db, org.id, { effectiveOn: '2024-12-01', publicityEnd: '2025-12-01' }),
    retentionEnded: await insertDishonestRecord(db, org.id, { effectiveOn: '2019-01-01', publicityEnd: '2020-01-01', retentionEnd: '2025-06-10', state: 'publicity_stopped' }),
    retained: await insertDishonestRecord(db, org.id, { effectiveOn: '2024-01-01', publicityEnd: '2025-01-01', retentionEnd: '2030-01-01', state: 'publicity_stopped' }),
    bothEnded: await insertDishonestRecord(db, org.id, { effectiveOn: '2018-01-01', publicityEnd: '2019-01-01', retentionEnd: '2024-01-01' }),
    underObjection: await insertDishonestRecord(db, org.id, { effectiveOn: '2024-01-01', publicityEnd: '2025-01-01', state: 'under_objection' }),
    minorRetentionEnded: await insertDishonestRecord(db, org.id, { severity: 'minor', effectiveOn: '2020-05-01', retentionEnd: '2025-05-01' }),
    minorRetained: await insertDishonestRecord(db, org.id, { severity: 'minor', effectiveOn: '2024-05-01', retentionEnd: '2029-05-01' }),
    revoked: await insertDishonestRecord(db, org.id, { effectiveOn: '2024-01-01', publicityEnd: '2025-01-01', state: 'revoked' }),
  };
  const termEnded = await listEntry(org.id, today, { markOn: person.id });
  const caseStillOpen = await listEntry(org.id, today, { openCase: true });
  const termRuns = await listEntry(org.id, '2025-07-01');
  const agencies = await agencyCount();

  const handle = await sweep({ today, batchSize: 2, batchesPerRun: 3 });
  const totals: SweepTotals = await handle.result();
  expect(totals.list_term).toBeGreaterThanOrEqual(1);
  expect(totals.publicity).toBeGreaterThanOrEqual(3);
  expect(totals.retention).toBeGreaterThanOrEqual(3);
  // It continued as new: the first run's history ended there.
  const firstRun = await client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe();
  expect(firstRun.status.name).toBe('CONTINUED_AS_NEW');

  expect(await stateOf(r.endedBefore)).toBe('publicity_stopped');
  expect(await stateOf(r.endedYesterday)).toBe('publicity_stopped');
  expect(await stateOf(r.lastDayToday)).toBe('active');
  expect(await stateOf(r.endsLater)).toBe('active');
  expect(await stateOf(r.retentionEnded)).toBe('retention_ended');
  expect(await stateOf(r.retained)).toBe('publicity_stopped');
  expect(await stateOf(r.bothEnded)).toBe('retention_ended');
  expect(await stateOf(r.underObjection)).toBe('under_objection');
  expect(await stateOf(r.minorRetentionEnded)).toBe('retention_ended');
  expect(await stateOf(r.minorRetained)).toBe('active');
  expect(await stateOf(r.revoked)).toBe('revoked');

  // The entry whose term ended (and whose case is gone) left the list with its record and the mark on its
  // responsible person; the one whose case is open is left to the case; the one still running stays.
  expect(await db('list_entries').where({ id: termEnded.id }).first()).toMatchObject({ removed_on: today, removal_reason: 'term_ended' });
  expect(await stateOf(termEnded.recordId)).toBe('publicity_stopped');
  expect(await stateOf(termEnded.markId!)).toBe('publicity_stopped');
  expect((await db('list_entries').where({ id: caseStillOpen.id }).first()).removed_on).toBeNull();
  expect(await stateOf(caseStillOpen.recordId)).toBe('active');
  expect((await db('list_entries').where({ id: termRuns.id }).first()).removed_on).toBeNull();

  // History, audit and notices: one per change, one notice per agency and change.
  const changes = await db('credit_record_history').whereIn('record_id', Object.values(r)).select('record_id', 'change', 'before', 'after');
  expect(changes.filter((h) => h.record_id === r.bothEnded).map((h) => h.change)).toEqual(['publicity_stopped', 'retention_ended']);
  expect(changes.find((h) => h.record_id === r.minorRetentionEnded)).toMatchObject({ before: { state: 'active' }, after: { state: 'retention_ended', on: today } });
  expect(changes).toHaveLength(6);
  expect(await db('audit_events').whereIn('record_id', Object.values(r)).where('action', 'like', 'credit_record.%')).toHaveLength(6);
  expect(await db('audit_events').where({ case_id: termEnded.caseId, action: 'list_entry.removed' })).toHaveLength(1);
  const notices = await db('agency_notices').whereIn('record_id', [...Object.values(r), termEnded.recordId, termEnded.markId!]);
  const count = (reason: string) => notices.filter((n) => n.reason === reason).length;
  expect(count('publicity_ended')).toBe(5 * agencies); // endedBefore, endedYesterday, bothEnded, the entry's record and mark
  expect(count('retention_ended')).toBe(3 * agencies); // retentionEnded, bothEnded, minorRetentionEnded
  expect(notices.every((n) => n.effective_on === today)).toBe(true);

  // A second sweep of the same day finds nothing left to do.
  const again = await (await sweep({ today, batchSize: 2 })).result();
  expect(again).toEqual({ list_term: 0, publicity: 0, retention: 0 });
});

test('a corrected record is swept like an active one; a minor record has no publicity to end and sends no notice until its retention ends', async () => {
  const today = '2025-08-20';
  const person = await registerPerson(db, '周九');
  const corrected = await insertDishonestRecord(db, person.id, { effectiveOn: '2024-08-01', publicityEnd: '2025-08-01', state: 'corrected' });
  const correctedRetentionEnded = await insertDishonestRecord(db, person.id, { effectiveOn: '2019-01-01', publicityEnd: '2020-01-01', retentionEnd: '2025-01-01', state: 'corrected' });
  // A minor record as a careless import might leave it, with a publicity end: it was never publicised all the same.
  const minor = await insertDishonestRecord(db, person.id, { severity: 'minor', effectiveOn: '2024-08-01', publicityEnd: '2025-08-01', retentionEnd: '2029-08-01' });
  const correctedMinor = await insertDishonestRecord(db, person.id, { severity: 'minor', effectiveOn: '2020-01-01', retentionEnd: '2025-01-01', state: 'corrected' });

  await (await sweep({ today, batchSize: 50 })).result();
  expect(await stateOf(corrected)).toBe('publicity_stopped');
  expect(await stateOf(correctedRetentionEnded)).toBe('retention_ended');
  expect(await stateOf(minor)).toBe('active');
  expect(await stateOf(correctedMinor)).toBe('retention_ended');
  const notices = await db('agency_notices').whereIn('record_id', [corrected, correctedRetentionEnded, minor, correctedMinor]).select('record_id', 'reason');
  const agencies = await agencyCount();
  expect(notices.filter((n) => n.record_id === corrected && n.reason === 'publicity_ended')).toHaveLength(agencies);
  expect(notices.filter((n) => n.record_id === minor)).toHaveLength(0);
  expect(notices.filter((n) => n.record_id === correctedMinor && n.reason === 'retention_ended')).toHaveLength(agencies);
});

test('a sweep killed midway and run again finishes the job with nothing done twice', async () => {
  const today = '2025-09-01';
  const org = await registerOrganisation(db);
  const ids: string[] = [];
  for (let i = 0; i < 400; i++) ids.push(randomUUID());
  await db.batchInsert(
    'credit_records',
    ids.map((id) => ({
      id, subject_id: org.id, category: 'dishonest', severity: 'general', catalogue_item: 'administrative_penalty', department: 'tax',
      basis_kind: 'administrative_penalty', basis_number: `苏税罚〔2024〕${id.slice(0, 6)}号`, basis_effective_on: '2024-08-01', basis_issuer: '国家税务总局南京市税务局',
      content: '逃避缴纳税款', publicity_start: '2024-08-01', minimum_publicity_end: '2024-11-01', publicity_end: '2025-08-01', retention_end: '2030-08-01',
      state: 'active', recorded_by: 'officer-tax',
    })),
    200,
  );
  const stopped = async () => Number((await db('credit_records').whereIn('id', ids).where({ state: 'publicity_stopped' }).count<{ n: number }[]>('* as n'))[0].n);

  // A batch that dies before its commit leaves nothing behind.
  await db
    .transaction(async (trx) => {
      expect(await stopExpiredPublicity(trx, { today, limit: 50 })).toHaveLength(50);
      throw new Error('worker killed');
    })
    .catch(() => undefined);
  expect(await stopped()).toBe(0);

  // A workflow terminated after its first batches.
  const handle = await sweep({ today, batchSize: 4, batchesPerRun: 20 });
  while ((await stopped()) < 20) await new Promise((r) => setTimeout(r, 5));
  await handle.terminate('killed midway');
  const atKill = await stopped();
  expect(atKill).toBeLessThan(ids.length);

  // Run again, and alongside it a second sweep of the same day: rows one holds, the other skips.
  const agencies = await agencyCount();
  const [a, b] = await Promise.all([(await sweep({ today, batchSize: 7 })).result(), (await sweep({ today, batchSize: 9 })).result()]);
  expect(a.publicity + b.publicity).toBeGreaterThanOrEqual(ids.length - atKill);
  expect(await stopped()).toBe(ids.length);

  const history = await db('credit_record_history').whereIn('record_id', ids).groupBy('record_id').select('record_id').count<{ count: number }[]>('* as count');
  expect(history).toHaveLength(ids.length);
  expect(history.every((h) => Number(h.count) === 1)).toBe(true);
  expect(Number((await db('audit_events').whereIn('record_id', ids).count<{ n: number }[]>('* as n'))[0].n)).toBe(ids.length);
  const notices = await db('agency_notices').whereIn('record_id', ids).groupBy('agency_id').select('agency_id').count<{ count: number }[]>('* as count');
  expect(notices).toHaveLength(agencies);
  expect(notices.every((n) => Number(n.count) === ids.length)).toBe(true);

  // The activity itself, called again for the day: nothing left.
  expect(await createExpiryActivities({ db }).sweepBatch({ today, kind: 'publicity', batchSize: 100 })).toBe(0);
});

test('an agency lists its own notices and acknowledges only its own; unacknowledged ones past due are overdue', async () => {
  const page1 = await agencyNoticesOf(db, agencyA, { limit: 3 });
  expect(page1.items).toHaveLength(3);
  expect(page1.items.every((n) => n.agencyId === agencyA)).toBe(true);
  expect(page1.items[0].subject.identifier).toMatch(/^[0-9A-Z]{18}$/);
  const page2 = await agencyNoticesOf(db, agencyA, { limit: 3, cursor: page1.nextCursor! });
  expect(Number(page2.items[0].id)).toBeGreaterThan(Number(page1.items[2].id));

  const notice = page1.items[0];
  // The sweeps ran for days long past: every notice from them is overdue already.
  expect(notice.overdue).toBe(true);
  // Supervision lists it as the comprehensive department's overdue item.
  const overdue = () => supervisionItems(db, { type: 'agency_notice', limit: 100_000 });
  expect((await overdue()).find((o) => o.case_id === `agency-notice-${notice.id}`)).toMatchObject({
    type: 'agency_notice', department: 'credit-comprehensive', handler: agencyA, state: 'overdue',
  });
  expect(await supervisionItems(db, { department: 'tax', type: 'agency_notice', limit: 10 })).toEqual([]);

  expect(await acknowledgeAgencyNotice(db, { agencyId: agencyB, noticeId: notice.id, by: 'agency-b-user' })).toEqual({ outcome: 'not_found' });
  expect(await acknowledgeAgencyNotice(db, { agencyId: agencyA, noticeId: 'not-a-number', by: 'x' })).toEqual({ outcome: 'not_found' });
  const ack = await acknowledgeAgencyNotice(db, { agencyId: agencyA, noticeId: notice.id, by: 'agency-a-user' });
  expect(ack.outcome).toBe('acknowledged');
  expect((await acknowledgeAgencyNotice(db, { agencyId: agencyA, noticeId: notice.id, by: 'agency-a-user' })).outcome).toBe('already_acknowledged');
  expect((await overdue()).find((o) => o.case_id === `agency-notice-${notice.id}`)).toBeUndefined();
  expect(await db('audit_events').where({ key: `agency-notice-${notice.id}:acknowledged` })).toHaveLength(1);

  const open = await agencyNoticesOf(db, agencyA, { limit: 500, unacknowledgedOnly: true });
  expect(open.items.find((n) => n.id === notice.id)).toBeUndefined();
});

test('the overdue list pages through deadlines and agency notices alike, each once and in due order', async () => {
  // Other files' cases come and go meanwhile: the walk checks order and uniqueness, and finds this file's notices.
  const seen: Awaited<ReturnType<typeof supervisionItems>> = [];
  for (let after: { dueAt: string; caseId: string; deadlineId: string } | undefined; ; ) {
    const page = await supervisionItems(db, { limit: 25, after });
    seen.push(...page);
    if (page.length < 25) break;
    const last = page[page.length - 1];
    after = { dueAt: last.due_at.toISOString(), caseId: last.case_id, deadlineId: last.deadline_id };
  }
  const key = (r: (typeof seen)[number]) => [r.due_at.getTime(), r.case_id, r.deadline_id] as const;
  const inOrder = seen.every((r, i) => {
    if (i === 0) return true;
    const [a, b] = [key(seen[i - 1]), key(r)];
    return a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])));
  });
  expect(inOrder).toBe(true);
  const ours = await db('agency_notices').whereIn('agency_id', [agencyA, agencyB]).whereNull('acknowledged_at').where('due_at', '<', db.fn.now()).pluck('id');
  expect(ours.length).toBeGreaterThan(25);
  const listed = seen.filter((r) => r.type === 'agency_notice' && [agencyA, agencyB].includes(r.handler!)).map((r) => r.case_id);
  expect(listed.sort()).toEqual(ours.map((id) => `agency-notice-${id}`).sort());
  // A department's supervisor pages its deadlines alone.
  const tax = await supervisionItems(db, { department: 'tax', state: 'overdue', limit: 3, after: { dueAt: '1970-01-01T00:00:00.000Z', caseId: '', deadlineId: '' } });
  expect(tax.every((r) => r.department === 'tax' && r.state === 'overdue')).toBe(true);
});

test('every other stop notifies the agencies too: a list entry removed by its case, a revoked basis', async () => {
  const org = await registerOrganisation(db);
  const person = await registerPerson(db, '孙八');
  const agencies = await agencyCount();
  const entry = await listEntry(org.id, '2027-01-01', { markOn: person.id });
  const inclusion = createInclusionActivities({ db });
  await inclusion.removeListEntry({ caseId: entry.caseId, removedOn: '2026-03-02', reason: 'credit_repair', actor: 'officer-li' });
  await inclusion.removeListEntry({ caseId: entry.caseId, removedOn: '2026-03-02', reason: 'credit_repair', actor: 'officer-li' });
  const removalNotices = await db('agency_notices').whereIn('record_id', [entry.recordId, entry.markId!]);
  expect(removalNotices).toHaveLength(2 * agencies);
  expect(removalNotices.every((n) => n.reason === 'repaired' && n.case_id === entry.caseId && n.effective_on === '2026-03-02')).toBe(true);

  const recordId = await insertDishonestRecord(db, org.id, { effectiveOn: '2025-01-10' });
  const revocation = { caseId: `revocation-${randomUUID()}`, recordId, change: 'revoked' as const, document: { number: '宁行复〔2026〕7号', effectiveOn: '2026-02-01' }, actor: 'officer-comprehensive', role: 'officer' };
  await createRevocationActivities({ db }).applyRevocation(revocation);
  await createRevocationActivities({ db }).applyRevocation(revocation);
  const revoked = await db('agency_notices').where({ record_id: recordId });
  expect(revoked).toHaveLength(agencies);
  expect(revoked.every((n) => n.reason === 'revoked' && n.case_id === revocation.caseId)).toBe(true);
});

test('the daily schedule is created once, whoever starts first, and starts the sweep', async () => {
  const scheduleId = `expiry-sweep-test-${randomUUID()}`;
  expect(await ensureExpirySchedule(client, { taskQueue, scheduleId, input: { today: '2000-01-01' } })).toBe('created');
  expect(await ensureExpirySchedule(client, { taskQueue, scheduleId })).toBe('existing');
  const schedule = client.schedule.getHandle(scheduleId);
  try {
    const described = await schedule.describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'expirySweep', taskQueue });
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 0, end: 0, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(described.policies.overlap).toBe('SKIP');

    await schedule.trigger();
    let workflowId: string | undefined;
    for (let i = 0; i < 100 && !workflowId; i++) {
      workflowId = (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId;
      if (!workflowId) await new Promise((r) => setTimeout(r, 100));
    }
    expect(workflowId).toMatch(new RegExp(`^${scheduleId}`));
    expect(await client.workflow.getHandle(workflowId!).result()).toEqual({ list_term: 0, publicity: 0, retention: 0 });
  } finally {
    await schedule.delete();
  }
});

/**
 * Credit repair under the time-skipping test server (DOMAIN.md §4.4; JS Art 66, 67): the minimum publicity period
 * really elapses, the decision deadline reminds and escalates, and a granted repair removes a list entry early
 * through its inclusion case. Real PostgreSQL, real activities.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../db/knex';
import { loadRepairCandidate } from '../db/stores/repairs';
import { currentTimeLimits } from '../db/stores/time-limits';
import { addMonths, addWorkingDays, addYears, shanghaiDate } from '../shared/calendar';
import type { Actor, CaseView } from '../shared/cases';
import { decideRepairUpdate, extendRepairUpdate, repairRefusal } from '../shared/repair';
import { loadCalendarSnapshot } from '../db/stores/calendar';
import { listedInclusionCase, officer, refusalOf, subjectActor, supervisor, until } from './helpers/cases';
import { registerOrganisation, registerPerson } from './helpers/fixtures';
import { applyForRepair, insertDishonestRecord, registerAgency } from './helpers/repairs';
import { recordHistoryIfAsked, withTimeSkippingWorker } from './helpers/temporal';

let env: TestWorkflowEnvironment;
let db: Db;
let taskQueue: string;
withTimeSkippingWorker(async (ctx) => {
  ({ env, db, taskQueue } = ctx);
  // Two registered credit service agencies receive stop-use notices (JS Art 67).
  await registerAgency(db, '南京诚信征信服务有限公司');
  await registerAgency(db, '江苏某某信用评级有限公司');
});

const today = async () => shanghaiDate(await env.currentTimeMs());
const apply = async (subjectId: string, recordId: string) => applyForRepair({ db, client: env.client, taskQueue }, { subjectId, recordId, today: await today() });
const caseOf = (result: Awaited<ReturnType<typeof apply>>) => {
  if (!('caseId' in result)) throw new Error(`refused: ${result.refusal}`);
  return env.client.workflow.getHandle(result.caseId);
};
const agencyCount = async () => Number((await db('agencies').count<{ n: number }[]>('* as n'))[0].n);

test('refused before the minimum publicity period of a general record, granted after it: publicity stops, agencies are told, a decision is issued', async () => {
  const org = await registerOrganisation(db);
  const effectiveOn = await today();
  const recordId = await insertDishonestRecord(db, org.id, { severity: 'general', effectiveOn });
  const minimumEnd = addMonths(effectiveOn, 3);

  // Before the minimum period ends: refused, nothing started.
  expect(await apply(org.id, recordId)).toEqual({ refusal: 'minimum_publicity_not_elapsed' });
  expect(await db('cases').where({ record_id: recordId })).toHaveLength(0);
  // On its last day still refused; from the day after, possible.
  const { limits } = await currentTimeLimits(db);
  const candidate = (await loadRepairCandidate(db, recordId))!;
  expect(repairRefusal(candidate.record, org.id, minimumEnd, limits)?.code).toBe('minimum_publicity_not_elapsed');
  expect(repairRefusal(candidate.record, org.id, addMonths(effectiveOn, 4), limits)).toBeUndefined();
  // Someone else's record.
  const other = await registerOrganisation(db, '南京另一家公司');
  expect(await apply(other.id, recordId)).toEqual({ refusal: 'record_not_subjects' });

  await env.sleep(Date.parse(`${minimumEnd}T00:00:00+08:00`) + 86_400_000 + 3_600_000 - (await env.currentTimeMs()));
  const handle = caseOf(await apply(org.id, recordId));
  let c = await until(handle, (x) => x.status === 'awaiting_decision' && x.deadlines.length === 1);
  expect(c.deadlines[0]).toMatchObject({ kind: 'repair_decision', rule: 'repair.decisionWorkingDays', workingDays: 3, escalates: true, state: 'pending' });
  expect(c.allowedActions.officer).toEqual(['decide']);
  expect(c.department).toBe('market-regulation');
  // One open repair per record.
  expect(await apply(org.id, recordId)).toEqual({ refusal: 'repair_already_open' });

  // Only an officer or supervisor of the identifying department decides.
  const taxOfficer = { id: 'officer-tax', role: 'officer', department: 'tax' } as const;
  expect(await refusalOf(handle.executeUpdate(decideRepairUpdate, { args: [{ actor: taxOfficer, outcome: 'granted', reasons: 'x' }] }))).toBe('forbidden_department');
  expect(await refusalOf(handle.executeUpdate(decideRepairUpdate, { args: [{ actor: subjectActor(org.id), outcome: 'granted', reasons: 'x' }] }))).toBe('forbidden');

  const agencies = await agencyCount();
  c = await handle.executeUpdate(decideRepairUpdate, { args: [{ actor: officer, outcome: 'granted', reasons: '当事人已履行行政处罚决定并完成整改，作出信用承诺' }] });
  expect(c.status).toBe('granted');
  expect(c.documents.map((d) => d.kind)).toEqual(['repair_decision']);
  expect(c.deadlines[0].state).toBe('met');
  expect(c.allowedActions).toEqual({ officer: [], supervisor: [], subject: [] });
  await handle.result();
  await recordHistoryIfAsked(handle, 'repair-granted');

  // Time skips on once the case is done: the day it stopped is the one the case recorded.
  const stoppedOn = (c.details as { publicityStoppedOn: string }).publicityStoppedOn;
  expect(c.events.at(-1)!.at.slice(0, 10)).toBe(stoppedOn);
  const record = await db('credit_records').where({ id: recordId }).first();
  expect(record).toMatchObject({ state: 'publicity_stopped', publicity_end: stoppedOn });
  const history = await db('credit_record_history').where({ record_id: recordId });
  expect(history).toHaveLength(1);
  expect(history[0]).toMatchObject({ change: 'publicity_stopped', case_id: handle.workflowId, actor: officer.id });
  const notices = await db('agency_notices').where({ record_id: recordId });
  expect(notices).toHaveLength(agencies);
  expect(notices.every((n) => n.reason === 'repaired' && n.case_id === handle.workflowId && n.acknowledged_at === null)).toBe(true);
  expect(new Set(notices.map((n) => n.agency_id)).size).toBe(agencies);
  const audit = await db('audit_events').where({ record_id: recordId }).pluck('action');
  expect(audit).toEqual(expect.arrayContaining(['repair.applied', 'repair.decided', 'credit_record.publicity_stopped']));
  const doc = await db('documents').where({ case_id: handle.workflowId, kind: 'repair_decision' }).first();
  expect(doc.size).toBeGreaterThan(1000);

  // A stopped record is no longer publicised: a second application is refused.
  expect(await apply(org.id, recordId)).toEqual({ refusal: 'record_not_publicised' });
});

test('a minor record is repairable at once; a refused repair is a decision with reasons and changes nothing', async () => {
  const org = await registerOrganisation(db);
  const recordId = await insertDishonestRecord(db, org.id, { severity: 'minor', effectiveOn: await today() });
  const handle = caseOf(await apply(org.id, recordId));
  await until(handle, (x) => x.status === 'awaiting_decision');
  expect(await refusalOf(handle.executeUpdate(decideRepairUpdate, { args: [{ actor: officer, outcome: 'refused', reasons: ' ' }] }))).toBe('reasons_required');
  const c = await handle.executeUpdate(decideRepairUpdate, { args: [{ actor: supervisor, outcome: 'refused', reasons: '申请材料不能证明已履行法定义务' }] });
  expect(c.status).toBe('refused');
  expect(c.documents.map((d) => d.kind)).toEqual(['repair_decision']);
  expect((await db('credit_records').where({ id: recordId }).first()).state).toBe('active');
  expect(await db('agency_notices').where({ record_id: recordId })).toHaveLength(0);
  // The refused case is closed: the subject may apply again.
  expect('caseId' in (await apply(org.id, recordId))).toBe(true);

  // Other refusals before start.
  const good = await insertDishonestRecord(db, org.id, { category: 'good', effectiveOn: await today() });
  expect(await apply(org.id, good)).toEqual({ refusal: 'record_not_dishonest' });
  const revoked = await insertDishonestRecord(db, org.id, { effectiveOn: '2024-01-10', state: 'revoked' });
  expect(await apply(org.id, revoked)).toEqual({ refusal: 'record_not_publicised' });
});

test('a granted repair of a listed subject removes the list entry early through the inclusion case and notifies agencies', async () => {
  const person = await registerPerson(db, '赵六');
  const org = await registerOrganisation(db, '南京某某食品有限公司', [{ role: 'legal_representative', subjectId: person.id }]);
  const { handle: inclusion, entry } = await listedInclusionCase({ client: env.client, taskQueue, db }, org, [{ personId: person.id, role: 'legal_representative' }]);
  const mark = await db('credit_records').where({ marks_record_id: entry.record_id }).first();

  // Early removal by repair only after a year on the list.
  expect(await apply(org.id, entry.record_id)).toEqual({ refusal: 'minimum_publicity_not_elapsed' });
  await env.sleep(Date.parse(`${addYears(entry.included_on, 1)}T00:00:00+08:00`) + 86_400_000 + 3_600_000 - (await env.currentTimeMs()));

  const handle = caseOf(await apply(org.id, entry.record_id));
  await until(handle, (x) => x.status === 'awaiting_decision');
  const agencies = await agencyCount();
  const c = await handle.executeUpdate(decideRepairUpdate, { args: [{ actor: officer, outcome: 'granted', reasons: '已消除不良影响，列入满一年，同意提前移出' }] });
  expect(c.status).toBe('granted');

  // The inclusion case removes its own entry, with its removal notice.
  const removed: CaseView = await until(inclusion, (x) => x.status === 'removed');
  expect(removed.documents.map((d) => d.kind)).toContain('removal_notice');
  await inclusion.result();
  const removedOn = (removed.details as { removal: { on: string } }).removal.on;
  expect(removedOn).toBe((c.details as { publicityStoppedOn: string }).publicityStoppedOn);
  expect(await db('list_entries').where({ id: entry.id }).first()).toMatchObject({ removed_on: removedOn, removal_reason: 'credit_repair' });
  expect((await db('credit_records').where({ id: entry.record_id }).first()).state).toBe('publicity_stopped');
  expect((await db('credit_records').where({ id: mark.id }).first()).state).toBe('publicity_stopped');

  // Every registered agency is told to stop using the record, and the responsible person's mark with it.
  const notices = await db('agency_notices').whereIn('record_id', [entry.record_id, mark.id]).orderBy('record_id');
  expect(notices).toHaveLength(2 * agencies);
  expect(notices.every((n) => n.reason === 'repaired')).toBe(true);
  const decision = await db('documents').where({ case_id: handle.workflowId, kind: 'repair_decision' }).first();
  expect(decision).toMatchObject({ subject_id: org.id, kind: 'repair_decision', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
});

test('a decision not taken in 3 working days reminds, then escalates to the department’s supervisors, and the case still ends with it', async () => {
  const org = await registerOrganisation(db);
  const recordId = await insertDishonestRecord(db, org.id, { severity: 'minor', effectiveOn: await today(), department: 'tax' });
  const handle = caseOf(await apply(org.id, recordId));
  let c = await until(handle, (x) => x.deadlines.length === 1);
  const deadline = c.deadlines[0];
  expect(c.department).toBe('tax');

  await env.sleep(Date.parse(deadline.remindAt!) - (await env.currentTimeMs()) + 60_000);
  c = await until(handle, (x) => x.deadlines[0].state === 'due_soon');
  // Reminded when the timer set for the reminder fired (within the second: a timer fires on the server's tick).
  const remindedLate = Date.parse(c.deadlines[0].remindedAt!) - Date.parse(deadline.remindAt!);
  expect(remindedLate).toBeGreaterThanOrEqual(0);
  expect(remindedLate).toBeLessThan(1000);
  expect(await db('notifications').where({ case_id: handle.workflowId, kind: 'deadline_reminder' })).toHaveLength(1);

  await env.sleep(Date.parse(deadline.dueAt) - (await env.currentTimeMs()) + 60_000);
  c = await until(handle, (x) => x.deadlines[0].state === 'overdue');
  expect(c.status).toBe('awaiting_decision');
  expect(await db('escalations').where({ case_id: handle.workflowId, deadline_id: 'repair_decision' }).first()).toMatchObject({ department: 'tax', case_type: 'repair', resolved_at: null });
  expect(await db('notifications').where({ case_id: handle.workflowId, kind: 'deadline_overdue', recipient_department: 'tax' })).toHaveLength(1);

  const taxOfficer = { id: 'officer-zhou', role: 'officer', department: 'tax' } as const;
  c = await handle.executeUpdate(decideRepairUpdate, { args: [{ actor: taxOfficer, outcome: 'granted', reasons: '已补缴税款及滞纳金' }] });
  expect(c.deadlines[0].state).toBe('met');
  await handle.result();
  expect((await db('escalations').where({ case_id: handle.workflowId }).first()).resolved_at).not.toBeNull();
});

test('a complex case: a supervisor of the department extends the decision period once, within the limit', async () => {
  const org = await registerOrganisation(db);
  const recordId = await insertDishonestRecord(db, org.id, { severity: 'minor', effectiveOn: await today(), department: 'tax' });
  const handle = caseOf(await apply(org.id, recordId));
  const c = await until(handle, (x) => x.deadlines.length === 1);
  expect(c.allowedActions.supervisor).toEqual(['decide', 'extend']);
  const taxSupervisor: Actor = { id: 'supervisor-qian', role: 'supervisor', department: 'tax' };
  const extend = (actor: Actor, workingDays: number) => handle.executeUpdate(extendRepairUpdate, { args: [{ actor, workingDays, reason: '需向外省核实履行情况' }] });

  expect(await refusalOf(extend({ ...taxSupervisor, role: 'officer' as never }, 2))).toBe('forbidden');
  expect(await refusalOf(extend({ ...taxSupervisor, department: 'transport' }, 2))).toBe('forbidden_department');
  expect(await refusalOf(extend(taxSupervisor, 6))).toBe('extension_too_long');
  const extended = await extend(taxSupervisor, 2);
  const calendar = await loadCalendarSnapshot(db);
  expect(extended.deadlines[0].dueDate).toBe(addWorkingDays(c.deadlines[0].startDate, 3 + 2, calendar));
  expect(extended.deadlines[0].moves[0].reason).toMatch(/extended by 2 working day/);
  expect(extended.allowedActions.supervisor).toEqual(['decide']);
  expect(await refusalOf(extend(taxSupervisor, 1))).toBe('extension_already_granted');
});

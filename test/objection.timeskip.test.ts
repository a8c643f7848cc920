/**
 * The objection process under the time-skipping test server: acceptance and verification deadlines really elapse
 * (working days, holidays), against real PostgreSQL and real activities.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import { loadCalendarSnapshot } from '../db/stores/calendar';
import { calendarChangedSignal } from '../shared/case-messages';
import type { Actor, CaseView } from '../shared/cases';
import { addWorkingDays, shanghaiDate, workingDaysBetween } from '../shared/calendar';
import {
  type ObjectionInput,
  acceptObjectionUpdate,
  extendObjectionUpdate,
  objectionResultUpdate,
  resumeObjectionUpdate,
  suspendObjectionUpdate,
} from '../shared/objection';
import { eventually, listedInclusionCase, officer, refusalOf, startObjection, subjectActor, supervisor, until } from './helpers/cases';
import { objectionInput, registerOrganisation, registerPerson } from './helpers/fixtures';
import { insertCreditRecord } from './helpers/records';
import { recordHistoryIfAsked, withTimeSkippingWorker } from './helpers/temporal';

let env: TestWorkflowEnvironment;
let db: Db;
let taskQueue: string;
withTimeSkippingWorker((ctx) => {
  ({ env, db, taskQueue } = ctx);
});

const taxOfficer: Actor = { id: 'officer-zhao', role: 'officer', department: 'tax' };
const deadline = (c: CaseView, id: string) => c.deadlines.find((d) => d.id === id)!;

/** An organisation, one of its records (market-regulation's), and an objection to it, started and registered. */
async function objectToRecord(overrides: Partial<ObjectionInput> = {}) {
  const org = await registerOrganisation(db);
  const record = await insertCreditRecord(db, org.id);
  const input = objectionInput(org, record, overrides);
  const startedAt = await env.currentTimeMs();
  const { handle, c } = await startObjection({ client: env.client, taskQueue }, input);
  return { org, record, input, handle, c, startedAt };
}

async function acceptedObjection() {
  const o = await objectToRecord();
  const c = await o.handle.executeUpdate(acceptObjectionUpdate, { args: [{ actor: officer, accepted: true }] });
  return { ...o, c, verification: deadline(c, 'verification') };
}

test('accepted and corrected in time: the record is marked, then corrected, its old content kept in its history', async () => {
  const { record, handle, c: registered, startedAt } = await objectToRecord();
  const calendar = await loadCalendarSnapshot(db);
  const acceptance = deadline(registered, 'acceptance');
  expect(acceptance).toMatchObject({ kind: 'objection_acceptance', rule: 'objection.acceptanceWorkingDays', workingDays: 2, escalates: true, state: 'pending' });
  expect(acceptance.dueDate).toBe(addWorkingDays(shanghaiDate(startedAt), 2, calendar));
  // JS Art 64: marked, still disclosed.
  expect((await db('credit_records').where({ id: record.id }).first()).state).toBe('under_objection');
  expect(registered.allowedActions.officer).toEqual(['accept', 'suspend']);

  // Only the providing department handles it, and a subject cannot accept its own objection.
  expect(await refusalOf(handle.executeUpdate(acceptObjectionUpdate, { args: [{ actor: taxOfficer, accepted: true }] }))).toBe('forbidden_department');
  expect(await refusalOf(handle.executeUpdate(acceptObjectionUpdate, { args: [{ actor: subjectActor('x'), accepted: true }] }))).toBe('forbidden');
  expect(await refusalOf(handle.executeUpdate(objectionResultUpdate, { args: [{ actor: officer, outcome: 'upheld', reasons: '过早' }] }))).toBe('case_not_in_state');

  await env.sleep(86_400_000);
  let c = await handle.executeUpdate(acceptObjectionUpdate, { args: [{ actor: officer, accepted: true }] });
  expect(c.status).toBe('verifying');
  expect(deadline(c, 'acceptance').state).toBe('met');
  const verification = deadline(c, 'verification');
  expect(verification).toMatchObject({ kind: 'objection_verification', rule: 'objection.verificationWorkingDays', workingDays: 10, state: 'pending', handler: officer.id });
  expect(verification.dueDate).toBe(addWorkingDays(shanghaiDate(await env.currentTimeMs()), 10, calendar));

  await env.sleep(3 * 86_400_000);
  expect(await refusalOf(handle.executeUpdate(objectionResultUpdate, { args: [{ actor: officer, outcome: 'corrected', reasons: '经核实' }] }))).toBe('corrected_content_required');
  const corrected = '未按规定公示年度报告，被处以罚款人民币三千元';
  c = await handle.executeUpdate(objectionResultUpdate, { args: [{ actor: officer, outcome: 'corrected', correctedContent: corrected, reasons: '经核实，罚款金额记载错误，予以更正' }] });
  expect(c.status).toBe('corrected');
  expect(deadline(c, 'verification').state).toBe('met');
  expect(c.documents.map((d) => d.kind)).toEqual(['objection_reply']);
  expect(c.allowedActions).toEqual({ officer: [], supervisor: [], subject: [] });
  await handle.result();
  await recordHistoryIfAsked(handle, 'objection-corrected');

  const after = await db('credit_records').where({ id: record.id }).first();
  expect(after).toMatchObject({ state: 'corrected', content: corrected });
  const history = await db('credit_record_history').where({ record_id: record.id }).orderBy('id');
  expect(history.map((h) => h.change)).toEqual(['under_objection', 'objection_corrected']);
  expect(history[0].before).toEqual({ state: 'active', content: record.content });
  expect(history[1].before).toMatchObject({ content: record.content });
  expect(history[1].after).toEqual({ state: 'corrected', content: corrected });
  const reply = await db('documents').where({ case_id: handle.workflowId, kind: 'objection_reply' }).first();
  expect(reply.sha256).toBe(c.documents[0].sha256);
  expect(await db('escalations').where({ case_id: handle.workflowId })).toHaveLength(0);
  const audit = await db('audit_events').where({ case_id: handle.workflowId }).pluck('action');
  expect(audit).toEqual(expect.arrayContaining(['objection.submitted', 'objection.accepted', 'objection.result_given', 'credit_record.under_objection', 'credit_record.objection_corrected']));
  expect((await db('cases').where({ id: handle.workflowId }).first()).open).toBe(false);
});

test('refused as inadmissible: a reply with the reasons, and the mark is lifted', async () => {
  const { record, handle } = await objectToRecord();
  expect(await refusalOf(handle.executeUpdate(acceptObjectionUpdate, { args: [{ actor: officer, accepted: false }] }))).toBe('reasons_required');
  const c = await handle.executeUpdate(acceptObjectionUpdate, { args: [{ actor: officer, accepted: false, reasons: '异议事项不属于本机关提供的信用信息' }] });
  expect(c.status).toBe('refused');
  expect(c.documents.map((d) => d.kind)).toEqual(['objection_reply']);
  expect(c.deadlines.map((d) => [d.id, d.state])).toEqual([['acceptance', 'met']]);
  await handle.result();
  expect((await db('credit_records').where({ id: record.id }).first()).state).toBe('active');
});

test('verification overdue: a reminder, then an escalation supervisors see; the objection is still resolved afterwards', async () => {
  const { record, handle, verification } = await acceptedObjection();
  await env.sleep(Date.parse(verification.remindAt!) - (await env.currentTimeMs()) + 60_000);
  await until(handle, (x) => deadline(x, 'verification').state === 'due_soon');
  await eventually(async () => expect(await db('notifications').where({ case_id: handle.workflowId, kind: 'deadline_reminder' })).toHaveLength(1));

  await env.sleep(Date.parse(verification.dueAt) - (await env.currentTimeMs()) + 60_000);
  let c = await until(handle, (x) => deadline(x, 'verification').state === 'overdue');
  expect(c.status).toBe('verifying');
  expect(c.events.map((e) => e.action)).toContain('deadline_overdue');
  await eventually(async () => {
    const escalation = await db('escalations').where({ case_id: handle.workflowId, deadline_id: 'verification' }).first();
    expect(escalation).toMatchObject({ case_type: 'objection', department: 'market-regulation', handler: officer.id, resolved_at: null });
    expect(new Date(escalation.due_at).getTime()).toBe(Date.parse(verification.dueAt));
    expect(await db('notifications').where({ case_id: handle.workflowId, kind: 'deadline_overdue', recipient_role: 'supervisor' })).toHaveLength(1);
    expect((await db('case_deadlines').where({ case_id: handle.workflowId, deadline_id: 'verification' }).first()).state).toBe('overdue');
  });

  // A week later the department answers: the case ends, the escalation is resolved.
  await env.sleep(7 * 86_400_000);
  c = await handle.executeUpdate(objectionResultUpdate, { args: [{ actor: officer, outcome: 'upheld', reasons: '经核实，记载无误' }] });
  expect(c.status).toBe('upheld');
  await handle.result();
  expect((await db('escalations').where({ case_id: handle.workflowId }).first()).resolved_at).not.toBeNull();
  expect((await db('credit_records').where({ id: record.id }).first())).toMatchObject({ state: 'active', content: record.content });
});

test('extension: once, by a supervisor, at most the configured working days', async () => {
  const { handle, verification } = await acceptedObjection();
  const calendar = await loadCalendarSnapshot(db);
  const extendBy = (actor: Actor, workingDays: number) => handle.executeUpdate(extendObjectionUpdate, { args: [{ actor, workingDays, reason: '需向处罚决定机关调取案卷核实' }] });

  expect(await refusalOf(extendBy(officer, 5))).toBe('forbidden');
  expect(await refusalOf(extendBy({ ...supervisor, department: 'tax' }, 5))).toBe('forbidden_department');
  expect(await refusalOf(extendBy(supervisor, 11))).toBe('extension_too_long');
  expect(await refusalOf(extendBy(supervisor, 0))).toBe('invalid_extension');

  const c = await extendBy(supervisor, 5);
  const extended = deadline(c, 'verification');
  expect(extended.extension).toMatchObject({ workingDays: 5, by: supervisor.id });
  expect(extended.dueDate).toBe(addWorkingDays(verification.startDate, 15, calendar));
  expect(extended.moves).toEqual([expect.objectContaining({ fromDueDate: verification.dueDate, toDueDate: extended.dueDate, reason: expect.stringContaining('extended by 5') })]);
  expect(c.allowedActions.supervisor).not.toContain('extend');
  expect(await refusalOf(extendBy(supervisor, 1))).toBe('extension_already_granted');

  // The extended deadline is the one that is watched: nothing is overdue at the original due date.
  await env.sleep(Date.parse(verification.dueAt) - (await env.currentTimeMs()) + 60_000);
  expect(deadline(await until(handle, () => true), 'verification').state).not.toBe('overdue');
  await handle.executeUpdate(objectionResultUpdate, { args: [{ actor: officer, outcome: 'deleted', reasons: '经核实，该信息不应归集' }] });
  await handle.result();
});

test('suspension and resumption move the due date by exactly the suspended working days', async () => {
  const { handle, verification } = await acceptedObjection();
  await env.sleep(2 * 86_400_000);
  let c = await handle.executeUpdate(suspendObjectionUpdate, { args: [{ actor: officer, reason: '等待鉴定意见' }] });
  expect(deadline(c, 'verification').state).toBe('suspended');
  expect(c.allowedActions.officer).toEqual(['result', 'resume']);
  expect(await refusalOf(handle.executeUpdate(suspendObjectionUpdate, { args: [{ actor: officer, reason: 'again' }] }))).toBe('already_suspended');
  const suspendedAt = Date.parse(deadline(c, 'verification').suspendedSince!.at);

  // Past the original due date: a suspended period neither reminds nor escalates.
  await env.sleep(Date.parse(verification.dueAt) - (await env.currentTimeMs()) + 3 * 86_400_000);
  c = await until(handle, () => true);
  expect(deadline(c, 'verification').state).toBe('suspended');
  expect(await db('escalations').where({ case_id: handle.workflowId })).toHaveLength(0);
  expect(await db('notifications').where({ case_id: handle.workflowId })).toHaveLength(0);

  c = await handle.executeUpdate(resumeObjectionUpdate, { args: [{ actor: officer, reason: '鉴定意见已出具' }] });
  const resumedAt = Date.parse(c.events[c.events.length - 1].at);
  const calendar = await loadCalendarSnapshot(db);
  const suspendedDays = workingDaysBetween(shanghaiDate(suspendedAt), shanghaiDate(resumedAt), calendar);
  expect(suspendedDays).toBeGreaterThan(5);
  const resumed = deadline(c, 'verification');
  expect(resumed).toMatchObject({ state: 'pending', suspendedWorkingDays: suspendedDays });
  expect(resumed.dueDate).toBe(addWorkingDays(verification.startDate, 10 + suspendedDays, calendar));
  expect(resumed.moves[resumed.moves.length - 1]).toMatchObject({ fromDueDate: verification.dueDate, toDueDate: resumed.dueDate });
  expect(await refusalOf(handle.executeUpdate(resumeObjectionUpdate, { args: [{ actor: officer, reason: 'again' }] }))).toBe('not_suspended');

  await handle.executeUpdate(objectionResultUpdate, { args: [{ actor: officer, outcome: 'upheld', reasons: '经核实，记载无误' }] });
  await handle.result();
});

test('a holiday added mid-case moves the due date, and the case shows why', async () => {
  const { handle, verification } = await acceptedObjection();
  let calendar = await loadCalendarSnapshot(db);
  // A plain working day inside the period becomes a day off, as a supervisor would mark it.
  let n = 3;
  let holiday = addWorkingDays(verification.startDate, n, calendar);
  while (holiday in calendar.overrides) holiday = addWorkingDays(verification.startDate, ++n, calendar);
  expect(holiday < verification.dueDate).toBe(true);

  const [{ version }] = await db('calendar_versions').insert({ change: `${holiday} marked a day off`, actor: supervisor.id }).returning('version');
  try {
    await db('calendar_days').insert({ date: holiday, workday: false, note: '临时调整休假', source: 'supervisor', version, updated_by: supervisor.id });
    calendar = await loadCalendarSnapshot(db);
    expect(calendar.version).toBe(version);
    await handle.signal(calendarChangedSignal, calendar);
    const c = await until(handle, (x) => deadline(x, 'verification').dueDate !== verification.dueDate);
    const moved = deadline(c, 'verification');
    expect(moved.dueDate).toBe(addWorkingDays(verification.startDate, 10, calendar));
    expect(moved.dueDate).toBe(addWorkingDays(verification.dueDate, 1, calendar));
    expect(moved.calendarVersion).toBe(version);
    expect(moved.moves).toEqual([{ at: expect.any(String), reason: `calendar changed (version ${version})`, fromDueDate: verification.dueDate, toDueDate: moved.dueDate }]);
    expect(c.events[c.events.length - 1]).toMatchObject({ action: 'calendar_applied', details: { version, moved: ['verification'] } });
    // The acceptance deadline was met before: it does not move.
    expect(deadline(c, 'acceptance').moves).toEqual([]);
    await eventually(async () => {
      const projected = await db('case_deadlines').where({ case_id: handle.workflowId, deadline_id: 'verification' }).first();
      expect(new Date(projected.due_at).getTime()).toBe(Date.parse(moved.dueAt));
    });
  } finally {
    // The calendar is shared by the test run: put the day back.
    await db('calendar_days').where({ date: holiday }).delete();
    await db('calendar_versions').insert({ change: `${holiday} restored`, actor: supervisor.id });
  }
  await handle.executeUpdate(objectionResultUpdate, { args: [{ actor: officer, outcome: 'upheld', reasons: '经核实，记载无误' }] });
  await handle.result();
});

test('a deleted record takes the marks on its responsible persons with it', async () => {
  const person = await registerPerson(db, '赵六');
  const { record, handle } = await acceptedObjection();
  const mark = await insertCreditRecord(db, person.id, { marksRecordId: record.id });
  await handle.executeUpdate(objectionResultUpdate, { args: [{ actor: officer, outcome: 'deleted', reasons: '经核实，该信息依法不应归集' }] });
  await handle.result();
  expect((await db('credit_records').where({ id: record.id }).first()).state).toBe('deleted');
  expect((await db('credit_records').where({ id: mark.id }).first()).state).toBe('deleted');
});

test('deleting the record a list entry rests on takes the entry off the list, and agencies are told', async () => {
  await db('agencies').insert({ id: randomUUID(), name: '南京某某征信有限公司', uscc: `OBJ${randomUUID().slice(0, 8)}` });
  const org = await registerOrganisation(db);
  const { handle: inclusion, entry } = await listedInclusionCase({ client: env.client, taskQueue, db }, org);
  const record = await db('credit_records').where({ id: entry.record_id }).first();
  const { handle } = await startObjection({ client: env.client, taskQueue }, objectionInput(org, record, { reasons: '据以列入的处罚决定认定的主体错误' }));
  await handle.executeUpdate(acceptObjectionUpdate, { args: [{ actor: officer, accepted: true }] });
  await handle.executeUpdate(objectionResultUpdate, { args: [{ actor: officer, outcome: 'deleted', reasons: '经核实，主体认定错误，予以删除' }] });

  const removed = await until(inclusion, (x) => x.status === 'removed');
  expect(removed.documents.map((d) => d.kind)).toContain('removal_notice');
  expect(await db('list_entries').where({ id: entry.id }).first()).toMatchObject({ removal_reason: 'record_deleted' });
  expect((await db('credit_records').where({ id: record.id }).first()).state).toBe('deleted');
  expect(await db('agency_notices').where({ record_id: record.id, reason: 'deleted' }).count('* as n').first()).toMatchObject({ n: Number((await db('agencies').count('* as n').first())!.n) });
});

/**
 * The deadline machinery across a real holiday, under the time-skipping server: an objection's verification
 * period runs over New Year's Day; it is suspended (the suspended working days are added back, the holiday not
 * among them), extended once, reminds at 80 %, goes overdue and escalates, and is still resolved afterwards.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../db/knex';
import { loadCalendarSnapshot } from '../db/stores/calendar';
import { addWorkingDays, endOfDay, isWorkingDay, shanghaiDate, workingDaysBetween } from '../shared/calendar';
import {
  acceptObjectionUpdate,
  extendObjectionUpdate,
  objectionResultUpdate,
  resumeObjectionUpdate,
  suspendObjectionUpdate,
} from '../shared/objection';
import { eventually, nextDecember, officer, startObjection, supervisor, until } from './helpers/cases';
import { objectionInput, registerOrganisation } from './helpers/fixtures';
import { insertCreditRecord } from './helpers/records';
import { withTimeSkippingWorker } from './helpers/temporal';

let env: TestWorkflowEnvironment;
let db: Db;
let taskQueue: string;
withTimeSkippingWorker((ctx) => {
  ({ env, db, taskQueue } = ctx);
});

const sleepUntil = async (at: number) => env.sleep(Math.max(1, at - (await env.currentTimeMs())));

test('suspension, extension, reminder, overdue and escalation of a period that crosses New Year’s Day', async () => {
  await sleepUntil(nextDecember(28, await env.currentTimeMs()));
  const calendar = await loadCalendarSnapshot(db);
  const org = await registerOrganisation(db);
  const record = await insertCreditRecord(db, org.id);
  const input = objectionInput(org, record);
  const { handle } = await startObjection({ client: env.client, taskQueue }, input);

  let c = await handle.executeUpdate(acceptObjectionUpdate, { args: [{ actor: officer, accepted: true }] });
  const started = c.deadlines.find((d) => d.id === 'verification')!;
  const newYear = `${Number(started.startDate.slice(0, 4)) + 1}-01-01`;
  expect(isWorkingDay(newYear, calendar)).toBe(false);
  expect(started.dueDate).toBe(addWorkingDays(started.startDate, 10, calendar));
  expect(started.dueDate > newYear).toBe(true);
  expect(started.calendarVersion).toBe(calendar.version);

  // Suspended over New Year's Day: only the working days of the suspension are added back.
  await sleepUntil(Date.parse(`${started.startDate}T00:00:00+08:00`) + 2 * 86_400_000 + 10 * 3_600_000);
  await handle.executeUpdate(suspendObjectionUpdate, { args: [{ actor: officer, reason: '等待鉴定意见' }] });
  const suspendedOn = shanghaiDate(await env.currentTimeMs());
  await sleepUntil(Date.parse(`${newYear}T10:00:00+08:00`) + 4 * 86_400_000);
  c = await handle.executeUpdate(resumeObjectionUpdate, { args: [{ actor: officer, reason: '鉴定意见已出具' }] });
  const resumedOn = shanghaiDate(await env.currentTimeMs());
  const suspendedDays = workingDaysBetween(suspendedOn, resumedOn, calendar);
  expect(suspendedDays).toBeLessThan(workingDaysBetween(suspendedOn, resumedOn, { version: 0, overrides: {} }));
  let deadline = c.deadlines.find((d) => d.id === 'verification')!;
  expect(deadline).toMatchObject({ state: 'pending', suspendedWorkingDays: suspendedDays });
  expect(deadline.dueDate).toBe(addWorkingDays(started.startDate, 10 + suspendedDays, calendar));

  // Extended once by a supervisor.
  c = await handle.executeUpdate(extendObjectionUpdate, { args: [{ actor: supervisor, workingDays: 3, reason: '案情复杂' }] });
  deadline = c.deadlines.find((d) => d.id === 'verification')!;
  expect(deadline.dueDate).toBe(addWorkingDays(started.startDate, 10 + suspendedDays + 3, calendar));
  expect(deadline.moves.map((m) => m.reason)).toEqual([expect.stringMatching(/^resumed after/), expect.stringMatching(/^extended by 3/)]);

  // 80 % of the period: a reminder to the handler; at its end: overdue, escalated to the department's supervisors.
  const total = 10 + suspendedDays + 3;
  expect(Date.parse(deadline.remindAt!)).toBe(endOfDay(addWorkingDays(started.startDate, Math.floor(total * 0.8), calendar)));
  await sleepUntil(Date.parse(deadline.remindAt!) + 60_000);
  await until(handle, (x) => x.deadlines.find((d) => d.id === 'verification')!.state === 'due_soon');
  await eventually(async () => expect(await db('notifications').where({ case_id: input.caseId, kind: 'deadline_reminder' })).toHaveLength(1));
  await sleepUntil(Date.parse(deadline.dueAt) + 60_000);
  c = await until(handle, (x) => x.deadlines.find((d) => d.id === 'verification')!.state === 'overdue');
  expect(c.status).toBe('verifying');
  await eventually(async () =>
    expect(await db('escalations').where({ case_id: input.caseId, deadline_id: 'verification' }).first()).toMatchObject({ department: 'market-regulation', resolved_at: null }),
  );

  // Still resolved afterwards; the escalation is resolved with it.
  c = await handle.executeUpdate(objectionResultUpdate, { args: [{ actor: officer, outcome: 'upheld', reasons: '经核实，记载无误' }] });
  expect(c.deadlines.find((d) => d.id === 'verification')!.state).toBe('met');
  await eventually(async () => expect((await db('escalations').where({ case_id: input.caseId }).first()).resolved_at).not.toBeNull());
});

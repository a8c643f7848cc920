import type { WorkflowHandle } from '@temporalio/client';
import type { CaseView } from '../../shared/cases';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/knex';
import { getCaseQuery } from '../../shared/case-messages';
import { acknowledgeUpdate, decideUpdate, waiveUpdate } from '../../shared/inclusion';
import type { ObjectionInput } from '../../shared/objection';
import { inclusionInput } from './fixtures';
import type { Actor, ActorOf } from '../../shared/cases';

export const officer: ActorOf<'officer'> = { id: 'officer-li', role: 'officer', department: 'market-regulation' };
export const supervisor: ActorOf<'supervisor'> = { id: 'supervisor-wang', role: 'supervisor', department: 'market-regulation' };
export const subjectActor = (subjectId: string): Actor => ({ id: `subject-${subjectId}`, role: 'subject', subjectId });

/** Polls the case query (real time) until the predicate holds: activities run asynchronously to the test. */
export async function until(handle: WorkflowHandle, predicate: (c: CaseView) => boolean, timeoutMs = 30_000): Promise<CaseView> {
  const deadline = Date.now() + timeoutMs;
  let last: CaseView | undefined;
  while (Date.now() < deadline) {
    // Until the workflow's first task has run, it has no query handler yet.
    last = await handle.query(getCaseQuery).catch(() => undefined);
    if (last && predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`case did not reach the expected state; last status ${last?.status}: ${JSON.stringify(last?.deadlines)}`);
}

/** The refusal code an update failed with (ApplicationFailure type from its validator). */
export async function refusalOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    const cause = (err as { cause?: { type?: string } }).cause;
    return cause?.type ?? String(err);
  }
}

/** 10:00 in Shanghai on the next given day of December: a period from then crosses New Year's Day. */
export function nextDecember(day: number, nowMs: number): number {
  const year = new Date(nowMs + 8 * 3_600_000).getUTCFullYear();
  const at = (y: number) => Date.parse(`${y}-12-${String(day).padStart(2, '0')}T10:00:00+08:00`);
  return at(year) > nowMs ? at(year) : at(year + 1);
}

export const nextDecember30 = (nowMs: number) => nextDecember(30, nowMs);

/**
 * Retries an assertion (real time) until it passes: what activities write (escalations, notifications, the
 * projection) lands shortly after the workflow's own state shows the change.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * An inclusion case driven to `listed` (notice acknowledged, window waived, included, decision acknowledged);
 * returns its handle, input and list entry.
 */
export async function listedInclusionCase(
  ctx: { client: Client; taskQueue: string; db: Db },
  org: { id: string; name: string; identifier: string },
  responsiblePersons: Array<{ personId: string; role: string }> = [],
) {
  const input = inclusionInput(org);
  input.subject.responsiblePersons = responsiblePersons;
  const handle = await ctx.client.workflow.start('inclusionCase', { args: [input], workflowId: input.caseId, taskQueue: ctx.taskQueue });
  const subject = subjectActor(org.id);
  await until(handle, (x) => x.status === 'notice_issued');
  await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: subject, document: 'notice' }] });
  await handle.executeUpdate(waiveUpdate, { args: [{ actor: subject }] });
  await until(handle, (x) => x.status === 'awaiting_decision');
  await handle.executeUpdate(decideUpdate, { args: [{ actor: officer, outcome: 'include', reasons: '违法事实清楚，情节严重' }] });
  await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: subject, document: 'decision' }] });
  await until(handle, (x) => x.status === 'listed');
  const entry = await ctx.db('list_entries').where({ case_id: input.caseId }).first();
  return { handle, input, entry };
}

/** Starts an objection case and waits until it is registered with its acceptance deadline. */
export async function startObjection(ctx: { client: Client; taskQueue: string }, input: ObjectionInput) {
  const handle = await ctx.client.workflow.start('objectionCase', { args: [input], workflowId: input.caseId, taskQueue: ctx.taskQueue });
  const c = await until(handle, (x) => x.status === 'awaiting_acceptance' && x.deadlines.length > 0);
  return { handle, c };
}

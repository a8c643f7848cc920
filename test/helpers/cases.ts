import type { WorkflowHandle } from '@temporalio/client';
import type { CaseView } from '../../shared/cases';
import { getCaseQuery } from '../../shared/inclusion';
import type { Actor } from '../../shared/cases';

export const officer: Actor = { id: 'officer-li', role: 'officer', department: 'market-regulation' };
export const supervisor: Actor = { id: 'supervisor-wang', role: 'supervisor', department: 'market-regulation' };
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

/** 10:00 in Shanghai on the next 30 December: a period from then crosses New Year's Day. */
export function nextDecember30(nowMs: number): number {
  const year = new Date(nowMs + 8 * 3_600_000).getUTCFullYear();
  const candidate = Date.parse(`${year}-12-30T10:00:00+08:00`);
  return candidate > nowMs ? candidate : Date.parse(`${year + 1}-12-30T10:00:00+08:00`);
}

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

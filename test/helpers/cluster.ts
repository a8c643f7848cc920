/**
 * For the cluster tests: a client of several API copies that moves on to the next copy when one is gone (as a
 * load balancer would), inclusion cases driven through it by what each case shows, and what workflow histories
 * say about who did the work.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import type { AppProcess, Cluster } from '../../lib/cluster';
import { callApi, tokens, type ApiCallOptions, type ApiReply } from './api';
import { newUscc } from './fixtures';
import { BASIS } from './inclusion-api';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Requests to the cluster's running API copies, starting with `preferred`; counts what it had to retry. */
export class ApiCopies {
  retries = 0;
  constructor(private readonly cluster: Cluster) {}

  /**
   * Sends the request to the first running copy from `preferred` on; a copy that is gone (refused or dropped
   * connection) is followed by the next, with the same Idempotency-Key; `request_in_progress` (the copy that had
   * it died before answering) is asked again until the key is taken over.
   */
  async call(preferred: number, method: string, path: string, opts: ApiCallOptions = {}): Promise<ApiReply & { servedBy: string }> {
    const deadline = Date.now() + 150_000;
    for (let attempt = 0; ; attempt++) {
      const copies = this.cluster.running('api');
      if (copies.length === 0) throw new Error('no API copy is running');
      const api = copies[(preferred + attempt) % copies.length];
      try {
        const reply = await callApi(api.url!, method, path, opts);
        if (reply.status === 409 && reply.body?.error?.code === 'request_in_progress' && Date.now() < deadline) {
          this.retries++;
          await pause(1000);
          continue;
        }
        return { ...reply, servedBy: api.name };
      } catch (err) {
        if (Date.now() > deadline) throw err;
        this.retries++;
        await pause(200);
      }
    }
  }
}

/** Registers an organisation through the API; returns its id. */
export async function registerThroughApi(apis: ApiCopies, preferred: number): Promise<string> {
  const reply = await apis.call(preferred, 'POST', '/api/v1/subjects', {
    token: await tokens.officer(),
    headers: { 'Idempotency-Key': randomUUID() },
    body: { kind: 'legal_person', name: '南京某某建材有限公司', identifier: { type: 'uscc', value: newUscc() } },
  });
  if (reply.status !== 201) throw new Error(`registering a subject: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.id;
}

/** Starts an inclusion case through the API (with an Idempotency-Key, so that a retry cannot start a second). */
export async function startInclusionThroughApi(apis: ApiCopies, preferred: number, subjectId: string): Promise<{ id: string; servedBy: string }> {
  const reply = await apis.call(preferred, 'POST', '/api/v1/inclusion-cases', {
    token: await tokens.officer(),
    headers: { 'Idempotency-Key': randomUUID() },
    body: { subjectId, field: 'fair_competition_social_order', basis: BASIS, facts: '串通投标', reasons: '严重破坏市场公平竞争秩序', legalProvisions: ['《江苏省社会信用条例》第二十九条第二项'], measures: ['key_supervision'], actOn: '2026-07-10' },
  });
  if (reply.status !== 201) throw new Error(`starting a case: ${reply.status} ${JSON.stringify(reply.body)}`);
  return { id: reply.body.id, servedBy: reply.servedBy };
}

export interface DriveOptions {
  /** Stop at this status instead of `listed`. */
  until?: string;
  /** Called after each step the case took. */
  onStep?: (step: string, servedBy: string) => void;
}

/**
 * Moves an inclusion case on to `listed` (notice acknowledged, window waived, included, decision served) by what
 * the case shows now: a step whose answer was lost is not sent twice once the case shows it done, and a step
 * refused because the case moved on meanwhile is followed by a fresh look.
 */
export async function driveInclusion(apis: ApiCopies, preferred: number, id: string, subjectId: string, opts: DriveOptions = {}): Promise<any> {
  const officer = await tokens.officer();
  const subject = await tokens.subject(subjectId);
  const base = `/api/v1/inclusion-cases/${id}`;
  const steps: Record<string, { path: string; token: string; body?: unknown }> = {
    notice_issued: { path: 'acknowledgement', token: subject, body: { document: 'notice' } },
    objection_window: { path: 'waiver', token: subject },
    awaiting_decision: { path: 'decision', token: officer, body: { outcome: 'include', reasons: '事实清楚，证据确凿' } },
    decision_issued: { path: 'service', token: officer, body: { document: 'decision', method: 'post', servedAt: new Date().toISOString() } },
  };
  const until = opts.until ?? 'listed';
  const deadline = Date.now() + 300_000;
  for (;;) {
    const read = await apis.call(preferred, 'GET', base, { token: officer });
    if (read.status !== 200) throw new Error(`reading ${id}: ${read.status} ${JSON.stringify(read.body)}`);
    const status: string = read.body.status;
    if (status === until) return read.body;
    if (Date.now() > deadline) throw new Error(`${id} stuck in ${status}`);
    const step = steps[status];
    if (!step) {
      await pause(200); // preparing, or an activity still running
      continue;
    }
    const reply = await apis.call(preferred, 'POST', `${base}/${step.path}`, { token: step.token, body: step.body });
    if (reply.status === 200) opts.onStep?.(step.path, reply.servedBy);
    else if (reply.status >= 500 || reply.status < 400) throw new Error(`${step.path} on ${id}: ${reply.status} ${JSON.stringify(reply.body)}`);
    // A 4xx refusal: the case moved on meanwhile (e.g. the step's first answer was lost); look again.
  }
}

/**
 * Waits until none of the workflows has an activity pending: a step whose activity was on a killed worker finishes
 * only once that activity has timed out and run again elsewhere (up to its start-to-close timeout), even when the
 * case has moved on meanwhile.
 */
export async function untilNoActivityPending(client: Client, workflowIds: string[], timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const id of workflowIds) {
    for (;;) {
      const { raw } = await client.workflow.getHandle(id).describe();
      if (!raw.pendingActivities?.length) break;
      if (Date.now() > deadline) throw new Error(`${id} still has ${raw.pendingActivities.length} activities pending`);
      await pause(500);
    }
  }
}

export interface HistoryFacts {
  /** Identity of the worker that completed each workflow task, and that started each activity task. */
  workflowTasks: string[];
  activityTasks: string[];
  /** Workflow tasks that failed (e.g. non-determinism after a changed workflow). */
  failedWorkflowTasks: string[];
  /** Ids of the patches recorded (`patched()` markers). */
  patches: string[];
}

/** What the histories of every run of a workflow say about who did its work. */
export async function historyFacts(client: Client, workflowId: string): Promise<HistoryFacts> {
  const facts: HistoryFacts = { workflowTasks: [], activityTasks: [], failedWorkflowTasks: [], patches: [] };
  for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
    for (const event of history.events ?? []) {
      if (event.workflowTaskCompletedEventAttributes) facts.workflowTasks.push(event.workflowTaskCompletedEventAttributes.identity ?? '');
      if (event.activityTaskStartedEventAttributes) facts.activityTasks.push(event.activityTaskStartedEventAttributes.identity ?? '');
      if (event.workflowTaskFailedEventAttributes) {
        const cause = temporal.api.enums.v1.WorkflowTaskFailedCause[event.workflowTaskFailedEventAttributes.cause ?? 0];
        facts.failedWorkflowTasks.push(`${cause}: ${event.workflowTaskFailedEventAttributes.failure?.message ?? ''}`);
      }
      const marker = event.markerRecordedEventAttributes;
      const patch = marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads?.[0]?.data : undefined;
      if (patch) facts.patches.push((JSON.parse(Buffer.from(patch).toString('utf8')) as { id: string }).id);
    }
  }
  return facts;
}

/** How many of `identities` each process did, by process name (`?` for an identity of no process of the cluster). */
export function tasksByProcess(identities: string[], processes: AppProcess[]): Record<string, number> {
  const byIdentity = new Map(processes.filter((p) => p.identity).map((p) => [p.identity!, p.name]));
  const counts: Record<string, number> = {};
  for (const identity of identities) {
    const name = byIdentity.get(identity) ?? '?';
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/**
 * Cases flowing through the HTTP API as clients send them, and the check that each ended as it should, once.
 *
 * Each case: an organisation and a natural person registered, an inclusion case started, its notice acknowledged
 * and the window waived by the subject, the inclusion decided and its decision served by the officer (listed),
 * then the basis revoked by the department and the revocation applied by the platform (the entry removed, an
 * agency told). A client retries what got no answer (connection lost, 5xx, 429, a request still in progress) with
 * the same Idempotency-Key, and drives each case from the state it reads, so a step whose answer was lost is not
 * sent twice blindly.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { signToken } from '../../api/auth';
import type { Db } from '../../db/knex';
import { shanghaiDate } from '../../shared/calendar';
import { newCitizenId, newUscc } from '../helpers/fixtures';
import { SECRET, sleep, startStack, type Stack, type StackOptions } from './stack';

/** CI runs a few cases per scenario; FAULTS_FULL=1 (`npm run test:faults:full`) many more, faster. */
export const FULL = !!process.env.FAULTS_FULL;
export const SCALE = FULL ? { cases: 100, perSecond: 4 } : { cases: 8, perSecond: 2 };

export interface CaseRun {
  n: number;
  org: { name: string; identifier: string; id?: string };
  person: { name: string; identifier: string; id?: string };
  inclusionId?: string;
  revocationId?: string;
  recordId?: string;
  done: boolean;
  /** An answer no retry explains: a 4xx the flow did not expect. */
  problems: string[];
}

const HANZI = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬梅兰竹菊松柏';
const hanzi = (n: number) => Array.from({ length: n }, () => HANZI[randomInt(HANZI.length)]).join('');

interface Answer {
  status: number;
  body: any;
}

/** One request, retried until it gets an answer a client would act on (or `untilMs` passes). */
async function send(url: string, method: string, path: string, token: string, body?: unknown, key?: string, untilMs = Date.now() + 180_000): Promise<Answer> {
  for (;;) {
    try {
      const res = await fetch(url + path, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(key ? { 'Idempotency-Key': key } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const answer: Answer = { status: res.status, body: await res.json().catch(() => undefined) };
      const retry = res.status >= 500 || res.status === 429 || (res.status === 409 && answer.body?.error?.code === 'request_in_progress');
      if (!retry || Date.now() > untilMs) return answer;
    } catch (err) {
      if (Date.now() > untilMs) return { status: 0, body: String(err) };
    }
    await sleep(500);
  }
}

export interface Flow {
  runs: CaseRun[];
  /** Resolves when every case has ended or given up. */
  finished: Promise<void>;
  /** Resolves when `n` cases have been started. */
  started(n: number): Promise<void>;
}

export async function startFlow(url: string, opts: { cases: number; perSecond: number; agencyId: string }): Promise<Flow> {
  const officer = await signToken(SECRET, { sub: 'officer-faults', role: 'officer', dept: 'market-regulation' });
  const platform = await signToken(SECRET, { sub: 'officer-platform', role: 'officer', dept: 'credit-comprehensive' });
  const runs: CaseRun[] = [];
  const waiting: Array<{ n: number; resolve: () => void }> = [];
  const drives: Promise<void>[] = [];
  const launch = (async () => {
    for (let n = 0; n < opts.cases; n++) {
      const run: CaseRun = {
        n,
        org: { name: `南京${hanzi(4)}建材有限公司`, identifier: newUscc() },
        person: { name: `张${hanzi(2)}`, identifier: newCitizenId() },
        done: false,
        problems: [],
      };
      runs.push(run);
      drives.push(drive(url, run, officer, platform).catch((err: unknown) => void run.problems.push(String(err))));
      for (const w of waiting.filter((x) => x.n <= runs.length)) w.resolve();
      await sleep(1000 / opts.perSecond);
    }
  })();
  return {
    runs,
    finished: launch.then(() => Promise.all(drives)).then(() => undefined),
    started: (n) => (runs.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve }))),
  };
}

async function drive(url: string, run: CaseRun, officer: string, platform: string): Promise<void> {
  const key = (step: string) => `faults-${run.org.identifier}-${step}`;
  const expect = (what: string, a: Answer, ...ok: number[]) => {
    if (!ok.includes(a.status)) run.problems.push(`${what}: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
    return ok.includes(a.status);
  };
  const org = await send(url, 'POST', '/api/v1/subjects', officer, { kind: 'legal_person', name: run.org.name, identifier: { type: 'uscc', value: run.org.identifier } }, key('org'));
  const person = await send(url, 'POST', '/api/v1/subjects', officer, { kind: 'natural_person', name: run.person.name, identifier: { type: 'citizen_id', value: run.person.identifier } }, key('person'));
  if (!expect('register the organisation', org, 201) || !expect('register the person', person, 201)) return;
  run.org.id = org.body.id;
  run.person.id = person.body.id;
  const subject = await signToken(SECRET, { sub: `subject-${run.org.id}`, role: 'subject', subjectId: run.org.id! });

  const started = await send(url, 'POST', '/api/v1/inclusion-cases', officer, {
    subjectId: run.org.id,
    field: 'fair_competition_social_order',
    basis: [{ kind: 'administrative_penalty', number: `宁市监罚〔2026〕${1000 + run.n}号`, effectiveOn: '2026-08-01', issuer: '南京市市场监督管理局' }],
    facts: '串通投标',
    reasons: '严重破坏市场公平竞争秩序',
    legalProvisions: ['《江苏省社会信用条例》第二十九条第二项'],
    measures: ['key_supervision'],
    actOn: '2026-07-10',
  }, key('inclusion'));
  if (!expect('start the inclusion case', started, 201)) return;
  run.inclusionId = started.body.id;
  const casePath = `/api/v1/inclusion-cases/${run.inclusionId}`;

  const until = Date.now() + 240_000;
  while (Date.now() < until) {
    const c = await send(url, 'GET', casePath, officer);
    if (!expect('read the case', c, 200)) return;
    const step = async (token: string, what: string, body?: unknown) => expect(what, await send(url, 'POST', `${casePath}/${what}`, token, body), 200, 409);
    switch (c.body.status) {
      case 'notice_issued':
        await step(subject, 'acknowledgement', { document: 'notice' });
        break;
      case 'objection_window':
        await step(subject, 'waiver');
        break;
      case 'awaiting_decision':
        await step(officer, 'decision', { outcome: 'include', reasons: '事实清楚，证据确凿' });
        break;
      case 'decision_issued':
        await step(officer, 'service', { document: 'decision', method: 'post', servedAt: new Date().toISOString() });
        break;
      case 'listed': {
        run.recordId = c.body.details.listEntry.recordId;
        if (!run.revocationId) {
          const reported = await send(url, 'POST', '/api/v1/revocations', officer, { creditRecordId: run.recordId, change: 'revoked', document: { number: `宁市监撤〔2026〕${1000 + run.n}号`, effectiveOn: shanghaiDate(Date.now()) } }, key('revocation'));
          if (!expect('report the revocation', reported, 201)) return;
          run.revocationId = reported.body.id;
        }
        const r = await send(url, 'GET', `/api/v1/revocations/${run.revocationId}`, platform);
        if (r.body?.status === 'awaiting_platform_change') expect('confirm the revocation', await send(url, 'POST', `/api/v1/revocations/${run.revocationId}/confirmation`, platform), 200, 409);
        break;
      }
      case 'removed':
        run.done = true;
        return;
      default: // the case is taking its own steps
    }
    await sleep(300);
  }
  run.problems.push(`case ${run.inclusionId} did not end in time`);
}

/** A supervisor of the platform registers an agency: each revoked record sends it a notice. */
export async function registerAgency(url: string): Promise<string> {
  const supervisor = await signToken(SECRET, { sub: 'supervisor-platform', role: 'supervisor', dept: 'credit-comprehensive' });
  const res = await send(url, 'POST', '/api/v1/agencies', supervisor, { name: `征信机构${randomBytes(3).toString('hex')}`, uscc: newUscc() }, `agency-${randomUUID()}`);
  if (res.status !== 201) throw new Error(`agency not registered: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export interface Outcome {
  cases: number;
  faults: number;
  lost: number;
  duplicated: number;
  problems: string[];
}

/**
 * What the database holds for each case: both subjects once, one inclusion case removed and one revocation
 * applied, each document kind once, one list entry (removed), no audit action twice, one notice to the agency.
 */
export async function check(db: Db, runs: CaseRun[], agencyId: string, faults: number): Promise<Outcome> {
  const problems: string[] = [];
  let lost = 0;
  let duplicated = 0;
  for (const run of runs) {
    const missing: string[] = [...run.problems];
    const twice: string[] = [];
    const count = async (q: Promise<Array<{ n: string | number }>>) => Number((await q)[0].n);
    for (const s of [run.org, run.person]) {
      const n = await count(db('subjects').where({ identifier_value: s.identifier }).count('* as n'));
      if (n === 0) missing.push(`subject ${s.identifier}`);
      if (n > 1) twice.push(`${n} subjects ${s.identifier}`);
    }
    const cases = run.org.id ? await db('cases').where({ subject_id: run.org.id }).select('id', 'type', 'status') : [];
    for (const [type, status] of [['inclusion', 'removed'], ['revocation', 'applied']]) {
      const of = cases.filter((c) => c.type === type);
      if (of.length > 1) twice.push(`${of.length} ${type} cases`);
      if (!of.some((c) => c.status === status)) missing.push(`${type} ${status} (${of.map((c) => c.status).join(',') || 'none'})`);
    }
    const ids = cases.map((c) => c.id);
    const documents = await db('documents').whereIn('case_id', ids).groupBy('case_id', 'kind').select('case_id', 'kind').count('* as n');
    for (const d of documents) if (Number(d.n) > 1) twice.push(`${d.n} ${d.kind} documents`);
    for (const kind of ['prior_notice', 'inclusion_decision']) if (!documents.some((d) => d.kind === kind && d.case_id === run.inclusionId)) missing.push(`${kind} document`);
    const entries = await db('list_entries').whereIn('case_id', ids).select('removed_on');
    if (entries.length > 1) twice.push(`${entries.length} list entries`);
    if (!entries.some((e) => e.removed_on)) missing.push('a removed list entry');
    // One event per action and document: a notice and a decision are each served once.
    const audit = await db('audit_events')
      .whereIn('case_id', ids)
      .groupBy('case_id', 'action', db.raw("after->>'document'"))
      .select('action', db.raw("after->>'document' AS document"))
      .count('* as n');
    for (const a of audit) if (Number(a.n) > 1) twice.push(`${a.n} audit events ${a.action} ${a.document ?? ''}`);
    for (const action of ['list_entry.created', 'list_entry.removed']) if (!audit.some((a) => a.action === action)) missing.push(`audit ${action}`);
    const registered = run.org.id ? await count(db('audit_events').where({ subject_id: run.org.id, action: 'subject.registered' }).count('* as n')) : 0;
    if (registered !== 1) (registered ? twice : missing).push(`${registered} subject.registered audit events`);
    const notices = run.recordId ? await count(db('agency_notices').where({ agency_id: agencyId, record_id: run.recordId }).count('* as n')) : 0;
    if (notices !== 1) (notices ? twice : missing).push(`${notices} agency notices`);
    if (missing.length > 0) lost++;
    if (twice.length > 0) duplicated++;
    if (missing.length || twice.length) problems.push(`case ${run.n} (${run.inclusionId ?? 'not started'}): ${[...missing.map((m) => `missing ${m}`), ...twice].join('; ')}`);
  }
  return { cases: runs.length, faults, lost, duplicated, problems };
}

/** The counts, in the test output. */
export function report(scenario: string, o: Outcome): void {
  process.stdout.write(`[faults] ${scenario}: cases ${o.cases}, faults ${o.faults}, lost ${o.lost}, duplicated ${o.duplicated}\n`);
  for (const p of o.problems) process.stdout.write(`[faults]   ${p}\n`);
}

/** Names and identity numbers of the subjects the run registered, as they would appear in a log line. */
export function personalDataIn(logs: string, runs: CaseRun[]): string[] {
  return runs.flatMap((r) => [r.org.name, r.org.identifier, r.person.name, r.person.identifier]).filter((s) => logs.includes(s));
}

/**
 * A fault scenario as a jest test: the stack started, cases flowing at the scale's steady rate, `inject` doing
 * its harm while they flow (returning how many faults it caused), then every case checked and the logs read.
 */
export function faultScenario(title: string, opts: StackOptions, inject: (stack: Stack, flow: Flow) => Promise<number>): void {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(opts);
  });
  afterAll(() => stack?.close());

  test(title, async () => {
    const agencyId = await registerAgency(stack.url);
    const flow = await startFlow(stack.url, { ...SCALE, agencyId });
    const faults = await inject(stack, flow);
    await flow.finished;
    const outcome = await check(stack.db, flow.runs, agencyId, faults);
    report(title, outcome);
    expect(outcome).toMatchObject({ lost: 0, duplicated: 0 });
    // The logs of the run (every line the API and the workers printed, requests among them) hold no name or
    // identity number.
    expect(stack.logs()).toContain('"msg":"request"');
    expect(personalDataIn(stack.logs(), flow.runs)).toEqual([]);
  });
}

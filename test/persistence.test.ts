/**
 * Nothing is lost across a restart: the API, the worker and the Temporal dev server (state in its SQLite file) are
 * stopped while a case waits on its deadline and started again; the case is where it was, its deadline timer is
 * still scheduled for the same instant, the restarted worker re-plans it when the calendar changes, and the case
 * finishes through the API.
 */
import { Client, Connection } from '@temporalio/client';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../api/auth';
import { startApi } from '../api/main';
import { startTemporalDevServer, freePort } from '../lib/servers';
import { runWorker } from '../worker/main';
import { newUscc } from './helpers/fixtures';

const SECRET = 'persistence-test-secret';

async function startAll(dbFile: string, grpcPort: number) {
  const temporal = await startTemporalDevServer({ dbFile, port: grpcPort, headless: true });
  const cfg = { temporalAddress: temporal.address, databaseUrl: process.env.DATABASE_URL!, taskQueue: 'persistence-test' };
  const worker = await runWorker(cfg);
  const api = await startApi({ ...cfg, port: 0, jwtSecret: SECRET });
  const call = async (method: string, p: string, token: string, body?: unknown) => {
    const res = await fetch(api.url + p, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    temporal,
    call,
    async stop() {
      await api.close();
      await worker.shutdown();
      await temporal.stop();
    },
  };
}

test('a case waiting on its deadline survives a restart of the API, the worker and the Temporal dev server', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'credit-persistence-'));
  const dbFile = path.join(dir, 'temporal.sqlite');
  const port = await freePort();
  const officer = await signToken(SECRET, { sub: 'officer-sun', role: 'officer', dept: 'transport' });
  let servers = await startAll(dbFile, port);
  try {
    const org = await servers.call('POST', '/api/v1/subjects', officer, { kind: 'legal_person', name: '南京某某运输有限公司', identifier: { type: 'uscc', value: newUscc() } });
    const started = await servers.call('POST', '/api/v1/inclusion-cases', officer, {
      subjectId: org.body.id, field: 'refusal_to_perform', facts: '拒不履行行政处罚决定', reasons: '有履行能力但拒不履行',
      basis: [{ kind: 'administrative_compulsion', number: '宁交强〔2026〕3号', effectiveOn: '2026-07-01', issuer: '南京市交通运输局' }],
      legalProvisions: ['《江苏省社会信用条例》第二十九条第三项'], measures: ['restrict_preferential_policies'], actOn: '2026-06-15',
    });
    const id = started.body.id;
    const subject = await signToken(SECRET, { sub: 'subject', role: 'subject', subjectId: org.body.id });
    const served = await servers.call('POST', `/api/v1/inclusion-cases/${id}/acknowledgement`, subject, { document: 'notice' });
    const window = served.body.deadlines[0];
    expect(window.state).toBe('pending');

    await servers.stop();
    servers = await startAll(dbFile, port);

    // The case, its deadline and its documents are where they were, in the projection and in the workflow.
    const after = await servers.call('GET', `/api/v1/inclusion-cases/${id}`, officer);
    expect(after.body).toMatchObject({ status: 'objection_window', deadlines: [expect.objectContaining({ id: 'statement_window', dueAt: window.dueAt, state: 'pending' })] });
    const connection = await Connection.connect({ address: servers.temporal.address });
    const handle = new Client({ connection }).workflow.getHandle(id);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    const timers = (await handle.fetchHistory()).events!.filter((e) => e.timerStartedEventAttributes);
    const lastTimer = timers[timers.length - 1];
    const firesAt = Number(lastTimer.eventTime!.seconds) * 1000 + Number(lastTimer.timerStartedEventAttributes!.startToFireTimeout!.seconds) * 1000;
    expect(Math.abs(firesAt - Date.parse(window.dueAt))).toBeLessThan(2000);

    // The restarted worker is live on the waiting case: a supervisor makes a day of the window a holiday and
    // the deadline moves; then the subject waives and the officer decides.
    const firstDay = new Date(Date.parse(window.dueAt) - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const supervisor = await signToken(SECRET, { sub: 'supervisor-zheng', role: 'supervisor', dept: 'credit-comprehensive' });
    expect((await servers.call('PUT', `/api/v1/calendar/${firstDay}`, supervisor, { workday: false, note: '临时调整（测试）' })).status).toBe(200);
    let moved;
    for (let i = 0; i < 100; i++) {
      moved = (await servers.call('GET', `/api/v1/inclusion-cases/${id}`, officer)).body.deadlines[0];
      if (moved.dueAt !== window.dueAt) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(Date.parse(moved.dueAt)).toBeGreaterThan(Date.parse(window.dueAt));
    expect(moved.moves[0].reason).toMatch(/calendar changed/);
    await servers.call('PUT', `/api/v1/calendar/${firstDay}`, supervisor, { workday: true, note: '恢复' });

    expect((await servers.call('POST', `/api/v1/inclusion-cases/${id}/waiver`, subject)).status).toBe(200);
    let decided;
    for (let i = 0; i < 100; i++) {
      decided = await servers.call('POST', `/api/v1/inclusion-cases/${id}/decision`, officer, { outcome: 'not_include', reasons: '已主动履行' });
      if (decided.status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(decided!.body.status).toBe('not_included');
    await connection.close();
  } finally {
    await servers.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

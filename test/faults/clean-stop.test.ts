/**
 * Ctrl-C of `npm start` while requests are under way: the terminal's SIGINT reaches npm and the script (their
 * process group); the API answers what it was doing, then the API, the worker, Temporal and PostgreSQL stop in
 * that order, and nothing prints an error.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../../api/auth';
import { REPO_ROOT, freePort } from '../../lib/servers';
import { newUscc } from '../helpers/fixtures';
import { sleep } from './stack';

test('Ctrl-C of npm start with cases starting: every request answered, everything stopped in order, no error printed', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'credit-ctrl-c-'));
  await fs.chmod(dir, 0o755);
  const port = await freePort();
  // Everything its own, as on a developer's machine: not the suite's servers.
  const { JEST_WORKER_ID: _jest, DATABASE_URL: _db, MIGRATION_DATABASE_URL: _owner, TEMPORAL_ADDRESS: _temporal, ...inherited } = process.env;
  const env = { ...inherited, DATA_DIR: dir, PORT: String(port), TEMPORAL_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), JWT_SECRET: 'ctrl-c-secret' };
  // Its own process group, as a terminal's foreground job: the SIGINT goes to npm and to the script alike.
  const npm = spawn('npm', ['start'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  npm.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  npm.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  try {
    const until = Date.now() + 180_000;
    while (!out.includes('Press Ctrl-C') && Date.now() < until && npm.exitCode === null) await sleep(200);
    expect(out).toContain('Press Ctrl-C');

    const url = `http://localhost:${port}`;
    const officer = await signToken('ctrl-c-secret', { sub: 'officer-ctrl-c', role: 'officer', dept: 'market-regulation' });
    const post = (p: string, body: unknown) =>
      fetch(url + p, { method: 'POST', headers: { Authorization: `Bearer ${officer}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as any }),
        (e: unknown) => ({ status: 0, body: String(e) }),
      );
    const subject = await post('/api/v1/subjects', { kind: 'legal_person', name: '南京某某建材有限公司', identifier: { type: 'uscc', value: newUscc() } });
    expect(subject.status).toBe(201);
    const starts = Array.from({ length: 5 }, (_, i) =>
      post('/api/v1/inclusion-cases', {
        subjectId: subject.body.id, field: 'refusal_to_perform', facts: '拒不履行行政处罚决定', reasons: '有履行能力但拒不履行', measures: ['restrict_preferential_policies'],
        basis: [{ kind: 'administrative_compulsion', number: `宁交强〔2026〕${i + 1}号`, effectiveOn: '2026-07-01', issuer: '南京市交通运输局' }],
        legalProvisions: ['《江苏省社会信用条例》第二十九条第三项'], actOn: '2026-06-15',
      }),
    );
    await sleep(300);
    process.kill(-npm.pid!, 'SIGINT');

    expect((await Promise.all(starts)).map((s) => s.status)).toEqual([201, 201, 201, 201, 201]);
    await exited;
    const stops = ['stopping API', 'stopping worker', 'stopping Temporal', 'stopping PostgreSQL'].map((line) => out.indexOf(line));
    expect(stops.every((at, i) => at > 0 && (i === 0 || at > stops[i - 1]))).toBe(true);
    const errors = `${out}\n${err}`.split('\n').filter((l) => /error|\bat .+:\d+:\d+|"level":[56]0/i.test(l));
    expect(errors).toEqual([]);
  } finally {
    if (npm.exitCode === null && npm.signalCode === null) process.kill(-npm.pid!, 'SIGKILL');
    await exited;
    await fs.rm(dir, { recursive: true, force: true });
  }
});

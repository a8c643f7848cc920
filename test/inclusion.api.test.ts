/**
 * The inclusion process through the HTTP API against the Temporal dev server, with each role's token, as
 * officers, subjects and supervisors would use it; and a worker killed with SIGKILL while a case waits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { startTestApi, tokens, writeCounts, type TestApi } from './helpers/api';
import { newCitizenId, newUscc } from './helpers/fixtures';
import { extract, normalise } from './helpers/pdf';
import { waitForCase as waitFor } from './helpers/inclusion-api';
import { claimCase } from '../db/stores/cases';
import { chineseDate } from '../documents';
import { addYears, shanghaiDate } from '../shared/calendar';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

const basis = [{ kind: 'administrative_penalty', number: '宁市监罚〔2026〕201号', effectiveOn: '2026-08-01', issuer: '南京市市场监督管理局' }];

async function registerOrganisationWithRepresentative(officer: string) {
  const person = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'natural_person', name: '赵六', identifier: { type: 'citizen_id', value: newCitizenId('1975-05-05') } } });
  const org = await api.call('POST', '/api/v1/subjects', {
    token: officer,
    body: { kind: 'legal_person', name: '南京某某食品有限公司', identifier: { type: 'uscc', value: newUscc() }, responsiblePersons: [{ role: 'legal_representative', subjectId: person.body.id }] },
  });
  expect(org.status).toBe(201);
  return { org: org.body, person: person.body };
}

function startBody(subjectId: string, overrides: Record<string, unknown> = {}) {
  return {
    subjectId,
    field: 'health_safety',
    basis,
    facts: '生产经营添加非食用物质的食品',
    reasons: '情节严重，社会影响恶劣',
    legalProvisions: ['《江苏省社会信用条例》第二十九条第一项'],
    measures: ['key_supervision', 'restrict_commendation'],
    actOn: '2026-05-20',
    ...overrides,
  };
}

const waitForCase = (id: string, token: string, predicate: (c: any) => boolean) => waitFor(api, id, token, predicate);

test('the whole path through the API with the tokens of each role', async () => {
  const officer = await tokens.officer('market-regulation', 'officer-zhou');
  const { org, person } = await registerOrganisationWithRepresentative(officer);
  const subject = await tokens.subject(org.id);

  const started = await api.call('POST', '/api/v1/inclusion-cases', { token: officer, body: startBody(org.id) });
  expect(started.status).toBe(201);
  expect(started.headers.get('location')).toBe(`/api/v1/inclusion-cases/${started.body.id}`);
  expect(started.body).toMatchObject({ type: 'inclusion', status: 'notice_issued', subjectId: org.id, department: 'market-regulation' });
  expect(started.body.allowedActions).toEqual(['record_service', 'withdraw']);
  const notice = started.body.documents[0];
  expect(notice.kind).toBe('prior_notice');
  const id = started.body.id;

  // The subject downloads its notice, byte for byte as stored, and sees what it may do.
  const pdf = await api.call('GET', `/api/v1/documents/${notice.id}`, { token: subject });
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect(createHash('sha256').update(pdf.raw).digest('hex')).toBe(notice.sha256);
  expect((await api.call('GET', `/api/v1/inclusion-cases/${id}`, { token: subject })).body.allowedActions).toEqual(['acknowledge']);

  let c = (await api.call('POST', `/api/v1/inclusion-cases/${id}/acknowledgement`, { token: subject, body: { document: 'notice' } })).body;
  expect(c.status).toBe('objection_window');
  expect(c.deadlines[0]).toMatchObject({ kind: 'statement_window', workingDays: 5, rule: 'inclusion.statementWindowWorkingDays', state: 'pending' });
  expect(c.allowedActions).toEqual(['submit_statement', 'waive']);
  // The notice the subject downloaded names it and states the facts and reasons.
  const noticeText = extract(pdf.raw).text;
  expect(noticeText).toContain('南京某某食品有限公司');
  expect(noticeText).toContain(org.identifier.value);
  expect(noticeText).toContain(normalise('情节严重，社会影响恶劣'));
  // Issued before service, it states the rule the system applies from service, never a guessed date.
  expect(noticeText).toContain(normalise('请自本告知书送达之日起5个工作日内'));
  expect(noticeText).not.toContain(normalise(chineseDate(c.deadlines[0].dueDate)));
  expect(c.deadlines[0].startDate).toBe(c.documents[0].servedAt.slice(0, 10));

  const evidence = Buffer.from('退货及赔偿凭证').toString('base64');
  const statement = await api.call('POST', `/api/v1/inclusion-cases/${id}/statements`, {
    token: subject,
    body: { text: '我公司已召回全部涉案产品', evidence: [{ name: '凭证.txt', contentType: 'text/plain', contentBase64: evidence }] },
  });
  expect(statement.status).toBe(200);
  expect(await api.db('evidence_files').where({ case_id: id })).toHaveLength(1);
  expect(statement.body.deadlines.find((d: any) => d.id === 'verification-1')).toMatchObject({ workingDays: 5, state: 'pending' });

  const early = await api.call('POST', `/api/v1/inclusion-cases/${id}/decision`, { token: officer, body: { outcome: 'include', reasons: '过早' } });
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('case_not_awaiting_decision');

  c = (await api.call('POST', `/api/v1/inclusion-cases/${id}/feedback`, { token: officer, body: { accepted: false, text: '召回不影响违法事实的认定' } })).body;
  const feedback = c.documents.find((d: any) => d.kind === 'statement_feedback');
  expect(feedback).toMatchObject({ kind: 'statement_feedback', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(feedback.servedAt).toBeUndefined();
  // Electronic service needs the party's recorded agreement: refused without it, nothing changed; then recorded.
  const feedbackService = { document: 'feedback', method: 'electronic', servedAt: new Date().toISOString() };
  const unagreed = await api.call('POST', `/api/v1/inclusion-cases/${id}/service`, { token: officer, body: feedbackService });
  expect({ status: unagreed.status, code: unagreed.body.error?.code }).toEqual({ status: 422, code: 'electronic_service_not_agreed' });
  expect((await api.call('GET', `/api/v1/inclusion-cases/${id}`, { token: officer })).body.documents.find((d: any) => d.kind === 'statement_feedback').servedAt).toBeUndefined();
  const consent = await api.call('PUT', `/api/v1/subjects/${org.id}/electronic-service-consent`, { token: subject, body: { agreedOn: '2026-11-02', document: '电子送达地址确认书', address: 'mail@example.cn' } });
  expect(consent.status).toBe(200);
  expect((await api.call('POST', `/api/v1/inclusion-cases/${id}/service`, { token: officer, body: feedbackService })).status).toBe(200);
  expect((await api.call('POST', `/api/v1/inclusion-cases/${id}/waiver`, { token: subject })).status).toBe(200);

  // After the waiver the window is closed: a statement is refused and nothing is stored.
  const before = await writeCounts(api.db);
  const late = await api.call('POST', `/api/v1/inclusion-cases/${id}/statements`, { token: subject, body: { text: '补充', evidence: [{ name: 'x.txt', contentType: 'text/plain', contentBase64: evidence }] } });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('objection_window_closed');
  expect(await writeCounts(api.db)).toEqual(before);

  c = await waitForCase(id, officer, (x) => x.status === 'awaiting_decision');
  expect(c.allowedActions).toEqual(['decide', 'withdraw']);
  c = (await api.call('POST', `/api/v1/inclusion-cases/${id}/decision`, { token: officer, body: { outcome: 'include', reasons: '违法情节严重，陈述申辩理由不成立' } })).body;
  expect(c.status).toBe('decision_issued');
  expect(c.documents.map((d: any) => d.kind)).toEqual(['prior_notice', 'statement_feedback', 'inclusion_decision', 'credit_repair_notice']);
  const decisionDoc = c.documents.find((d: any) => d.kind === 'inclusion_decision');
  const decisionText = extract((await api.call('GET', `/api/v1/documents/${decisionDoc.id}`, { token: officer })).raw).text;
  expect(decisionText).toContain(normalise('违法情节严重，陈述申辩理由不成立'));
  expect(decisionText).toContain('60日');
  // Issued by the department under its configured name, with its reconsideration body; the term as a rule.
  expect(decisionText).toContain(normalise('南京市市场监督管理局'));
  expect(decisionText).toContain(normalise('60日内向南京市人民政府申请行政复议'));
  expect(decisionText).toContain(normalise('列入期限为3年，自本决定书送达之日起计算'));
  const repairNotice = c.documents.find((d: any) => d.kind === 'credit_repair_notice');
  const repairText = extract((await api.call('GET', `/api/v1/documents/${repairNotice.id}`, { token: subject })).raw).text;
  expect(repairText).toContain(normalise('自该决定书送达之日起满1年的次日起'));
  const servedAt = new Date().toISOString();
  expect((await api.call('POST', `/api/v1/inclusion-cases/${id}/service`, { token: officer, body: { document: 'decision', method: 'in_person', servedAt } })).status).toBe(200);
  const listed = await waitForCase(id, subject, (x) => x.status === 'listed');

  // What the documents state is what the system applies: the term and the repair date count from service.
  const servedOn = shanghaiDate(Date.parse(servedAt));
  const entry = await api.db('list_entries').where({ case_id: id }).first();
  expect(entry).toMatchObject({ subject_id: org.id, field: 'health_safety', removed_on: null, included_on: servedOn, removal_due_on: addYears(servedOn, 3) });
  const listRecord = await api.db('credit_records').where({ id: entry.record_id }).first();
  expect(listRecord.minimum_publicity_end).toBe(addYears(servedOn, 1));
  // JS Art 32: the legal representative's mark has the same minimum publicity, and a notice is served on them.
  const mark = await api.db('credit_records').where({ marks_record_id: entry.record_id }).first();
  expect(mark).toMatchObject({ subject_id: person.id, minimum_publicity_end: addYears(servedOn, 1), mark_role: 'legal_representative' });
  const markNotice = await api.db('documents').where({ case_id: id, kind: 'responsible_person_notice' }).first();
  expect(markNotice.subject_id).toBe(person.id);
  expect(listed.details.marks).toEqual([expect.objectContaining({ personId: person.id, documentId: markNotice.id })]);
  expect(entry.measures).toEqual(['key_supervision', 'restrict_commendation']);
  const records = await api.call('GET', `/api/v1/subjects/${person.id}/credit-records`, { token: await tokens.subject(person.id) });
  expect(records.body.items).toEqual([expect.objectContaining({ category: 'dishonest', severity: 'serious', marksRecordId: entry.record_id })]);

  const mine = await api.call('GET', `/api/v1/cases?type=inclusion`, { token: subject });
  expect(mine.body.items.map((x: any) => x.id)).toEqual([id]);
  const audit = await api.call('GET', `/api/v1/audit?caseId=${id}`, { token: await tokens.supervisor('market-regulation') });
  expect(audit.body.items.map((e: any) => e.action)).toEqual(expect.arrayContaining(['inclusion.started', 'inclusion.statement_submitted', 'inclusion.feedback_given', 'inclusion.waived', 'inclusion.decided', 'list_entry.created']));
});

test('refusals: what JS Art 29 and 45-47 forbid (422, nothing started), other subjects (404) and other departments (403)', async () => {
  const officer = await tokens.officer();
  const { org } = await registerOrganisationWithRepresentative(officer);
  const before = await writeCounts(api.db);
  const refusals = [
    [startBody(org.id, { field: 'tax_evasion' }), 'field_not_in_list'],
    [startBody(org.id, { measures: ['key_supervision', 'public_shaming'] }), 'measure_not_in_list'],
    [startBody(org.id, { measures: ['local_law_other'] }), 'measure_needs_citation'],
    [startBody(org.id, { basis: [] }), 'no_basis'],
    [startBody(org.id, { basis: [{ ...basis[0], effectiveOn: '2099-01-01' }] }), 'basis_not_effective'],
  ] as const;
  for (const [body, code] of refusals) {
    const res = await api.call('POST', '/api/v1/inclusion-cases', { token: officer, body });
    expect({ code: res.body.error?.code, status: res.status }).toEqual({ code, status: 422 });
  }
  expect(await writeCounts(api.db)).toEqual(before);

  const first = await api.call('POST', '/api/v1/inclusion-cases', { token: officer, body: startBody(org.id) });
  expect(first.status).toBe(201);
  const afterFirst = await writeCounts(api.db);
  const second = await api.call('POST', '/api/v1/inclusion-cases', { token: officer, body: startBody(org.id) });
  expect(second.status).toBe(422);
  expect(second.body.error.code).toBe('open_case_on_same_basis');
  expect((await writeCounts(api.db)).cases).toBe(afterFirst.cases);

  const id = first.body.id;
  const { org: other } = await registerOrganisationWithRepresentative(officer);
  const otherSubject = await tokens.subject(other.id);
  expect((await api.call('GET', `/api/v1/inclusion-cases/${id}`, { token: otherSubject })).status).toBe(404);
  expect((await api.call('POST', `/api/v1/inclusion-cases/${id}/acknowledgement`, { token: otherSubject, body: { document: 'notice' } })).status).toBe(404);
  expect((await api.call('GET', `/api/v1/documents/${first.body.documents[0].id}`, { token: otherSubject })).status).toBe(404);
  const taxOfficer = await tokens.officer('tax');
  expect((await api.call('GET', `/api/v1/inclusion-cases/${id}`, { token: taxOfficer })).status).toBe(403);
  const step = await api.call('POST', `/api/v1/inclusion-cases/${id}/withdrawal`, { token: taxOfficer, body: { reason: '越权' } });
  expect(step.status).toBe(403);
  expect((await api.call('GET', `/api/v1/cases?department=market-regulation`, { token: taxOfficer })).status).toBe(403);
  expect((await api.call('GET', `/api/v1/inclusion-cases/${id}`, { token: await tokens.supervisor('credit-comprehensive') })).status).toBe(200);
  expect((await api.call('POST', `/api/v1/inclusion-cases/${id}/approval`, { token: await tokens.supervisor() })).body.error.code).toBe('case_not_in_state');
  expect(await api.db('audit_events').where({ case_id: id, actor: 'officer-tax' })).toHaveLength(0);

  // Evidence is size-limited: too much is refused with 413 before anything is stored.
  const subject = await tokens.subject(org.id);
  const beforeLarge = await writeCounts(api.db);
  const large = Buffer.alloc(5 * 1024 * 1024 + 1, 1).toString('base64');
  const tooLarge = await api.call('POST', `/api/v1/inclusion-cases/${id}/statements`, { token: subject, body: { text: '证据', evidence: [{ name: 'big.bin', contentType: 'application/octet-stream', contentBase64: large }] } });
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.body.error.code).toBe('payload_too_large');
  expect(await writeCounts(api.db)).toEqual(beforeLarge);
});

test('a minor at the time of the act: the case waits for a supervisor of the department', async () => {
  const officer = await tokens.officer();
  const minor = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'natural_person', name: '钱小七', identifier: { type: 'citizen_id', value: newCitizenId('2009-12-01') } } });
  const started = await api.call('POST', '/api/v1/inclusion-cases', { token: officer, body: startBody(minor.body.id, { actOn: '2026-06-01' }) });
  expect(started.body.status).toBe('awaiting_approval');
  expect(started.body.documents).toEqual([]);
  expect((await api.call('POST', `/api/v1/inclusion-cases/${started.body.id}/approval`, { token: officer })).status).toBe(403);
  expect((await api.call('POST', `/api/v1/inclusion-cases/${started.body.id}/approval`, { token: await tokens.supervisor('tax') })).status).toBe(403);
  await api.call('POST', `/api/v1/inclusion-cases/${started.body.id}/approval`, { token: await tokens.supervisor() });
  const c = await waitForCase(started.body.id, officer, (x) => x.status === 'notice_issued');
  expect(c.documents.map((d: any) => d.kind)).toEqual(['prior_notice']);
});

/** A worker process of its own (tsx runs it in a child: the group is killed, so nothing outlives the test). */
function startWorkerProcess(taskQueue: string): ChildProcess {
  return spawn(process.execPath, [path.join('node_modules', 'tsx', 'dist', 'cli.mjs'), 'worker/main.ts'], {
    env: { ...process.env, TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
}

async function killWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((r) => worker.once('exit', r));
  process.kill(-worker.pid!, 'SIGKILL');
  await exited;
}

test('the worker killed (SIGKILL) while a case waits, restarted: the case finishes with one of each document and one list entry', async () => {
  const standalone = await startTestApi({ worker: false });
  let worker = startWorkerProcess(standalone.taskQueue);
  try {
    const officer = await tokens.officer();
    const { org } = await registerOrganisationWithRepresentative(officer);
    const started = await standalone.call('POST', '/api/v1/inclusion-cases', { token: officer, body: startBody(org.id), headers: { 'Idempotency-Key': `kill-${org.id}` } });
    expect(started.status).toBe(201);
    const id = started.body.id;
    const subject = await tokens.subject(org.id);
    await standalone.call('POST', `/api/v1/inclusion-cases/${id}/acknowledgement`, { token: subject, body: { document: 'notice' } });

    await killWorker(worker);
    worker = startWorkerProcess(standalone.taskQueue);

    const waived = await standalone.call('POST', `/api/v1/inclusion-cases/${id}/waiver`, { token: subject });
    expect(waived.status).toBe(200);
    const until = Date.now() + 60_000;
    let decision;
    do {
      decision = await standalone.call('POST', `/api/v1/inclusion-cases/${id}/decision`, { token: officer, body: { outcome: 'include', reasons: '事实清楚' } });
      if (decision.status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < until);
    expect(decision.status).toBe(200);
    await killWorker(worker);
    worker = startWorkerProcess(standalone.taskQueue);
    await standalone.call('POST', `/api/v1/inclusion-cases/${id}/service`, { token: officer, body: { document: 'decision', method: 'post', servedAt: new Date().toISOString() } });
    const deadline = Date.now() + 60_000;
    let c;
    do {
      c = (await standalone.call('GET', `/api/v1/inclusion-cases/${id}`, { token: officer })).body;
      if (c.status === 'listed') break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < deadline);
    expect(c.status).toBe('listed');
    const kinds = (await standalone.db('documents').where({ case_id: id }).pluck('kind')).sort();
    expect(kinds).toEqual(['credit_repair_notice', 'inclusion_decision', 'prior_notice', 'responsible_person_notice']);
    expect(await standalone.db('list_entries').where({ case_id: id })).toHaveLength(1);
    expect(await standalone.db('credit_records').where({ source_case_id: id })).toHaveLength(2);
  } finally {
    await killWorker(worker);
    await standalone.close();
  }
});

test('a step sent twice at once (a client retrying on another API copy after a lost answer) is taken once', async () => {
  const officer = await tokens.officer();
  const org = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: '南京某某建材有限公司', identifier: { type: 'uscc', value: newUscc() } } });
  const subject = await tokens.subject(org.body.id);
  const id = (await api.call('POST', '/api/v1/inclusion-cases', { token: officer, body: startBody(org.body.id) })).body.id;
  const twice = (step: string, token: string, body?: unknown) =>
    Promise.all([0, 1].map(() => api.call('POST', `/api/v1/inclusion-cases/${id}/${step}`, { token, body }))).then((replies) => replies.map((r) => r.status).sort());

  expect(await twice('acknowledgement', subject, { document: 'notice' })).toEqual([200, 409]);
  await api.call('POST', `/api/v1/inclusion-cases/${id}/waiver`, { token: subject });
  await waitForCase(id, officer, (c) => c.status === 'awaiting_decision');
  expect(await twice('decision', officer, { outcome: 'include', reasons: '事实清楚，证据确凿' })).toEqual([200, 409]);
  await waitForCase(id, officer, (c) => c.status === 'decision_issued');

  const actions = (await api.db('audit_events').where({ case_id: id }).select('action')).map((r) => r.action);
  expect(actions.filter((a) => a === 'inclusion.acknowledged')).toHaveLength(1);
  expect(actions.filter((a) => a === 'inclusion.decided')).toHaveLength(1);
});

test('fifty cases started at once each answer 201 with their prior notice, and each reads back as answered', async () => {
  const officer = await tokens.officer('market-regulation', 'officer-rush');
  const orgs = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: `南京并发测试${i}号有限公司`, identifier: { type: 'uscc', value: newUscc() } } }),
    ),
  );
  const started = await Promise.all(orgs.map((o) => api.call('POST', '/api/v1/inclusion-cases', { token: officer, body: startBody(o.body.id) })));
  expect(started.map((s) => s.status)).toEqual(orgs.map(() => 201));
  expect(started.every((s) => s.body.status === 'notice_issued' && s.body.documents.map((d: any) => d.kind).join() === 'prior_notice')).toBe(true);
  for (const s of started.slice(0, 10)) {
    const read = await api.call('GET', `/api/v1/inclusion-cases/${s.body.id}`, { token: officer });
    expect(read.body).toMatchObject({ status: 'notice_issued', documents: [expect.objectContaining({ id: s.body.documents[0].id })] });
  }
});

test('a case’s history carries the calendar once, in its setup, not in each write of the projection', async () => {
  const officer = await tokens.officer();
  const { org } = await registerOrganisationWithRepresentative(officer);
  const started = await api.call('POST', '/api/v1/inclusion-cases', { token: officer, body: startBody(org.id) });
  const c = await api.call('POST', `/api/v1/inclusion-cases/${started.body.id}/service`, { token: officer, body: { document: 'notice', method: 'in_person', servedAt: new Date().toISOString() } });
  expect(c.body.status).toBe('objection_window');
  const { events } = await api.client.workflow.getHandle(started.body.id).fetchHistory();
  // Activities of the server's queue record their input and result; a local activity (a step's commit) its marker.
  const markers = (events ?? []).flatMap((e) => (e.markerRecordedEventAttributes?.markerName === 'core_local_activity' ? [e.markerRecordedEventAttributes] : []));
  const payloads = (events ?? []).flatMap((e) => [
    ...(e.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
    ...(e.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
    ...Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((d) => d.payloads ?? []),
  ]);
  const commits = markers.filter((m) => JSON.parse(Buffer.from(m.details!.data!.payloads![0].data!).toString('utf8')).activity_type === 'commitStep');
  expect(commits).toHaveLength(2); // the start with its notice, the service
  const withCalendar = payloads.filter((p) => Buffer.from(p.data ?? []).toString('utf8').includes('"overrides"'));
  expect(withCalendar).toHaveLength(1);
});

test('a case claimed but not yet through its first steps is listed and read in the full shape of a case', async () => {
  // Between the claim's commit and the first projection write (or after a crash there) the row says `starting`;
  // the officer's list must still answer cases with deadlines, documents and events (the pages sort on them).
  const officer = await tokens.officer('market-regulation');
  const { org } = await registerOrganisationWithRepresentative(officer);
  const id = `inclusion-${randomUUID()}`;
  await api.db.transaction((trx) => claimCase(trx, { id, type: 'inclusion', subjectId: org.id, department: 'market-regulation', matterKey: id }));

  const listed = await api.call('GET', `/api/v1/cases?subjectId=${org.id}`, { token: officer });
  expect(listed.status).toBe(200);
  expect(listed.body.items).toEqual([
    expect.objectContaining({ id, type: 'inclusion', status: 'starting', subjectId: org.id, department: 'market-regulation', deadlines: [], documents: [], events: [], allowedActions: [] }),
  ]);
  const read = await api.call('GET', `/api/v1/inclusion-cases/${id}`, { token: officer });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ id, status: 'starting', deadlines: [], documents: [], allowedActions: [] });
});

test('a step on a case whose workflow has ended while the projection still says open is refused as closed', async () => {
  // E.g. the workflow terminated by an operator: the API learns it from Temporal, not from the projection.
  const officer = await tokens.officer();
  const { org } = await registerOrganisationWithRepresentative(officer);
  const started = await api.call('POST', '/api/v1/inclusion-cases', { token: officer, body: startBody(org.id) });
  await api.client.workflow.getHandle(started.body.id).terminate('operator');
  const step = await api.call('POST', `/api/v1/inclusion-cases/${started.body.id}/withdrawal`, { token: officer, body: { reason: '撤回' } });
  expect(step.status).toBe(409);
  expect(step.body.error.code).toBe('case_closed');
});

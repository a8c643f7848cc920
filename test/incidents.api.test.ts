/**
 * A value the database refuses, reaching a case by a way around the API's checks (an older client of the
 * workflows, a message sent straight to Temporal): the activity fails once and for all instead of retrying
 * forever, the case shows up among the supervisors' incidents with the error, and the officer's next step on it
 * answers at once with a clear error instead of hanging. Nothing of the offending text reaches the incident.
 */
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { extendObjectionUpdate } from '../shared/objection';
import { startTestApi, tokens, type TestApi } from './helpers/api';
import { eventually, supervisor } from './helpers/cases';
import { newUscc, objectionInput, registerOrganisation } from './helpers/fixtures';
import { insertCreditRecord } from './helpers/records';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

const WEDGE = '理由\u0000张三的身份证号320102198506151234';

async function incidentsFor(caseId: string, dept = 'market-regulation') {
  const res = await api.call('GET', '/api/v1/supervision/incidents', { token: await tokens.supervisor(dept) });
  expect(res.status).toBe(200);
  return (res.body.items as any[]).filter((i) => i.caseId === caseId);
}

test('an objection whose reasons PostgreSQL refuses fails once, and becomes an incident supervisors see with its error', async () => {
  const org = await registerOrganisation(api.db);
  const record = await insertCreditRecord(api.db, org.id);
  const input = objectionInput(org, record, { reasons: WEDGE });
  const handle = await api.client.workflow.start('objectionCase', { args: [input], workflowId: input.caseId, taskQueue: api.taskQueue });

  const [incident] = await eventually(async () => {
    const found = await incidentsFor(input.caseId);
    expect(found).toHaveLength(1);
    return found;
  }, 20_000);
  expect(incident).toMatchObject({
    caseId: input.caseId,
    type: 'objection',
    department: 'market-regulation',
    kind: 'data_refused',
    retrying: false,
    activity: expect.any(String),
    since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    link: `/api/v1/objections/${input.caseId}`,
  });
  expect(incident.error).toMatch(/PostgreSQL refused a value/);
  expect(JSON.stringify(incident)).not.toMatch(/理由|320102198506151234/);

  // Not retried: one attempt, and the workflow is told at once (it does not sit in a retry loop).
  // The step's commit is a local activity: its attempts are markers in the history, written when the
  // workflow task that ran it completes, which may be a moment after the incident row is visible.
  const failed = await eventually(async () => {
    const history = await handle.fetchHistory();
    const markers = history.events!.flatMap((e) => e.activityTaskFailedEventAttributes?.failure ?? e.markerRecordedEventAttributes?.failure ?? []);
    expect(markers.length).toBeGreaterThan(0);
    return markers;
  });
  expect(failed).toHaveLength(1);
  expect(failed[0].applicationFailureInfo).toMatchObject({ type: 'data_refused', nonRetryable: true });
  expect(JSON.stringify(failed[0])).not.toMatch(/320102198506151234/);

  // Another department's supervisor does not see it; the comprehensive department's do.
  expect(await incidentsFor(input.caseId, 'tax')).toHaveLength(0);
  expect(await incidentsFor(input.caseId, 'credit-comprehensive')).toHaveLength(1);
  // Officers may not list incidents.
  expect((await api.call('GET', '/api/v1/supervision/incidents', { token: await tokens.officer() })).status).toBe(403);
});

test('a step whose write PostgreSQL refuses answers with an error at once, and so does every later step on the wedged case', async () => {
  const officer = await tokens.officer('market-regulation');
  const subject = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: '南京某某商贸有限公司', identifier: { type: 'uscc', value: newUscc() } } });
  const record = await insertCreditRecord(api.db, subject.body.id);
  const started = await api.call('POST', '/api/v1/objections', { token: await tokens.subject(subject.body.id), body: { creditRecordId: record.id, grounds: 'error', reasons: '金额记载错误' } });
  expect(started.status).toBe(201);
  const id = started.body.id;
  expect((await api.call('POST', `/api/v1/objections/${id}/acceptance`, { token: officer, body: { accepted: true } })).status).toBe(200);

  // Straight to Temporal, past the API's checks: the update fails (it does not hang), with the classified error.
  const handle = api.client.workflow.getHandle(id);
  const err = await handle.executeUpdate(extendObjectionUpdate, { args: [{ actor: { ...supervisor, id: 'supervisor-wang' }, workingDays: 5, reason: WEDGE }] }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  // The step's commit is a local activity, whose failure the update carries as it is.
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe('data_refused');

  await eventually(async () => expect(await incidentsFor(id)).toHaveLength(1), 20_000);
  // The officer's next step: a clear refusal naming the incident, promptly.
  const next = await api.call('POST', `/api/v1/objections/${id}/suspension`, { token: officer, body: { reason: '等待补充材料' } });
  expect(next.status).toBe(409);
  expect(next.body.error.code).toBe('case_incident');
  expect(next.body.error.message).toMatch(/incident/);
  expect(next.body.error.details).toMatchObject({ caseId: id, incidents: [expect.objectContaining({ kind: 'data_refused' })] });
});

import type { TestApi } from './api';
import { tokens } from './api';

export const BASIS = [{ kind: 'administrative_penalty', number: '宁市监罚〔2026〕301号', effectiveOn: '2026-08-01', issuer: '南京市市场监督管理局' }];

/** Polls the case through the API until the predicate holds. */
export async function waitForCase(api: TestApi, id: string, token: string, predicate: (c: any) => boolean, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < until) {
    last = (await api.call('GET', `/api/v1/inclusion-cases/${id}`, { token })).body;
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`case ${id} stuck in ${last?.status}`);
}

/** Drives an inclusion case through the API to `listed`: notice acknowledged, window waived, included, served. */
export async function listThroughApi(api: TestApi, subjectId: string, measures = ['key_supervision', 'restrict_government_projects']) {
  const officer = await tokens.officer();
  const subject = await tokens.subject(subjectId);
  const started = await api.call('POST', '/api/v1/inclusion-cases', {
    token: officer,
    body: { subjectId, field: 'fair_competition_social_order', basis: BASIS, facts: '串通投标', reasons: '严重破坏市场公平竞争秩序', legalProvisions: ['《江苏省社会信用条例》第二十九条第二项'], measures, actOn: '2026-07-10' },
  });
  const id = started.body.id;
  await api.call('POST', `/api/v1/inclusion-cases/${id}/acknowledgement`, { token: subject, body: { document: 'notice' } });
  await api.call('POST', `/api/v1/inclusion-cases/${id}/waiver`, { token: subject });
  await waitForCase(api, id, officer, (c) => c.status === 'awaiting_decision');
  await api.call('POST', `/api/v1/inclusion-cases/${id}/decision`, { token: officer, body: { outcome: 'include', reasons: '事实清楚，证据确凿' } });
  const served = await api.call('POST', `/api/v1/inclusion-cases/${id}/service`, { token: officer, body: { document: 'decision', method: 'post', servedAt: new Date().toISOString() } });
  if (served.status !== 200) throw new Error(`service of the decision refused: ${JSON.stringify(served.body)}`);
  return waitForCase(api, id, officer, (c) => c.status === 'listed');
}

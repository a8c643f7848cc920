/**
 * What a browser, a proxy and a careless or hostile client meet: security headers, no caching of personal data,
 * only sane request IDs echoed, rate limits shared by every API copy (429 with Retry-After and RateLimit
 * headers), and Idempotency-Key replays that give back the first answer whole (Location included), whatever the
 * order of the body's keys, for as long as keys are kept.
 */
import { startTestApi, tokens, writeCounts, type TestApi } from './helpers/api';
import { newUscc } from './helpers/fixtures';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ worker: false });
});
afterAll(() => api?.close());

const newSubject = () => ({ kind: 'legal_person', name: '南京某某商贸有限公司', identifier: { type: 'uscc', value: newUscc() } });

test('security headers on the API and its docs page', async () => {
  for (const path of ['/api/v1/public/serious-dishonesty-list', '/docs', '/health']) {
    const res = await api.call('GET', path);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  }
});

test('nothing under /api/ is cached (personal data, documents), refusals included', async () => {
  const officer = await tokens.officer();
  const subject = await api.call('POST', '/api/v1/subjects', { token: officer, body: newSubject() });
  const read = await api.call('GET', `/api/v1/subjects/${subject.body.id}`, { token: officer });
  expect(read.status).toBe(200);
  expect(read.headers.get('cache-control')).toBe('no-store');
  const refused = await api.call('GET', `/api/v1/subjects/${subject.body.id}`);
  expect(refused.headers.get('cache-control')).toBe('no-store');
});

test('a large answer goes gzip-compressed to a client that accepts it, and as it is to one that does not', async () => {
  const identifiers = Array.from({ length: 3_000 }, () => newUscc());
  const token = await tokens.officer();
  const check = (acceptEncoding: string) =>
    api.call('POST', '/api/v1/list-checks', { token, body: { identifiers, purpose: '批量审查' }, headers: { 'Accept-Encoding': acceptEncoding } });
  const gzipped = await check('gzip');
  expect(gzipped.status).toBe(200);
  expect(gzipped.headers.get('content-encoding')).toBe('gzip');
  expect(gzipped.headers.get('vary')).toMatch(/Accept-Encoding/i);
  expect(gzipped.body.results).toHaveLength(3_000);
  const plain = await check('identity');
  expect(plain.headers.get('content-encoding')).toBeNull();
  expect(plain.body.results).toEqual(gzipped.body.results);
  // A small answer is not worth compressing.
  const small = await api.call('GET', '/health', { headers: { 'Accept-Encoding': 'gzip' } });
  expect(small.headers.get('content-encoding')).toBeNull();
});

test('X-Request-Id is echoed only in a sane form; otherwise the server gives its own', async () => {
  const sane = await api.call('GET', '/health', { headers: { 'X-Request-Id': 'client-42.a:b_c' } });
  expect(sane.headers.get('x-request-id')).toBe('client-42.a:b_c');
  for (const bad of ['a'.repeat(500), 'x y', '<script>', 'id\u00e9']) {
    const res = await api.call('GET', '/health', { headers: { 'X-Request-Id': encodeURI(bad) === bad ? bad : encodeURI(bad) } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  }
});

describe('Idempotency-Key', () => {
  test('a replay gives back the first status, body and Location; the order of the keys does not matter', async () => {
    const officer = await tokens.officer();
    const body = newSubject();
    const key = `hardening-${Date.now()}`;
    const first = await api.call('POST', '/api/v1/subjects', { token: officer, body, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    const reordered = { identifier: { value: body.identifier.value, type: body.identifier.type }, name: body.name, kind: body.kind };
    const before = await writeCounts(api.db);
    const replay = await api.call('POST', '/api/v1/subjects', { token: officer, body: reordered, headers: { 'Idempotency-Key': key } });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));
    expect(await writeCounts(api.db)).toEqual(before);
    const other = await api.call('POST', '/api/v1/subjects', { token: officer, body: { ...body, name: '另一家公司' }, headers: { 'Idempotency-Key': key } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_key_reused');
  });

  test('a key is kept for a day: after that the same key is a new request', async () => {
    const officer = await tokens.officer();
    const key = `hardening-expiry-${Date.now()}`;
    const first = await api.call('POST', '/api/v1/subjects', { token: officer, body: newSubject(), headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    // A day and a bit later (the key's age set back, as the clock would).
    await api.db('idempotency_keys').where({ key }).update({ created_at: new Date(Date.now() - 25 * 3600_000) });
    const second = newSubject();
    const later = await api.call('POST', '/api/v1/subjects', { token: officer, body: second, headers: { 'Idempotency-Key': key } });
    expect(later.status).toBe(201);
    // The second body was registered as a subject of its own, not answered with the first one.
    expect(later.body).toMatchObject({ name: second.name, identifier: { type: 'uscc', value: second.identifier.value } });
    expect(later.headers.get('location')).toBe(`/api/v1/subjects/${later.body.id}`);
    const registered = await api.db('subjects').whereIn('id', [first.body.id, later.body.id]).pluck('identifier_value');
    expect(registered.sort()).toEqual([first.body.identifier.value, second.identifier.value].sort());
  });
});

describe('rate limits, shared by every API copy', () => {
  let copyA: TestApi;
  let copyB: TestApi;
  beforeAll(async () => {
    const limits = { public: { points: 6, durationSeconds: 60 }, listChecks: { points: 3, durationSeconds: 60 } };
    copyA = await startTestApi({ worker: false, rateLimits: limits });
    copyB = await startTestApi({ worker: false, rateLimits: limits });
  });
  afterAll(async () => {
    await copyA?.close();
    await copyB?.close();
  });

  test('the public endpoints: the seventh request in a minute from one client, on either copy, is a 429', async () => {
    const headers = { 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 250)}` };
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await (i % 2 ? copyB : copyA).call('GET', '/api/v1/public/serious-dishonesty-list', { headers }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers[0].headers.get('ratelimit-limit')).toBe('6');
    expect(answers[5].headers.get('ratelimit-remaining')).toBe('0');
    const refused = await copyA.call('GET', '/api/v1/public/credit-records?identifier=91320100MA1XXXXX00', { headers });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-reset')).toMatch(/^\d+$/);
    // Another client is not affected.
    expect((await copyB.call('GET', '/api/v1/public/serious-dishonesty-list', { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status).toBe(200);
  });

  test('list checks: per caller, across copies', async () => {
    const officer = await tokens.officer('market-regulation', `officer-rate-${Date.now()}`);
    const body = { identifiers: [newUscc()], purpose: '招标资格审查' };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await (i % 2 ? copyB : copyA).call('POST', '/api/v1/list-checks', { token: officer, body })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

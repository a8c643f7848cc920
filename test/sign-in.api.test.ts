/**
 * How the pages sign in: the local sign-in signs a token for the chosen role only when the API was given the
 * locally generated secret; otherwise it is not there (404) and signs nothing.
 */
import { registerOrganisation } from './helpers/fixtures';
import { startTestApi, type TestApi } from './helpers/api';

let local: TestApi;
let deployed: TestApi;
beforeAll(async () => {
  [local, deployed] = await Promise.all([startTestApi({ worker: false, localSignIn: true }), startTestApi({ worker: false })]);
});
afterAll(() => Promise.all([local?.close(), deployed?.close()]));

test('locally, a person chooses a role and whom they act for and gets a token the API accepts', async () => {
  expect((await local.call('GET', '/api/v1/sign-in')).body).toEqual({ local: true });
  const org = await registerOrganisation(local.db, '南京登录测试有限公司');
  const choices = await local.call('GET', `/api/v1/sign-in/local/choices?q=${encodeURIComponent('登录测试')}`);
  expect(choices.body.subjects).toEqual([expect.objectContaining({ id: org.id, name: '南京登录测试有限公司', identifier: org.identifier })]);
  expect(choices.body.departments.map((d: any) => d.code)).toContain('market-regulation');

  const signedIn = await local.call('POST', '/api/v1/sign-in/local', { body: { role: 'subject', subjectId: org.id } });
  expect(signedIn.status).toBe(200);
  const me = await local.call('GET', `/api/v1/subjects/${org.id}`, { token: signedIn.body.token });
  expect(me.status).toBe(200);
  const officer = await local.call('POST', '/api/v1/sign-in/local', { body: { role: 'officer', dept: 'tax' } });
  const cases = await local.call('GET', '/api/v1/cases?department=market-regulation', { token: officer.body.token });
  expect(cases.status).toBe(403);

  const missing = await local.call('POST', '/api/v1/sign-in/local', { body: { role: 'officer' } });
  expect(missing.status).toBe(400);
  expect(missing.body.error.details.fields[0].path).toBe('body.dept');
  const unknown = await local.call('POST', '/api/v1/sign-in/local', { body: { role: 'agency', agencyId: '00000000-0000-4000-8000-000000000000' } });
  expect(unknown.status).toBe(404);
});

test('without the locally generated secret there is no local sign-in', async () => {
  expect((await deployed.call('GET', '/api/v1/sign-in')).body).toEqual({ local: false });
  const refused = await deployed.call('POST', '/api/v1/sign-in/local', { body: { role: 'supervisor', dept: 'credit-comprehensive' } });
  expect(refused.status).toBe(404);
  expect(refused.body.error.message).toMatch(/local sign-in is off/);
  expect((await deployed.call('GET', '/api/v1/sign-in/local/choices')).status).toBe(404);
});

test('the pages are served at / and at their own paths, with their assets; the API keeps its JSON 404', async () => {
  const index = await local.call('GET', '/officer/subjects/new');
  expect(index.status).toBe(200);
  expect(index.headers.get('content-type')).toMatch(/text\/html/);
  const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"><\/script>/.exec(String(index.body));
  expect(script).not.toBeNull();
  expect(String(index.body)).not.toMatch(/<script>|<script type="module">/); // no inline script (a strict CSP holds)
  const asset = await local.call('GET', script![1]);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('cache-control')).toMatch(/immutable/);
  expect((await local.call('GET', '/api/v1/nothing-here')).body.error.code).toBe('not_found');
});

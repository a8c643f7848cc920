/**
 * Forged and careless tokens, as an attacker would send them: each is refused with 401 (through HTTP against the
 * shared-secret verifier, and against a JWKS served by a real HTTP server), and a token the rules allow passes.
 */
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createServer, type Server } from 'node:http';
import { createTokenVerifier } from '../api/auth';
import { startTestApi, tokens, type TestApi } from './helpers/api';

const SECRET = 'test-secret-for-the-api-tests-only';
const now = () => Math.floor(Date.now() / 1000);
const officerClaims = { sub: 'officer-li', role: 'officer', dept: 'market-regulation' };
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

let api: TestApi;
let jwks: Server;
let jwksUrl: string;
let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
let rsaPublicJwk: JWK;

beforeAll(async () => {
  api = await startTestApi({ worker: false });
  rsa = await generateKeyPair('RS256');
  rsaPublicJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ keys: [rsaPublicJwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks.json`;
});
afterAll(async () => {
  await api?.close();
  await new Promise((resolve) => jwks?.close(resolve));
});

const hs256 = (claims: Record<string, unknown>, secret = SECRET) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));

async function status(token: string) {
  return (await api.call('GET', '/api/v1/time-limits', { token })).status;
}

describe('with the shared secret', () => {
  test('a token signed as npm run token signs it is accepted', async () => {
    expect(await status(await tokens.officer())).toBe(200);
    expect(await status(await hs256({ ...officerClaims, iat: now(), exp: now() + 3600 }))).toBe(200);
  });

  const forged: Array<[string, () => Promise<string>]> = [
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...officerClaims, iat: now(), exp: now() + 3600 })}.`],
    ['signed with another secret', () => hs256({ ...officerClaims, iat: now(), exp: now() + 3600 }, 'another-secret-another-secret-another')],
    ['signed RS256 with a key of its own', () => new SignJWT({ ...officerClaims }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().setExpirationTime('1h').sign(rsa.privateKey)],
    ['without exp', () => hs256({ ...officerClaims, iat: now() })],
    ['exp 100 years ahead', () => hs256({ ...officerClaims, iat: now(), exp: now() + 100 * 365 * 86400 })],
    ['exp 13 hours ahead (over the 12 h maximum)', () => hs256({ ...officerClaims, iat: now(), exp: now() + 13 * 3600 })],
    ['no iat and exp beyond the maximum', () => hs256({ ...officerClaims, exp: now() + 24 * 3600 })],
    ['iat in the future', () => hs256({ ...officerClaims, iat: now() + 3600, exp: now() + 7200 })],
    ['expired', () => hs256({ ...officerClaims, iat: now() - 7200, exp: now() - 3600 })],
    ['a sub holding NUL', () => hs256({ ...officerClaims, sub: 'officer\u0000li', iat: now(), exp: now() + 3600 })],
    ['a payload that is not JSON', async () => `${b64({ alg: 'HS256' })}.bm90IGpzb24.sig`],
  ];
  test.each(forged)('a token %s is refused with 401', async (_what, make) => {
    const res = await api.call('GET', '/api/v1/time-limits', { token: await make() });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  test('iss and aud are checked when configured', async () => {
    const verifier = createTokenVerifier({ secret: SECRET, issuer: 'https://idp.example', audience: 'credit-cases' });
    const claims = { ...officerClaims, iat: now(), exp: now() + 3600 };
    await expect(verifier.verify(await hs256({ ...claims, iss: 'https://idp.example', aud: 'credit-cases' }))).resolves.toMatchObject({ id: 'officer-li' });
    await expect(verifier.verify(await hs256({ ...claims, iss: 'https://evil.example', aud: 'credit-cases' }))).rejects.toMatchObject({ status: 401 });
    await expect(verifier.verify(await hs256({ ...claims, iss: 'https://idp.example', aud: 'another-app' }))).rejects.toMatchObject({ status: 401 });
    await expect(verifier.verify(await hs256(claims))).rejects.toMatchObject({ status: 401 });
  });

  test('a token verified once is not accepted past its exp (and beyond the clock tolerance) for having been seen', async () => {
    const verifier = createTokenVerifier({ secret: SECRET });
    const token = await hs256({ ...officerClaims, iat: now(), exp: now() + 60 });
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'officer-li' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'officer-li' });
    // Three minutes on, by the wall clock only (the cache's own timer would still keep the token).
    const timers = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;
    jest.useFakeTimers({ now: Date.now() + 3 * 60_000, doNotFake: [...timers] });
    try {
      await expect(verifier.verify(token)).rejects.toMatchObject({ status: 401 });
    } finally {
      jest.useRealTimers();
    }
  });

  test('the maximum lifetime is configurable', async () => {
    const verifier = createTokenVerifier({ secret: SECRET, maxLifetimeSeconds: 3600 });
    await expect(verifier.verify(await hs256({ ...officerClaims, iat: now(), exp: now() + 1800 }))).resolves.toMatchObject({ role: 'officer' });
    await expect(verifier.verify(await hs256({ ...officerClaims, iat: now(), exp: now() + 7200 }))).rejects.toMatchObject({ status: 401 });
  });
});

describe('with an identity provider’s JWKS', () => {
  const idp = () => createTokenVerifier({ jwksUrl, issuer: 'https://idp.example', audience: 'credit-cases' });
  const rs256 = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'idp-1' }).sign(rsa.privateKey);
  const good = () => ({ ...officerClaims, iss: 'https://idp.example', aud: 'credit-cases', iat: now(), exp: now() + 3600 });

  test('a token of the provider is accepted', async () => {
    await expect(idp().verify(await rs256(good()))).resolves.toMatchObject({ id: 'officer-li', department: 'market-regulation' });
  });

  test('HS256 signed with the provider’s public key (algorithm confusion) is refused', async () => {
    const publicPem = Buffer.from(JSON.stringify(rsaPublicJwk));
    const confused = await new SignJWT(good()).setProtectedHeader({ alg: 'HS256', kid: 'idp-1' }).sign(new Uint8Array(publicPem));
    await expect(idp().verify(confused)).rejects.toMatchObject({ status: 401 });
  });

  test('alg none, a foreign key, a missing exp, a foreign issuer or audience are refused', async () => {
    const other = await generateKeyPair('RS256');
    const cases = [
      `${b64({ alg: 'none', kid: 'idp-1' })}.${b64(good())}.`,
      await new SignJWT(good()).setProtectedHeader({ alg: 'RS256', kid: 'idp-1' }).sign(other.privateKey),
      await rs256({ ...good(), exp: undefined }),
      await rs256({ ...good(), iss: 'https://evil.example' }),
      await rs256({ ...good(), aud: 'another-app' }),
    ];
    for (const token of cases) await expect(idp().verify(token)).rejects.toMatchObject({ status: 401 });
  });

  test('a JWKS verifier without an issuer and an audience is a configuration error', () => {
    expect(() => createTokenVerifier({ jwksUrl })).toThrow(/JWT_ISSUER/);
  });
});

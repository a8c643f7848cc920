/**
 * Every endpoint of the OpenAPI document fuzzed from its own schemas (path, query, body; see arbitraries.ts) by a
 * caller the route lets in: never a 5xx, never a stack trace in the answer, and a refused request writes nothing
 * (every table counted before and after). On a database of its own, so that nothing else writes meanwhile.
 */
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../../db/knex';
import { migrate } from '../../db/migrate';
import { createDatabase, dropDatabase, withDatabase } from '../../lib/servers';
import { startTestApi, tokens, type TestApi } from '../helpers/api';
import { newUscc } from '../helpers/fixtures';
import { arbitraryOf, type JsonSchema } from './arbitraries';
import { ROUTES } from '../../api/app';
import { openApiDocument } from '../../api/http';
import { FULL } from './flow';
import { sleep } from './stack';

const RUNS = FULL ? 1000 : 200;
const NAME = `credit_fuzz_${randomBytes(4).toString('hex')}`;

let api: TestApi;
let owner: Db;
let countAll: () => Promise<Record<string, number>>;
let tokenOf: Record<string, string>;
/** The document the API serves at /openapi.json, made from the route declarations: one test per operation. */
const DOCUMENT = openApiDocument(ROUTES) as { paths: Record<string, Record<string, any>> };
const operations = Object.entries(DOCUMENT.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, { method: method.toUpperCase(), path, op }] as [string, { method: string; path: string; op: any }]),
);

beforeAll(async () => {
  const ownerUrl = await createDatabase(process.env.MIGRATION_DATABASE_URL!, NAME);
  await migrate(ownerUrl, { appRole: decodeURIComponent(new URL(process.env.DATABASE_URL!).username) });
  owner = createDb(ownerUrl);
  api = await startTestApi({ databaseUrl: withDatabase(process.env.DATABASE_URL!, NAME) });
  const tables: string[] = (await owner.raw("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'knex%' ORDER BY 1")).rows.map((r: { tablename: string }) => r.tablename);
  const sql = `SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}")::int AS "${t}"`).join(', ')}`;
  countAll = async () => (await owner.raw(sql)).rows[0];

  const officer = await tokens.officer('market-regulation');
  const supervisor = await tokens.supervisor('credit-comprehensive');
  const subject = await api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name: '南京某某建材有限公司', identifier: { type: 'uscc', value: newUscc() } } });
  const agency = await api.call('POST', '/api/v1/agencies', { token: supervisor, body: { name: '某某征信有限公司', uscc: newUscc() } });
  tokenOf = { officer, supervisor, subject: await tokens.subject(subject.body.id), agency: await tokens.agency(agency.body.id) };
});
afterAll(async () => {
  await api?.close();
  await owner?.destroy();
  await dropDatabase(process.env.MIGRATION_DATABASE_URL!, NAME);
});

/** Who the route lets in (its OpenAPI description says), so that the input, not the token, is what is tested. */
function callers(op: any): fc.Arbitrary<string | undefined> {
  if (Array.isArray(op.security) && op.security.length === 0) return fc.constant(undefined);
  const access = /^Access: (.*)$/.exec(op.description ?? '')?.[1] ?? '';
  const roles = access.startsWith('any') ? Object.keys(tokenOf) : access.split(', ');
  return fc.constantFrom(...roles.map((r) => tokenOf[r]));
}

function request(method: string, path: string, op: any) {
  const params = (op.parameters ?? []) as Array<{ name: string; in: string; required: boolean; schema: JsonSchema }>;
  const group = (where: string) => {
    const of = params.filter((p) => p.in === where);
    return arbitraryOf({ type: 'object', properties: Object.fromEntries(of.map((p) => [p.name, p.schema])), required: of.filter((p) => p.required).map((p) => p.name) });
  };
  const bodySchema = op.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined;
  return fc.record({
    token: callers(op),
    path: group('path'),
    query: group('query'),
    body: bodySchema ? arbitraryOf(bodySchema) : fc.constant(undefined),
    key: params.some((p) => p.in === 'header') ? fc.option(fc.stringMatching(/^[\x21-\x7e]{1,220}$/), { nil: undefined }) : fc.constant(undefined),
  }).map(({ token, path: p, query, body, key }) => {
    const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
    // Every UTF-8 byte percent-encoded (a lone surrogate becomes U+FFFD, as in any URL).
    const segment = (v: unknown) => [...Buffer.from(asText(v ?? ''), 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => segment((p as Record<string, unknown> | null)?.[name]));
    const search = new URLSearchParams();
    if (query && typeof query === 'object') {
      for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) if (item !== undefined) search.append(k, asText(item));
    }
    return { method, url: search.size ? `${url}?${search}` : url, token, body: method === 'GET' ? undefined : JSON.stringify(body ?? null), key };
  });
}

/** Counts once nothing moves any more (a successful call may set a workflow writing). */
async function settled(): Promise<Record<string, number>> {
  let last = await countAll();
  for (;;) {
    await sleep(100);
    const now = await countAll();
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
}

const STACK_TRACE = /\n\s+at |\bat [\w.<>$]+ \(|node_modules\/|\.[cm]?[jt]s:\d+:\d+/;

test('the fuzzed document is the one the API serves, with every route', async () => {
  expect((await api.call('GET', '/openapi.json')).body).toEqual(DOCUMENT);
  expect(operations).toHaveLength(ROUTES.length);
});

describe.each(operations)('%s', (name, { method, path, op }) => {
  test(`fuzzed ${RUNS} times: no 5xx, no stack trace, nothing written when refused`, async () => {
    let before = await settled();
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(request(method, path, op), async (r) => {
        const res = await fetch(api.url + r.url, {
          method: r.method,
          headers: { ...(r.token ? { Authorization: `Bearer ${r.token}` } : {}), ...(r.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(r.key ? { 'Idempotency-Key': r.key } : {}) },
          body: r.body,
        });
        const text = await res.text();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const where = `${name} → ${res.status} ${text.slice(0, 300)}`;
        expect({ where, serverError: res.status >= 500 }).toEqual({ where, serverError: false });
        expect({ where, stackTrace: STACK_TRACE.test(text) }).toEqual({ where, stackTrace: false });
        // 431: Node's HTTP parser refuses a request line and headers over 16 KB before the API sees them.
        if (res.status === 431) expect(text).toBe('');
        else if (res.status >= 400) {
          expect({ where, body: JSON.parse(text || 'null') }).toEqual({ where, body: { error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) } });
          expect({ where, counts: await countAll() }).toEqual({ where, counts: before });
        } else {
          // A read writes only in its own request (the inquiry log); a write may set a workflow writing on.
          before = r.method === 'GET' ? await countAll() : await settled();
        }
      }),
      { numRuns: RUNS },
    );
    process.stdout.write(`[fuzz] ${name}: ${Object.entries(statuses).map(([s, n]) => `${s}×${n}`).join(' ')}\n`);
  });
});

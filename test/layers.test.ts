/**
 * What may depend on what (ARCHITECTURE.md, "Layout"): SQL lives only in stores, so an activity opens a
 * transaction and calls store functions, and the API calls stores and services; stores do not depend on document
 * rendering. This reads the source and fails on a query written in an activity or in api/, or a store importing
 * from documents/. No servers needed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const ACTIVITIES = path.join(ROOT, 'activities');
const API = path.join(ROOT, 'api');
const STORES = path.join(ROOT, 'db', 'stores');

/** A query builder or raw SQL on a connection or transaction, or knex itself. `db.transaction(` is allowed. */
const QUERY = [
  /\b(db|trx)\(/, // db('table'), trx('table')
  /\.raw\(/,
  /\b(db|trx)\.(select|from|into|table|insert|update|del|delete|with|union|queryBuilder|schema|fn)\b/,
  /from ['"]knex['"]/,
  /\bknex\(/,
];

const sources = readdirSync(ACTIVITIES)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, lines: readFileSync(path.join(ACTIVITIES, f), 'utf8').split('\n') }));

test('the activities are read', () => {
  expect(sources.map((s) => s.file)).toEqual(expect.arrayContaining(['case-activities.ts', 'document-activities.ts', 'expiry-activities.ts', 'inclusion-activities.ts', 'objection-activities.ts', 'revocation-activities.ts', 'repair-activities.ts']));
});

test.each(sources.map((s) => [s.file, s.lines] as const))('%s holds no query (SQL goes in db/stores/)', (_file, lines) => {
  const queries = lines.flatMap((line, i) => (QUERY.some((q) => q.test(line)) ? [`${i + 1}: ${line.trim()}`] : []));
  expect(queries).toEqual([]);
});

/** Every source of a folder and its subfolders (api/routes/<resource>/...), relative to it. */
function tree(dir: string, under = ''): string[] {
  return readdirSync(path.join(dir, under), { withFileTypes: true }).flatMap((e) => {
    const file = path.join(under, e.name);
    return e.isDirectory() ? tree(dir, file) : file.endsWith('.ts') ? [file] : [];
  });
}

/** The API takes not even knex's types: `db/index.ts` gives it the connection and what it needs of them. */
const API_QUERY = [...QUERY, /knex/i];

test.each(tree(API))('api/%s holds no query (SQL goes in db/stores/)', (file) => {
  const lines = readFileSync(path.join(API, file), 'utf8').split('\n');
  expect(lines.flatMap((line, i) => (API_QUERY.some((q) => q.test(line)) ? [`${i + 1}: ${line.trim()}`] : []))).toEqual([]);
});

test('the API is read, its routes folder by folder', () => {
  expect(tree(API)).toEqual(expect.arrayContaining(['http.ts', path.join('routes', 'subjects', 'index.ts'), path.join('cases', 'start.ts')]));
});

test('the check sees a query', () => {
  const found = (line: string) => QUERY.some((q) => q.test(line));
  expect(["await trx('credit_records').where({ id }).first();", 'await db.raw(`SELECT 1`);', "import type { Knex } from 'knex';", 'trx.fn.now()'].every(found)).toBe(true);
  expect(found('return db.transaction(async (trx) => removeListEntry(trx, input));')).toBe(false);
  expect(API_QUERY.some((q) => q.test("import type { Db } from '../db/knex';"))).toBe(true);
});

test.each(readdirSync(STORES).filter((f) => f.endsWith('.ts')))('db/stores/%s does not import from documents/', (file) => {
  const imported = [...readFileSync(path.join(STORES, file), 'utf8').matchAll(/from ['"](\.[^'"]*)['"]/g)].map((m) => path.resolve(STORES, m[1]));
  expect(imported.filter((p) => p.startsWith(path.join(ROOT, 'documents')))).toEqual([]);
});

/** SQL lives in `db/` (ARCHITECTURE.md): the API's sources build no query of their own, they call the stores. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const API = path.resolve(__dirname, '..', 'api');
/** A knex query (`db('table')`, `trx('table')`, `deps.db.raw(...)`) or anything taken from knex itself. */
const QUERY = /\b(?:db|trx)\(|\.raw\(|knex/i;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? sources(file) : /\.tsx?$/.test(e.name) ? [file] : [];
  });
}

test('no knex query outside db/: every line of api/ that builds one is named', () => {
  const found = sources(API).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, n) => (QUERY.test(line) ? [`${path.relative(API, file)}:${n + 1}: ${line.trim()}`] : [])),
  );
  expect(found).toEqual([]);
});

test('the rule finds what it forbids', () => {
  for (const line of ["await deps.db('cases').where({ id })", "trx('time_limits').insert(row)", "deps.db.raw('select 1')", "import type { Knex } from 'knex';"]) {
    expect(QUERY.test(line)).toBe(true);
  }
  expect(QUERY.test('return deps.db.transaction(async (trx) => findSubject(trx, id));')).toBe(false);
});

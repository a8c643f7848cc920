import knex, { type Knex } from 'knex';
import { types } from 'pg';

// DATE columns stay 'YYYY-MM-DD' strings (dates are Asia/Shanghai calendar days, never instants);
// BIGINT counts come back as numbers.
types.setTypeParser(types.builtins.DATE, (v: string) => v);
types.setTypeParser(types.builtins.INT8, (v: string) => Number(v));

export type Db = Knex;

/**
 * A pool of connections. `durable: false` commits without waiting for the WAL to reach the disk (PostgreSQL's
 * `synchronous_commit = off`): only for counts a crash may lose without harm (the rate limits' windows).
 */
export function createDb(databaseUrl: string, pool = { min: 0, max: 10 }, { durable = true } = {}): Db {
  const afterCreate = (conn: { query(sql: string, done: (err?: Error) => void): void }, done: (err: Error | undefined, conn: unknown) => void) =>
    conn.query('SET synchronous_commit = off', (err) => done(err, conn));
  return knex({ client: 'pg', connection: databaseUrl, pool: durable ? pool : { ...pool, afterCreate } });
}

/**
 * The rows of a hot read, run on one of the pool's connections straight through pg. knex's query path (its runner,
 * its events, its response processing) costs about 80 µs a query: a seventh of the overdue list's whole answer.
 * The SQL has PostgreSQL's own placeholders (`$1`), as pg takes it.
 */
export async function hotRows<Row>(db: Db, sql: string, bindings: readonly unknown[]): Promise<Row[]> {
  const connection = await db.client.acquireConnection();
  try {
    return (await connection.query(sql, bindings)).rows;
  } finally {
    await db.client.releaseConnection(connection);
  }
}

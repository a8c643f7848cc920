/**
 * What the API takes from `db/`: the connection, its types, and whether the database answers. Queries are the
 * stores' (`db/stores/`); nothing outside `db/` builds one.
 */
import type { Knex } from 'knex';
import type { Db } from './knex';

export { createDb, type Db } from './knex';

/** The connection or a transaction on it: a store function given either runs on it. */
export type Trx = Db | Knex.Transaction;

/** The health check's question: does PostgreSQL answer at all. */
export async function databaseAnswers(db: Db): Promise<void> {
  await db.raw('select 1');
}

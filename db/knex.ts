import knex, { type Knex } from 'knex';
import { types } from 'pg';

// DATE columns stay 'YYYY-MM-DD' strings (dates are Asia/Shanghai calendar days, never instants);
// BIGINT counts come back as numbers.
types.setTypeParser(types.builtins.DATE, (v: string) => v);
types.setTypeParser(types.builtins.INT8, (v: string) => Number(v));

export type Db = Knex;

export function createDb(databaseUrl: string, pool = { min: 0, max: 10 }): Db {
  return knex({ client: 'pg', connection: databaseUrl, pool });
}

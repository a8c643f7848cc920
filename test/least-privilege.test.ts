/**
 * Least privilege (ARCHITECTURE.md): the API and the worker connect as a role that is not a superuser, may not
 * alter the schema, and may only add to the audit trail, the inquiry log, the record history and the list-check
 * log. So the application's own connection cannot bypass the audit trail (`session_replication_role`, which
 * would silence its triggers, is refused) and the append-only tables refuse UPDATE, DELETE and TRUNCATE before
 * any trigger runs. Migrations run as the owner.
 */
import { createDb, type Db } from '../db/knex';

const APPEND_ONLY = ['audit_events', 'inquiry_log', 'credit_record_history', 'list_checks'];

let app: Db;
let owner: Db;
beforeAll(() => {
  app = createDb(process.env.DATABASE_URL!);
  owner = createDb(process.env.MIGRATION_DATABASE_URL!);
});
afterAll(async () => {
  await app?.destroy();
  await owner?.destroy();
});

const refusedWith = async (run: () => Promise<unknown>, code: string) => {
  const err = await run().then(() => undefined, (e: { code?: string }) => e);
  expect(err).toMatchObject({ code });
};

test('the application connects as a role that is not a superuser and does not own the schema', async () => {
  const { rows } = await app.raw('SELECT current_user AS name, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user');
  expect(rows[0]).toMatchObject({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
  const owned = await app.raw("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user");
  expect(owned.rows[0].n).toBe(0);
  const migrations = await owner.raw("SELECT tableowner FROM pg_tables WHERE tablename = 'knex_migrations'");
  expect(migrations.rows[0].tableowner).not.toBe(rows[0].name);
});

test('the application cannot switch the audit triggers off with session_replication_role', async () => {
  await refusedWith(() => app.raw('SET session_replication_role = replica'), '42501');
  await refusedWith(() => app.transaction((trx) => trx.raw('SET LOCAL session_replication_role = replica')), '42501');
});

test.each(APPEND_ONLY)('%s: the application may add rows, never change or remove them', async (table) => {
  const [{ id }] = await owner(table).select('id').orderBy('id').limit(1).then((r) => (r.length ? r : [{ id: 0 }]));
  await refusedWith(() => app(table).where({ id }).update({ id }), '42501');
  await refusedWith(() => app(table).where({ id }).delete(), '42501');
  await refusedWith(() => app.raw(`TRUNCATE ${table}`), '42501');
  await refusedWith(() => app.raw(`ALTER TABLE ${table} DISABLE TRIGGER ALL`), '42501');
});

test('the application may add to the append-only logs', async () => {
  const trx = await app.transaction();
  try {
    const [row] = await trx('list_checks').insert({ actor: 'least-privilege-test', role: 'officer', purpose: 'test', identifiers: 1, listed: 0 }).returning('id');
    expect(row.id).toBeDefined();
    await trx('audit_events').insert({ actor: 'least-privilege-test', role: 'officer', action: 'test' });
  } finally {
    await trx.rollback();
  }
});

test('the application may not change the schema', async () => {
  await refusedWith(() => app.raw('CREATE TABLE intruder (id int)'), '42501');
  await refusedWith(() => app.raw('ALTER TABLE cases ADD COLUMN intruder int'), '42501');
  await refusedWith(() => app.raw('DROP TRIGGER audit_events_no_update ON audit_events'), '42501');
  await refusedWith(() => app.raw('CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$'), '42501');
});

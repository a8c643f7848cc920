import type { Knex } from 'knex';

/**
 * Least privilege: nobody but the owner creates objects in the schema (PostgreSQL before 15 let everyone); the
 * application role's grants are given by `migrate(url, { appRole })`.
 *
 * Rate limits shared by every API copy: the counters of rate-limiter-flexible (its own table layout), created
 * here because the application role may not create tables. Idempotency keys keep the first answer's headers.
 *
 * Incidents (ARCHITECTURE.md "Failures are classified"): an activity of a case that failed in a way retrying
 * cannot cure, or that keeps failing, is kept here for supervisors until a later attempt succeeds.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  await db.schema.createTable('activity_incidents', (t) => {
    t.bigIncrements('id');
    /** The workflow ID: a case ID, or a sweep's. */
    t.text('case_id').notNullable();
    t.text('workflow_type').notNullable();
    t.text('department');
    t.text('activity').notNullable();
    /** `data_refused` (not retried), `failing` (retried, for longer than the threshold). */
    t.text('kind').notNullable();
    /** The error, as classified: never the values the activity carried. */
    t.text('error').notNullable();
    t.text('code');
    t.integer('attempts').notNullable();
    t.timestamp('first_failed_at', { useTz: true }).notNullable();
    t.timestamp('last_failed_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true });
    t.index(['department', 'resolved_at']);
  });
  await db.raw('CREATE UNIQUE INDEX activity_incidents_open ON activity_incidents (case_id, activity) WHERE resolved_at IS NULL');
  await db.raw('CREATE TABLE rate_limits (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)');
  await db.schema.alterTable('idempotency_keys', (t) => {
    t.jsonb('response_headers');
    t.index(['created_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('idempotency_keys', (t) => {
    t.dropIndex(['created_at']);
    t.dropColumn('response_headers');
  });
  await db.schema.dropTable('rate_limits');
  await db.schema.dropTable('activity_incidents');
  await db.raw('GRANT CREATE ON SCHEMA public TO PUBLIC');
}

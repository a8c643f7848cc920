import type { Knex } from 'knex';

/**
 * Stop-use-and-remove notices to registered credit service agencies (JS Art 67): one per agency, record and
 * reason, so a rerun of the sweep or a retried repair creates nothing twice.
 */
export async function up(db: Knex): Promise<void> {
  // Written a million at a time by the expiry sweep, so it carries no more indexes than its reads need, and no
  // foreign keys: only the sweep and repair write it, from agencies and records selected in the same transaction
  // (records are never deleted; `deleted` is a state).
  await db.schema.createTable('agency_notices', (t) => {
    t.bigIncrements('id', { primaryKey: false });
    t.uuid('agency_id').notNullable();
    t.uuid('record_id').notNullable();
    t.uuid('subject_id').notNullable();
    /** publicity_ended | repaired | revoked | retention_ended */
    t.text('reason').notNullable();
    /** The case that caused it (a repair, a list removal), if any; the sweep leaves it empty. */
    t.text('case_id');
    /** The day publicity stopped or retention ended. */
    t.date('effective_on').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    /** 24:00 of the last working day to acknowledge (agencyNotice.acknowledgeWorkingDays from creation). */
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('acknowledged_at', { useTz: true });
    t.text('acknowledged_by');
    // An agency reads and acknowledges its own notices, by id: (agency, id) serves both.
    t.primary(['agency_id', 'id']);
    t.unique(['agency_id', 'record_id', 'reason']);
  });
  // Overdue is a SQL fact: unacknowledged and past due.
  await db.raw('CREATE INDEX agency_notices_unacknowledged ON agency_notices (due_at) WHERE acknowledged_at IS NULL');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('agency_notices');
}

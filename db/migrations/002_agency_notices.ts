import type { Knex } from 'knex';

/**
 * Stop-use-and-remove notices to registered credit service agencies (JS Art 67): one per agency, record and
 * reason, so a rerun of the sweep or a retried repair creates nothing twice.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('agency_notices', (t) => {
    t.bigIncrements('id');
    t.uuid('agency_id').notNullable().references('agencies.id');
    t.uuid('record_id').notNullable().references('credit_records.id');
    t.uuid('subject_id').notNullable();
    /** publicity_ended | repaired | revoked | retention_ended */
    t.text('reason').notNullable();
    /** The case that caused it (a repair), if any; the sweep leaves it empty. */
    t.text('case_id');
    /** The day publicity stopped or retention ended. */
    t.date('effective_on').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    /** 24:00 of the last working day to acknowledge (agencyNotice.acknowledgeWorkingDays from creation). */
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('acknowledged_at', { useTz: true });
    t.text('acknowledged_by');
    t.unique(['agency_id', 'record_id', 'reason']);
    t.index(['agency_id', 'id']);
  });
  // Overdue is a SQL fact: unacknowledged and past due.
  await db.raw('CREATE INDEX agency_notices_unacknowledged ON agency_notices (due_at) WHERE acknowledged_at IS NULL');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('agency_notices');
}

import type { Knex } from 'knex';

/**
 * The record history is an append-only log of changes to records that are never deleted (deletion is a state):
 * its foreign key protects nothing and costs the expiry sweep about a quarter of its floor (bench/README.md).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('credit_record_history', (t) => t.dropForeign(['record_id']));
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('credit_record_history', (t) => t.foreign('record_id').references('credit_records.id'));
}

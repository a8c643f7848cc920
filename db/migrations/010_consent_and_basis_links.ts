import type { Knex } from 'knex';

/**
 * A subject's recorded consent to electronic service (DOMAIN.md §3, "Service"), and the credit records a list
 * entry rests on (its basis), so that revoking or deleting one of them takes the entry off the list (§4.1 step 6).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('subjects', (t) => t.jsonb('electronic_service_consent'));
  await db.schema.alterTable('list_entries', (t) => t.specificType('basis_record_ids', 'uuid[]').notNullable().defaultTo('{}'));
  // A mark's role (JS Art 32), printed on the notice served on the person.
  await db.schema.alterTable('credit_records', (t) => t.text('mark_role'));
  await db.raw('CREATE INDEX list_entries_basis_records ON list_entries USING gin (basis_record_ids) WHERE removed_on IS NULL');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('credit_records', (t) => t.dropColumn('mark_role'));
  await db.schema.alterTable('list_entries', (t) => t.dropColumn('basis_record_ids'));
  await db.schema.alterTable('subjects', (t) => t.dropColumn('electronic_service_consent'));
}
